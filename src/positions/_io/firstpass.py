"""The first pass over a raw document: each issue's scale, the default date, every id and
reference checked, and the document readied for the converter."""

import datetime as dt
from typing import Any

from positions._io.common import (
    LISTS,
    SLUG,
    SUPPORTED_VERSIONS,
    Format,
    Invalid,
    Located,
    Parts,
    choices,
    format_path,
    short,
    suggest,
)
from positions._io.convert import date_hook
from positions._io.hooks import Bound, Memo, ready_outcomes, scale_hook
from positions.outcomes import (
    Scale,
    describe_value,
)

# ---------------------------------------------------------------------------------------------
# the first pass: scales, dates, ids and references, read from the raw document


class Pass:
    def __init__(self, raw: dict[str, Any], fmt: Format) -> None:
        self.raw = raw
        self.fmt = fmt
        self.problems: list[tuple[Parts, str]] = []
        self.broken: set[str] = set()  # lists that are not lists: no reference into them is checked
        self._sets: dict[int, tuple[list[str], set[str]]] = {}  # id of a list of names -> its set
        self.memo: Memo = {}  # the outcome sets read so far (see hooks.read_outcomes)
        self._date = date_hook(fmt)  # one hook, and one cache of the date strings it has read

    def add(self, parts: Parts, message: str) -> None:
        self.problems.append((parts, message))

    def items(self, key: str) -> list[tuple[int, dict[str, Any]]]:
        value = self.raw.get(key, [])
        if not isinstance(value, list):
            return []
        return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)]

    def date(self, v: Any) -> dt.date | None:
        try:
            return self._date(v, dt.date)
        except Invalid:
            return None

    def ids(self, key: str, shared: dict[str, Parts] | None = None) -> list[str]:
        seen: dict[str, Parts] = {} if shared is None else shared
        found: list[str] = []
        for i, item in self.items(key):
            ident = item.get("id")
            if not isinstance(ident, str):
                continue  # reported by the converter
            if not SLUG.match(ident):
                self.add(
                    (key, i, "id"),
                    f"{short(ident)} is not a slug id: use lowercase "
                    "letters, digits and '-' (e.g. 'full-withdrawal')",
                )
            elif ident in seen:
                first = format_path(seen[ident])
                self.add((key, i, "id"), f"duplicate id {short(ident)} (first defined at {first})")
            else:
                seen[ident] = (key, i)
            found.append(ident)
        return found

    def ref(self, parts: Parts, value: Any, kind: str, names: list[str]) -> None:
        if not isinstance(value, str):
            return  # a wrong type is reported by the converter
        known = self._sets.get(id(names))
        if known is None:
            known = self._sets[id(names)] = (names, set(names))
        if value in known[1]:
            return
        if self.broken and any(k in self.broken for k in kind.split(" or ")):
            return
        plural = PLURALS.get(kind, kind + "s")
        unique = list(dict.fromkeys(names))
        self.add(
            parts,
            f"unknown {kind} {short(value)} ({plural}: {choices(unique)}){suggest(value, unique)}",
        )

    def conditions(
        self, parts: Parts, raw: Any, issue: Any, scales: dict[str, Scale | None]
    ) -> Any:
        """A stance's `when` readied for its hook: one condition (a table) or a list of them,
        each bound to the scales; a condition on the stance's own issue is reported here."""
        items = [(parts, raw)] if isinstance(raw, dict) else []
        if isinstance(raw, list):
            if not raw:
                self.add(parts, "an empty list of conditions: list at least one, or leave out when")
            items = [((*parts, j), c) for j, c in enumerate(raw)]
        for at, condition in items:
            if (
                isinstance(condition, dict)
                and isinstance(issue, str)
                and condition.get("issue") == issue
            ):
                self.add(
                    (*at, "issue"),
                    f"a condition on the stance's own issue {short(issue)}: a stance cannot depend "
                    "on its own outcome (put the condition on another issue or a milestone)",
                )
        if isinstance(raw, dict):
            return Bound(raw, scales, memo=self.memo)
        if isinstance(raw, list):
            return [Bound(c, scales, memo=self.memo) for c in raw]
        return raw  # reported by the hook

    def ref_conditions(
        self, parts: Parts, bound: Any, issues: list[str], milestones: list[str]
    ) -> None:
        items = [(parts, bound)] if isinstance(bound, Bound) else []
        if isinstance(bound, list):
            items = [((*parts, j), c) for j, c in enumerate(bound)]
        for at, condition in items:
            self.ref_requirement(at, condition.raw, issues, milestones)

    def ref_requirement(
        self, parts: Parts, raw: Any, issues: list[str], milestones: list[str]
    ) -> None:
        """The references of a requirement or condition: its issue or milestone."""
        if not isinstance(raw, dict):
            return
        if isinstance(raw.get("issue"), str):
            self.ref((*parts, "issue"), raw["issue"], "issue", issues)
        if isinstance(raw.get("milestone"), str):
            self.ref((*parts, "milestone"), raw["milestone"], "milestone", milestones)


