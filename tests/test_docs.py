"""The documentation shows real output: every example runs, and cli.md matches the parser."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = (
    "index",
    "tutorial",
    "concepts",
    "case-format",
    "spreadsheet",
    "cli",
    "python-api",
    "testing",
)


def _script(name: str) -> ModuleType:
    """A script from docs/, imported as a module."""
    spec = importlib.util.spec_from_file_location(f"_docs_{name}", DOCS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


refresh = _script("refresh")
generate_cli = _script("generate_cli")


def _pages() -> list[Path]:
    pages: list[Path] = refresh.doc_files()
    return pages


@pytest.mark.parametrize("page", _pages(), ids=lambda p: p.name)
def test_docs_examples_show_real_output(page: Path) -> None:
    """Every console and Python example of the page runs and shows its exact output."""
    problems, _ = refresh.examine(page)
    assert [] == [str(p) for p in problems]


def test_docs_pages_exist() -> None:
    """The documentation has its pages, and README.md is among the pages checked."""
    assert [] == [p for p in PAGES if not (DOCS / f"{p}.md").is_file()]
    if (ROOT / "README.md").is_file():
        assert ROOT / "README.md" in _pages()


def test_docs_run_examples() -> None:
    """The tutorial and the reference pages hold examples that run (not only prose)."""
    for name in ("tutorial", "case-format", "concepts"):
        lines = (DOCS / f"{name}.md").read_text(encoding="utf-8").split("\n")
        consoles = [b for b in refresh.blocks(lines) if b.lang == "console"]
        assert consoles, name
    for name in ("python-api", "testing"):
        text = (DOCS / f"{name}.md").read_text(encoding="utf-8")
        assert "```python\n>>> " in text, name


def _anchors(page: Path) -> set[str]:
    """The anchors of a page's headings, as GitHub makes them."""
    lines = page.read_text(encoding="utf-8").split("\n")
    in_code = {i for b in refresh.blocks(lines) for i in range(b.start - 1, b.start + len(b.lines))}
    anchors = set()
    for i, line in enumerate(lines):
        if line.startswith("#") and i not in in_code:
            title = line.lstrip("#").strip().lower()
            anchors.add(re.sub(r"[^\w\- ]", "", title).replace(" ", "-"))
    return anchors


def test_docs_links_resolve() -> None:
    """Every relative link between the pages points at a file, and a heading, that exist."""
    broken = []
    for page in _pages():
        text = page.read_text(encoding="utf-8")
        for target, anchor in re.findall(r"\]\(([^)#:\s]*)(?:#([^)\s]*))?\)", text):
            path = page.parent / target if target else page
            if not path.is_file() or (anchor and anchor not in _anchors(path)):
                broken.append(f"{page.name}: {target}#{anchor}")
    assert [] == broken


def test_cli_md_is_current() -> None:
    """docs/cli.md is what docs/generate_cli.py writes from the parser today."""
    assert generate_cli.render() == (DOCS / "cli.md").read_text(encoding="utf-8"), (
        "docs/cli.md is stale: run python docs/generate_cli.py"
    )


def test_cli_md_covers_every_command() -> None:
    """Every subcommand has its section in docs/cli.md."""
    from positions.cli import COMMANDS

    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert [] == [c for c in COMMANDS if f"## `positions {c}`" not in text]


def test_generate_cli_check_fails_when_stale(tmp_path: Path) -> None:
    """`generate_cli.py --check` exits 1 on a stale file; a rewrite makes it pass."""
    target = tmp_path / "cli.md"
    target.write_text(generate_cli.render().replace("schema", "schemas"), encoding="utf-8")
    assert 1 == generate_cli.main(["--check"], path=target)
    assert 0 == generate_cli.main([], path=target)
    assert 0 == generate_cli.main(["--check"], path=target)


PAGE = """\
# A page

```console
$ positions show --what parties --format csv
Id,Name
```

```python
>>> 1 + 1
3
```
"""


def test_refresh_finds_and_fixes_drift(tmp_path: Path) -> None:
    """A wrong shown output is found; a refresh writes the real one; a wrong doctest stays."""
    page = tmp_path / "page.md"
    page.write_text(PAGE, encoding="utf-8")
    problems, new = refresh.examine(page, rewrite=True)
    assert [True, False] == [p.fixable for p in problems]
    assert "\nsyria,Syria,principal,state," in new
    page.write_text(new.replace("3\n```", "2\n```"), encoding="utf-8")
    assert [] == refresh.examine(page)[0]


def test_refresh_compares_mermaid_with_graph(tmp_path: Path) -> None:
    """A mermaid block must repeat the --graph mermaid output above it."""
    page = tmp_path / "page.md"
    page.write_text(
        "```console\n$ positions preconditions --graph mermaid\n```\n\n```mermaid\nflowchart LR\n```\n",
        encoding="utf-8",
    )
    problems, _ = refresh.examine(page)
    assert 2 == len(problems)
    assert "mermaid block differs" in problems[1].message


def test_refresh_runs_only_positions(tmp_path: Path) -> None:
    """A console block may only hold `positions` commands: others belong in a sh block."""
    page = tmp_path / "page.md"
    page.write_text("```console\n$ pip install positions\n```\n", encoding="utf-8")
    problems, _ = refresh.examine(page)
    assert 1 == len(problems)
    assert "sh" in problems[0].message


def test_refresh_writes_file_blocks(tmp_path: Path) -> None:
    """A `file=NAME` block is written where the page's examples run, so they can load it."""
    page = tmp_path / "page.md"
    page.write_text(
        '```toml file=tiny.toml\n[case]\nid = "tiny"\ntitle = "Tiny"\nas_of = 2030-01-01\n```\n\n'
        "```python\n>>> import positions\n>>> positions.load(\"tiny.toml\").title\n'Tiny'\n```\n",
        encoding="utf-8",
    )
    assert [] == refresh.examine(page)[0]
    assert not (tmp_path / "tiny.toml").exists()


def test_case_format_page_names_every_key() -> None:
    """Every key the schema knows (so every key the loader accepts) is named in case-format.md."""
    from positions.schema import case_schema

    keys: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            keys.update(node.get("properties", {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(case_schema())
    text = (DOCS / "case-format.md").read_text(encoding="utf-8")
    assert len(keys) > 40
    assert [] == sorted(k for k in keys if f"`{k}`" not in text and f"`{k} =" not in text)
