"""The bundled real cases: `seeds/` in a source tree, `positions/seeds/` in an installed wheel."""

from __future__ import annotations

from pathlib import Path

from positions.model import Case

__all__ = ["DEFAULT_ID", "bundled", "bundled_ids", "bundled_path", "seeds_dir"]

DEFAULT_ID = "syria-israel-2026"


def seeds_dir() -> Path:
    here = Path(__file__).resolve().parent
    installed = here / "seeds"
    if installed.is_dir():
        return installed
    return here.parent.parent / "seeds"  # an editable install or a source checkout


def bundled_ids() -> list[str]:
    """The ids of the bundled cases, sorted; the default first."""
    folder = seeds_dir()
    ids = (
        sorted(p.stem for p in folder.iterdir() if p.suffix in (".toml", ".json") and p.is_file())
        if folder.is_dir()
        else []
    )
    return sorted(ids, key=lambda i: (i != DEFAULT_ID, i))


def bundled_path(id: str | None = None) -> Path:
    ident = DEFAULT_ID if id is None else id
    folder = seeds_dir()
    for suffix in (".toml", ".json"):
        path = folder / f"{ident}{suffix}"
        if path.is_file():
            return path
    from positions.errors import UsageError

    raise UsageError(f"no bundled case {ident!r} (bundled: {', '.join(bundled_ids())})")


def bundled(id: str | None = None) -> Case:
    """A bundled case by id; by default the Syria–Israel talks of January 2026."""
    from positions.io import load

    return load(bundled_path(id))
