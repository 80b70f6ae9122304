"""What the HTML report makes of the author's text: `esc`, the report's one escaping function,
and `safe_url`, which URLs may become links (plain http(s) only).
"""

from __future__ import annotations

import html
import re

from positions._report.safe import visible

__all__ = ["esc", "safe_url"]


def esc(text: str) -> str:
    """Author text made safe for HTML (element content and quoted attribute values alike):
    one line with control characters and bidi overrides shown as escapes (`safe.visible`),
    then `& < > " '` as character references. The one place the report escapes."""
    return html.escape(visible(text), quote=True)


_HTTP = re.compile(r"https?://[^\s\x00-\x1f\x7f-\x9f\"'<>\\`]+", re.IGNORECASE)


def safe_url(url: str | None) -> str | None:
    """`url` when it is a plain http(s) URL, else None: `javascript:`, `data:` and every
    other scheme never become a link."""
    if url is None or not _HTTP.fullmatch(url):
        return None
    return url
