"""Results -> rows -> text: tables (tabulate), JSON, CSV, Mermaid and DOT.

Every function here returns a string or plain data; nothing prints. Sentences are written here,
from result data, deterministically: the same input gives byte-identical output. The parts live
in `positions._report` (rendering, words, and one module per command); this module is the one
the command line and users import.
"""

from positions._lazy import lazy_attributes

TYPE_CHECKING = False
if TYPE_CHECKING:
    from positions._report.compare import (
        BREACHES_SPELLED_OUT,
        breach_sentence,
        compare_json,
        compare_tables,
        explain,
        gap_words,
    )
    from positions._report.deals import deals_json, deals_tables
    from positions._report.evaluate import evaluate_json, evaluate_tables
    from positions._report.history import history_json, history_tables
    from positions._report.html import html_report
    from positions._report.render import JSON, Table, render, render_json, table_formats
    from positions._report.sequencing import (
        chain_words,
        dot,
        mermaid,
        preconditions_json,
        preconditions_tables,
    )
    from positions._report.show import check_tables, finding_json, show_json, show_tables
    from positions._report.timeline import timeline_json, timeline_tables
    from positions._report.words import (
        describe,
        node_words,
        number,
        requirement_json,
        requirement_words,
        scale_words,
        set_json,
        stance_json,
        stance_words,
    )

__all__ = [
    "BREACHES_SPELLED_OUT",
    "JSON",
    "Table",
    "breach_sentence",
    "chain_words",
    "check_tables",
    "compare_json",
    "compare_tables",
    "deals_json",
    "deals_tables",
    "describe",
    "dot",
    "evaluate_json",
    "evaluate_tables",
    "explain",
    "finding_json",
    "gap_words",
    "history_json",
    "history_tables",
    "html_report",
    "mermaid",
    "node_words",
    "number",
    "preconditions_json",
    "preconditions_tables",
    "render",
    "render_json",
    "requirement_json",
    "requirement_words",
    "scale_words",
    "set_json",
    "show_json",
    "show_tables",
    "stance_json",
    "stance_words",
    "table_formats",
    "timeline_json",
    "timeline_tables",
]


# Names are imported from their part on first use: a command loads only the report it prints.
_HOME = {
    "BREACHES_SPELLED_OUT": "compare",
    "JSON": "render",
    "Table": "render",
    "breach_sentence": "compare",
    "chain_words": "sequencing",
    "check_tables": "show",
    "compare_json": "compare",
    "compare_tables": "compare",
    "deals_json": "deals",
    "deals_tables": "deals",
    "describe": "words",
    "dot": "sequencing",
    "evaluate_json": "evaluate",
    "evaluate_tables": "evaluate",
    "explain": "compare",
    "finding_json": "show",
    "gap_words": "compare",
    "history_json": "history",
    "history_tables": "history",
    "html_report": "html",
    "mermaid": "sequencing",
    "node_words": "words",
    "number": "words",
    "preconditions_json": "sequencing",
    "preconditions_tables": "sequencing",
    "render": "render",
    "render_json": "render",
    "requirement_json": "words",
    "requirement_words": "words",
    "scale_words": "words",
    "set_json": "words",
    "show_json": "show",
    "show_tables": "show",
    "stance_json": "words",
    "stance_words": "words",
    "table_formats": "render",
    "timeline_json": "timeline",
    "timeline_tables": "timeline",
}


__getattr__ = lazy_attributes(__name__, _HOME, "positions._report.", globals())


def __dir__() -> list[str]:
    return sorted(__all__)
