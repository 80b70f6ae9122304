"""Module attributes imported on first use, so that importing a façade module stays cheap."""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # typing is not imported at run time: `positions --help` stays fast
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any


def lazy_attributes(
    module: str, homes: dict[str, str], prefix: str, namespace: dict[str, Any]
) -> Callable[[str], Any]:
    """A module `__getattr__` that imports `name` from `prefix + homes[name]` on first use and
    keeps it in `namespace` (the module's globals), so later look-ups are plain."""

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(prefix + home), name)
        namespace[name] = value
        return value

    return __getattr__
