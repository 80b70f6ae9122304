"""A JSON Schema (draft 2020-12) of the case file format, for editors and other programs.

The schema describes the file as JSON (dates are `"YYYY-MM-DD"` strings); TOML editors that
validate against JSON Schema (Taplo, Even Better TOML) read TOML dates as such strings too. It
checks structure only: keys, types, enums, required keys and slugs. What needs the whole file to
decide (does a reference resolve, is a level one of its issue's scale, is a date real) is checked
by loading the case, which is always the final word.

    >>> from positions.schema import case_schema
    >>> case_schema()["$schema"]
    'https://json-schema.org/draft/2020-12/schema'
"""

from __future__ import annotations

import typing
from typing import Any

from positions.model import BASES, MemberRole, PackageKind, PartyKind, PartyRole, Priority
from positions.outcomes import ScaleKind

__all__ = ["DATE_PATTERN", "SCHEMA_ID", "SLUG_PATTERN", "case_schema"]

JSON = dict[str, Any]

SCHEMA_ID = "urn:positions:case-format:1"
#: the slugs `positions.io` accepts, as an ECMA-262 pattern
SLUG_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
DATE_PATTERN = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
#: the keys each kind of scale takes
SCALE_KEYS: dict[ScaleKind, tuple[str, ...]] = {
    "ordinal": ("kind", "levels"),
    "categorical": ("kind", "options"),
    "binary": ("kind",),
    "numeric": ("kind", "unit", "min", "max"),
}


def _choices(literal: Any) -> tuple[str, ...]:
    """The values of a `Literal[...]` type of the model."""
    return tuple(typing.get_args(literal))


def _ref(name: str, description: str | None = None) -> JSON:
    node: JSON = {"$ref": f"#/$defs/{name}"}
    if description is not None:
        node["description"] = description
    return node


def _string(description: str) -> JSON:
    return {"type": "string", "description": description}


def _enum(values: tuple[str, ...], description: str) -> JSON:
    return {"type": "string", "enum": list(values), "description": description}


def _table(
    description: str, properties: JSON, required: tuple[str, ...] = (), **extra: Any
) -> JSON:
    node: JSON = {"type": "object", "description": description, "properties": properties}
    if required:
        node["required"] = list(required)
    node["additionalProperties"] = False
    node.update(extra)
    return node


def _list_of(item: JSON, description: str) -> JSON:
    return {"type": "array", "description": description, "items": item}


