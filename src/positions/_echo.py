"""How an error message echoes what a file holds: a value is cut to its first 80 characters, with
its length, and a list of names to its first twelve, so that one problem stays one short line
however large the value (a 2 MB key, a 20,000-level scale)."""

from collections.abc import Iterable

__all__ = ["LIMIT", "choices", "cut", "short"]

#: characters of a value an error message shows
LIMIT = 80


def cut(text: str, limit: int = LIMIT) -> str:
    """`text`, or its first `limit` characters and an ellipsis."""
    return text if len(text) <= limit else text[:limit] + "…"


def short(text: str, limit: int = LIMIT) -> str:
    """`text` quoted (repr), cut to `limit` characters with its length when longer:
    `'aaaa…' (2,000,000 characters)`."""
    if len(text) <= limit:
        return repr(text)
    return f"{cut(text, limit)!r} ({len(text):,} characters)"


def choices(names: Iterable[str], limit: int = 12) -> str:
    """Names for 'expected one of': the first `limit`, each cut short, and how many in all."""
    names = list(names)
    if not names:
        return "none defined"
    shown = ", ".join(cut(n) for n in names[:limit])
    return shown + (f", … ({len(names):,} in all)" if len(names) > limit else "")