PLURALS = {"party": "parties", "issue or milestone": "issues and milestones"}


def first_pass(raw: dict[str, Any], fmt: Format) -> tuple[dict[str, Any], Pass]:
    """Checks ids and references; returns a copy of the document ready for the converter."""
    p = Pass(raw, fmt)
    fmt_version = raw.get("format", 1)
    if type(fmt_version) is not int or fmt_version not in SUPPORTED_VERSIONS:
        p.add(
            ("format",),
            f"unsupported format {describe_value(fmt_version)} (supported: "
            f"{', '.join(map(str, SUPPORTED_VERSIONS))})",
        )
    schema = raw.get("$schema")
    if "$schema" in raw and not isinstance(schema, str):
        p.add(
            ("$schema",), f"expected the schema's address as a string, got {describe_value(schema)}"
        )
    for key in LISTS:
        if key in raw and not isinstance(raw[key], list):
            p.add((key,), f"expected a list of [[{key}]] tables, got {describe_value(raw[key])}")
            p.broken.add(key)
    header = raw.get("case")
    if not isinstance(header, dict):
        p.add(
            ("case",),
            "expected a [case] table with id and title, got "
            f"{'nothing' if header is None else describe_value(header)}",
        )
        header = {}
    case_id = header.get("id")
    if isinstance(case_id, str) and not SLUG.match(case_id):
        p.add(
            ("case", "id"),
            f"{short(case_id)} is not a slug id: use lowercase letters, digits and '-'",
        )
    sources = p.ids("source")
    parties = p.ids("party")
    nodes: dict[str, Parts] = {}
    issues = p.ids("issue", nodes)
    milestones = p.ids("milestone", nodes)
    p.ids("package")

    scales: dict[str, Scale | None] = {}
    alike: dict[Scale, Scale] = {}  # one object per scale: issues with equal scales share it
    read: dict[int, Scale] = {}  # by id() of an issue's table, its scale as read here
    for _, item in p.items("issue"):
        ident = item.get("id")
        if isinstance(ident, str) and ident not in scales:  # a duplicate is reported above
            try:
                scale = scale_hook(item.get("scale"), Scale)
            except (Invalid, Located):
                scales[ident] = None  # reported by the converter
            else:
                scales[ident] = read[id(item)] = alike.setdefault(scale, scale)

    for i, party in p.items("party"):
        members = party.get("member", [])
        if isinstance(members, list):
            for j, m in enumerate(members):
                if isinstance(m, dict):
                    p.ref(("party", i, "member", j, "source"), m.get("source"), "source", sources)
    for i, m in p.items("milestone"):
        follows = m.get("follows", [])
        if isinstance(follows, list):
            for j, f in enumerate(follows):
                p.ref(("milestone", i, "follows", j), f, "milestone", milestones)
        p.ref(("milestone", i, "source"), m.get("source"), "source", sources)
    if "single_undertaking" in header:
        p.ref(
            ("case", "single_undertaking"),
            header["single_undertaking"],
            "milestone",
            milestones,
        )

    # dates: the default snapshot date (the latest date of the records when [case] has none)
    default = p.date(header.get("as_of")) if "as_of" in header else None
    if "as_of" not in header:
        dates: list[dt.date] = []
        for key, field in (
            ("stance", "as_of"),
            ("precondition", "as_of"),
            ("package", "date"),
            ("milestone", "reached"),
        ):
            for _, item in p.items(key):
                d = p.date(item.get(field))
                if d is not None:
                    dates.append(d)
        if dates:
            default = max(dates)

    # What this pass reports is not left for the converter to report again: it gets stand-ins.
    doc = {k: v for k, v in raw.items() if k not in ("format", "$schema") and k not in p.broken}
    if read:  # the converter takes each scale as read here instead of reading it again
        doc["issue"] = [
            {**item, "scale": read[id(item)]} if id(item) in read else item for item in raw["issue"]
        ]
    filled = native_date(dt.date.min if default is None else default, fmt)
    needs_date = default is None and "as_of" not in header  # (a bad case.as_of: the converter)
    if not isinstance(raw.get("case"), dict):
        doc["case"] = {"id": "case", "title": "", "as_of": filled}
        needs_date = False
    elif "as_of" not in header:
        doc["case"] = {**header, "as_of": filled}
    undated = 0
    nodes_list = issues + milestones
    # a known id passes with one look-up; anything else (unknown, not a string, absent) goes
    # through `ref`, which reports it or leaves it to the converter
    known_parties, known_sources, known_issues = set(parties), set(sources), set(issues)
    known_milestones, known_nodes = set(milestones), set(nodes_list)
    memo = p.memo
    for key in ("stance", "precondition"):
        items = raw.get(key)
        if not isinstance(items, list):
            continue
        new_items: list[Any] = []
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                new_items.append(item)
                continue
            item = dict(item)
            if "as_of" not in item:
                item["as_of"] = filled
                if needs_date:
                    undated += 1
                    p.add(
                        (key, i),
                        "no as_of, and the case has no date to default to: add as_of "
                        "here or in [case]",
                    )
            by, source = item.get("party"), item.get("source")
            if type(by) is not str or by not in known_parties:
                p.ref((key, i, "party"), by, "party", parties)
            if not (source is None or (type(source) is str and source in known_sources)):
                p.ref((key, i, "source"), source, "source", sources)
            if key == "stance":
                issue = item.get("issue")
                if type(issue) is not str or issue not in known_issues:
                    p.ref((key, i, "issue"), issue, "issue", issues)
                on = scales.get(issue) if type(issue) is str else None  # (the issue's scale)
                if "demand" in item:
                    item["demand"] = ready_outcomes(item["demand"], on, scales, issue, memo)
                if "red_line" in item:
                    item["red_line"] = ready_outcomes(item["red_line"], on, scales, issue, memo)
                if "when" in item:
                    item["when"] = p.conditions((key, i, "when"), item["when"], issue, scales)
                    p.ref_conditions((key, i, "when"), item["when"], issues, milestones)
                if item.get("retracted") is True:
                    for field in ("demand", "red_line"):
                        if field in item:
                            p.add((key, i, field), "a retracted stance takes no demand or red_line")
                elif "demand" not in item and "red_line" not in item:
                    p.add(
                        (key, i),
                        "a stance needs demand or red_line (or both), unless retracted = true",
                    )
            else:
                req = item.get("requires")
                if not _names_known(req, known_issues, known_milestones):
                    p.ref_requirement((key, i, "requires"), req, issues, milestones)
                if "requires" in item:
                    item["requires"] = Bound(req, scales, memo=memo)
                before = item.get("before")
                if type(before) is not str or before not in known_nodes:
                    p.ref((key, i, "before"), before, "issue or milestone", nodes_list)
            new_items.append(item)
        doc[key] = new_items
    packages = raw.get("package")
    if isinstance(packages, list):
        new_packages: list[Any] = []
        for i, item in enumerate(packages):
            if isinstance(item, dict):
                item = ready_package(p, ("package", i), item, sources, scales)
            new_packages.append(item)
        doc["package"] = new_packages
    if needs_date and not undated:  # nothing to default, but the case itself needs a date
        p.add(("case",), "the case has no date to default to: add as_of to [case]")
    return doc, p


def _names_known(req: Any, issues: set[str], milestones: set[str]) -> bool:
    """Whether a requirement names one known issue or milestone: nothing for `ref_requirement`
    to report (a known reference passes with a look-up or two, as a stance's do)."""
    if type(req) is not dict:
        return False
    if "milestone" in req:
        node = req["milestone"]
        return "issue" not in req and type(node) is str and node in milestones
    node = req.get("issue")
    return type(node) is str and node in issues


def ready_package(
    p: Pass, at: Parts, item: dict[str, Any], sources: list[str], scales: dict[str, Scale | None]
) -> dict[str, Any]:
    """A package's table readied for the converter, its source and rules checked: one set of
    rules for the packages of a case and for a proposal file."""
    item = dict(item)
    p.ref((*at, "source"), item.get("source"), "source", sources)
    if "outcomes" in item:
        item["outcomes"] = Bound(item["outcomes"], scales)
    if item.get("kind") == "status-quo" and "date" not in item:
        p.add(at, "a status-quo package needs a date")
    return item


def native_date(d: dt.date, fmt: Format) -> Any:
    return d if fmt == "toml" else d.isoformat()