def _defs() -> JSON:
    slug = {
        "type": "string",
        "pattern": SLUG_PATTERN,
        "description": "A slug id: lowercase letters, digits and '-'.",
    }
    date = {
        "type": "string",
        "format": "date",
        "pattern": DATE_PATTERN,
        "description": "A date, YYYY-MM-DD (in TOML, an unquoted local date).",
    }
    value = {
        "description": "One outcome: a level or option id, or a number on a numeric scale.",
        "anyOf": [_ref("slug"), {"type": "number"}],
    }
    value_list = {
        "type": "array",
        "items": _ref("slug"),
        "minItems": 1,
        "uniqueItems": True,
    }
    set_properties: JSON = {
        "is": _ref("value", "That one outcome."),
        "one_of": {**value_list, "description": "Any of these outcomes (finite scales)."},
        "none_of": {**value_list, "description": "All outcomes but these (finite scales)."},
        "at_least": _ref("value", "The lower end of a closed range (ordered scales)."),
        "at_most": _ref("value", "The upper end of a closed range (ordered scales)."),
        "unit": _string(
            "Numeric scales: the scale's unit, as positions' own JSON output writes it "
            "(optional; any other unit is an error)."
        ),
    }
    # exactly one of: is, one_of, none_of, or at_least and/or at_most
    set_forms = [
        {"required": ["is"], "propertyNames": {"enum": ["issue", "is", "unit"]}},
        {"required": ["one_of"], "propertyNames": {"enum": ["issue", "one_of"]}},
        {"required": ["none_of"], "propertyNames": {"enum": ["issue", "none_of"]}},
        {
            "anyOf": [{"required": ["at_least"]}, {"required": ["at_most"]}],
            "propertyNames": {"enum": ["issue", "at_least", "at_most", "unit"]},
        },
    ]
    level = {
        "description": "A level or option: its slug id, or a table with the id and a label.",
        "anyOf": [
            _ref("slug"),
            _table(
                "A level or option with a label.",
                {
                    "id": _ref("slug", "The level's id, used in outcome sets."),
                    "label": _string("How the level reads in reports."),
                },
                required=("id",),
            ),
        ],
    }
    levels = {
        "type": "array",
        "items": level,
        "minItems": 2,
        "uniqueItems": True,
    }
    scale = {
        "type": "object",
        "description": "The outcomes an issue can have: ordinal, categorical, binary or numeric.",
        "properties": {
            "kind": _enum(
                tuple(SCALE_KEYS),
                "ordinal: ordered levels; categorical: unordered options; binary: 'no' < 'yes'; "
                "numeric: numbers, optionally with a unit and bounds.",
            ),
            "levels": {**levels, "description": "Ordinal scale: the levels, listed low to high."},
            "options": {**levels, "description": "Categorical scale: the options, unordered."},
            "unit": _string("Numeric scale: the unit, e.g. 'km'."),
            "min": {"type": "number", "description": "Numeric scale: the lowest allowed value."},
            "max": {"type": "number", "description": "Numeric scale: the highest allowed value."},
        },
        "required": ["kind"],
        "additionalProperties": False,
        "allOf": [
            {
                "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                "then": {
                    "required": [k for k in keys if k in ("kind", "levels", "options")],
                    "propertyNames": {"enum": list(keys)},
                },
            }
            for kind, keys in SCALE_KEYS.items()
        ],
    }
    outcome_set = {
        "description": "An outcome set: a bare value, a list (any of these), or a table with "
        "is, one_of, none_of, or at_least and/or at_most.",
        "anyOf": [
            _ref("value"),
            {**value_list, "description": "Any of these outcomes (finite scales)."},
            {
                "type": "object",
                "properties": set_properties,
                "additionalProperties": False,
                "minProperties": 1,
                "oneOf": set_forms,
            },
        ],
    }
    requirement = {
        "description": 'What is required: { issue = "id", <outcome set keys> } or '
        '{ milestone = "id" }.',
        "oneOf": [
            _table(
                "An issue's outcome in a set.",
                {"issue": _ref("slug", "The issue id."), **set_properties},
                required=("issue",),
                oneOf=set_forms,
            ),
            _table(
                "A milestone reached.",
                {"milestone": _ref("slug", "The milestone id.")},
                required=("milestone",),
            ),
        ],
    }
    condition = {
        **requirement,
        "description": 'A condition: { issue = "id", <outcome set keys> } (that issue\'s outcome '
        'lies in the set) or { milestone = "id" } (reached).',
    }
    return {
        "slug": slug,
        "date": date,
        "value": value,
        "outcome_set": outcome_set,
        "requirement": requirement,
        "condition": condition,
        "scale": scale,
        "basis": _enum(
            BASES,
            "Where the claim comes from: stated (the party's own words), reported (a source "
            "describes it), inferred (the analyst reads it).",
        ),
    }


