"""A small helper for tests: a case from a few lines of TOML on top of a common header."""

from __future__ import annotations

import positions

HEADER = """
[case]
id = "t"
title = "Test case"
as_of = 2030-06-01

[[source]]
id = "s"
title = "Source"

[[party]]
id = "a"
name = "Alpha"

[[party]]
id = "b"
name = "Beta"

[[party]]
id = "c"
name = "Gamma"

[[issue]]
id = "w"
title = "Withdrawal"
scale = { kind = "ordinal", levels = ["none", "partial", "full"] }

[[issue]]
id = "km"
title = "Zone depth"
scale = { kind = "numeric", unit = "km", min = 0, max = 60 }

[[issue]]
id = "mon"
title = "Monitors"
scale = { kind = "categorical", options = ["un", "joint", "none"] }
"""


def case(body: str) -> positions.Case:
    return positions.loads(HEADER + body)


def stance(party: str, issue: str, *, demand: str | None = None, red_line: str | None = None,
           as_of: str = "2030-01-01", extra: str = "") -> str:  # fmt: skip
    lines = ["[[stance]]", f'party = "{party}"', f'issue = "{issue}"', f"as_of = {as_of}",
             'basis = "reported"', 'source = "s"']  # fmt: skip
    if demand is not None:
        lines.append(f"demand = {demand}")
    if red_line is not None:
        lines.append(f"red_line = {red_line}")
    if extra:
        lines.append(extra)
    return "\n".join(lines) + "\n"