def _properties() -> JSON:
    basis = _ref("basis", "Where the claim comes from: stated, reported or inferred.")
    source_ref = _ref("slug", "A [[source]] id.")
    quote = _string("A short excerpt from the source supporting the claim.")
    note = _string("An analyst's note.")
    as_of = _ref("date", "From when the claim holds; default: case.as_of.")
    retracted = {
        "type": "boolean",
        "description": "true: from as_of on, the party no longer holds this.",
    }
    case = _table(
        "The case: one negotiation.",
        {
            "id": _ref("slug", "The case id."),
            "title": _string("The case title."),
            "summary": _string("Free text."),
            "as_of": _ref(
                "date", "The default snapshot date; default: the latest date in the file."
            ),
            "single_undertaking": _ref(
                "slug",
                "A milestone id: until it is reached, every agreement is provisional "
                "(nothing is agreed until everything is agreed).",
            ),
        },
        required=("id", "title"),
    )
    source = _table(
        "A source that claims cite by id.",
        {
            "id": _ref("slug", "The source id."),
            "title": _string("The title of the report, statement or document."),
            "publisher": _string("Who published it."),
            "date": _ref("date", "When it was published."),
            "url": _string("Where to read it."),
        },
        required=("id", "title"),
    )
    member = _table(
        "A person in a party's delegation or leadership.",
        {
            "name": _string("The person's name."),
            "title": _string("Their office or function."),
            "role": _enum(_choices(MemberRole), "Their role in the talks."),
            "source": source_ref,
            "note": note,
        },
        required=("name",),
    )
    party = _table(
        "A party to the negotiation.",
        {
            "id": _ref("slug", "The party id."),
            "name": _string("The party's name."),
            "role": {
                **_enum(_choices(PartyRole), "The party's role; default: principal."),
                "default": "principal",
            },
            "kind": _enum(_choices(PartyKind), "What kind of actor the party is."),
            "aliases": _list_of({"type": "string"}, "Other names for the party, in any script."),
            "member": _list_of(member, "People in the party's delegation or leadership."),
        },
        required=("id", "name"),
    )
    issue = _table(
        "An issue on the table.",
        {
            "id": _ref("slug", "The issue id (issues and milestones share one namespace)."),
            "title": _string("The issue's title."),
            "description": _string("Free text."),
            "scale": _ref(
                "scale", "The outcomes the issue can have; `kind` says which other keys apply."
            ),
            "codes": _list_of(
                {"type": "string"}, "Cross-references to external codebooks, e.g. 'pax:SsrFf'."
            ),
            "short": _string("A short label for narrow tables."),
        },
        required=("id", "title", "scale"),
    )
    milestone = _table(
        "A step of the process, for sequencing.",
        {
            "id": _ref("slug", "The milestone id (issues and milestones share one namespace)."),
            "label": _string("What the step is."),
            "reached": _ref("date", "When it happened."),
            "follows": _list_of(_ref("slug"), "Milestones that must come first."),
            "source": _ref("slug", "A [[source]] id: where its reaching is reported."),
        },
        required=("id", "label"),
    )
    package = _table(
        "A named set of outcomes, one per issue it covers.",
        {
            "id": _ref("slug", "The package id."),
            "kind": _enum(
                _choices(PackageKind),
                "status-quo: the situation at its date; reference: a yardstick; "
                "proposal: a draft or agenda.",
            ),
            "label": _string("What the package is."),
            "date": _ref("date", "Its date; required for a status-quo package."),
            "outcomes": {
                "type": "object",
                "description": "Issue id = one outcome (single values only).",
                "propertyNames": _ref("slug"),
                "additionalProperties": _ref("value"),
                "minProperties": 1,
            },
            "basis": basis,
            "source": source_ref,
            "quote": quote,
            "note": note,
        },
        required=("id", "kind", "outcomes"),
        allOf=[
            {
                "if": {"properties": {"kind": {"const": "status-quo"}}, "required": ["kind"]},
                "then": {"required": ["date"]},
            }
        ],
    )
    stance = _table(
        "One party's position on one issue at one date.",
        {
            "party": _ref("slug", "The party id."),
            "issue": _ref("slug", "The issue id."),
            "as_of": as_of,
            "demand": _ref("outcome_set", "What the party asks for (an outcome set)."),
            "red_line": _ref(
                "outcome_set", "The outcomes the party can accept; omitted = not known."
            ),
            "priority": _enum(_choices(Priority), "How much the issue matters to it."),
            "basis": basis,
            "demand_basis": _ref("basis", "The demand's own basis; default: basis."),
            "red_line_basis": _ref("basis", "The red line's own basis; default: basis."),
            "when": {
                "description": "Where the stance applies: one condition, or a list of them "
                "that must all hold; elsewhere the party's unconditional stance applies.",
                "anyOf": [
                    _ref("condition"),
                    {"type": "array", "items": _ref("condition"), "minItems": 1},
                ],
            },
            "source": source_ref,
            "quote": quote,
            "note": note,
            "retracted": retracted,
        },
        required=("party", "issue", "basis"),
        anyOf=[
            {"required": ["demand"]},
            {"required": ["red_line"]},
            {"properties": {"retracted": {"const": True}}, "required": ["retracted"]},
        ],
    )
    precondition = _table(
        "A party requires something before a milestone or an issue.",
        {
            "party": _ref("slug", "The party id."),
            "requires": _ref(
                "requirement", "What the party requires: an issue's outcome set, or a milestone."
            ),
            "before": _ref("slug", "A milestone id or an issue id."),
            "as_of": as_of,
            "basis": basis,
            "source": source_ref,
            "quote": quote,
            "note": note,
            "retracted": retracted,
        },
        required=("party", "requires", "before", "basis"),
    )
    return {
        "$schema": {
            "type": "string",
            "description": "Optional: the JSON Schema an editor checks this file against "
            "(the output of `positions schema`). positions does not read it.",
        },
        "format": {
            "const": 1,
            "description": "The format version; only 1 is supported.",
        },
        "case": case,
        "source": _list_of(source, "[[source]]: the sources claims cite."),
        "party": _list_of(party, "[[party]]: the parties."),
        "issue": _list_of(issue, "[[issue]]: the issues on the table."),
        "milestone": _list_of(milestone, "[[milestone]]: steps of the process."),
        "package": _list_of(package, "[[package]]: status quo, references, proposals."),
        "stance": _list_of(stance, "[[stance]]: a party's demand and red line on an issue."),
        "precondition": _list_of(precondition, "[[precondition]]: a party requires X before Y."),
    }


def case_schema() -> JSON:
    """The JSON Schema (draft 2020-12) of a case file, as JSON data (a fresh dict each call)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "positions case file, format 1",
        "description": "One negotiation: its parties, issues, milestones, packages, stances and "
        "preconditions. Checks structure only; `positions check` and loading the file check "
        "references, scales and consistency.",
        "type": "object",
        "properties": _properties(),
        "required": ["case"],
        "additionalProperties": False,
        "$defs": _defs(),
    }
