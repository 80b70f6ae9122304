"""`positions new`: a commented skeleton case, every key of the format with one example each."""

__all__ = ["skeleton"]

_SKELETON = """\
# A new case for positions: every key of the format, with one example each. Replace the examples
# with your own, delete what you do not need (only the keys marked "required" must stay), and run
# `positions check {id}.toml` as you go. The format: docs/case-format.md.
#
# As it stands, `positions check` finds no errors and two warnings, which name what is left to
# do: party-b has no stance (add one, or delete party-b), and the stated stance on monitors has
# no quote (give the words the party used).
#
# For editors that read JSON Schema (Taplo, Even Better TOML), write the schema with
# `positions schema > case.schema.json` and keep this line first:
#:schema ./case.schema.json

format = 1                           # optional: the format's version

[case]
id = "{id}"                          # required: lowercase letters, digits and '-'
title = "What the negotiation is"    # required
summary = "Who talks about what, where, since when."
as_of = 2030-03-01                   # the default date of every analysis
single_undertaking = "agreement"     # nothing is agreed until this milestone is reached

[[source]]                           # what every claim cites
id = "wire-2030-03-01"               # required
title = "The report's headline"      # required
publisher = "Example Wire"
date = 2030-03-01
url = "https://example.org/report"

[[party]]
id = "party-a"                       # required
name = "Party A"                     # required
role = "principal"                   # principal (default) | mediator | guarantor | observer
kind = "state"                       # state | armed-group | organisation | coalition | other
aliases = ["A"]                      # other names, in any script

  [[party.member]]                   # people in the delegation, any number
  name = "A. Example"                # required
  title = "Foreign Minister"
  role = "head"                      # leader | head | member | adviser | envoy | former
  source = "wire-2030-03-01"
  note = "Leads the delegation."

[[party]]
id = "party-b"
name = "Party B"

[[issue]]
id = "withdrawal"                    # required; issues and milestones share their ids
title = "Withdrawal of forces"       # required
short = "Withdrawal"                 # for narrow tables
description = "From the areas held since 2029."
scale = {{ kind = "ordinal", levels = [  # required; levels low to high
  "none",
  {{ id = "partial", label = "Partial withdrawal" }},
  {{ id = "full", label = "Full withdrawal" }},
] }}
codes = ["example:withdrawal"]       # references to external codebooks

[[issue]]
id = "zone-depth"
title = "Depth of the demilitarised zone"
scale = {{ kind = "numeric", unit = "km", min = 0, max = 60 }}

[[issue]]
id = "monitors"
title = "Who monitors the zone"
scale = {{ kind = "categorical", options = ["un", "joint", "none"] }}

[[issue]]
id = "guarantees"
title = "Guarantees for the border minority"
scale = {{ kind = "binary" }}          # the levels "no" < "yes"

[[milestone]]                        # steps of the process, for sequencing
id = "talks"                         # required
label = "Direct talks"               # required
reached = 2030-03-01                 # when it happened
source = "wire-2030-03-01"           # where that is reported

[[milestone]]
id = "agreement"
label = "Signed agreement"
follows = ["talks"]                  # milestones that must come first

[[package]]                          # named outcomes to measure positions against
id = "status-quo"                    # required
kind = "status-quo"                  # required: status-quo | reference | proposal
label = "The situation on 2030-03-01"
date = 2030-03-01                    # required for a status quo
outcomes = {{ withdrawal = "none", zone-depth = 0 }}   # required: one outcome per issue
basis = "reported"                   # stated | reported | inferred
source = "wire-2030-03-01"
quote = "no troops have left"
note = "As the report describes it."

[[stance]]                           # one party's position on one issue, from a date on
party = "party-a"                    # required
issue = "withdrawal"                 # required
as_of = 2030-01-15                   # default: case.as_of
demand = "full"                      # an outcome set: what the party asks for
red_line = {{ at_least = "partial" }}  # the outcomes it can accept; left out when not known
priority = "high"                    # low | medium | high
basis = "reported"                   # required: stated | reported | inferred
demand_basis = "reported"            # the demand's own basis (default: basis)
red_line_basis = "inferred"          # the red line's own basis (default: basis)
source = "wire-2030-03-01"           # required for a stated or reported claim
quote = "insists on a full withdrawal"
note = "That partial is the floor is our reading of the report."

[[stance]]                           # from 2030-02-01 on, party-a no longer holds that stance
party = "party-a"
issue = "withdrawal"
as_of = 2030-02-01
basis = "reported"
source = "wire-2030-03-01"
retracted = true

[[stance]]
party = "party-a"
issue = "zone-depth"
demand = {{ at_least = 10, at_most = 20 }}
red_line = {{ at_most = 40 }}
basis = "inferred"
note = "Why the analyst infers it: inferred claims carry a note."

[[stance]]
party = "party-a"
issue = "monitors"
demand = {{ one_of = ["un", "joint"] }}  # any of these; or a bare list: ["un", "joint"]
red_line = {{ none_of = ["none"] }}      # all but these
basis = "stated"
source = "wire-2030-03-01"

[[stance]]                           # a conditional stance: it holds only where `when` holds
party = "party-a"
issue = "guarantees"
demand = {{ is = "yes" }}              # that one outcome; or the bare value: "yes"
basis = "reported"
source = "wire-2030-03-01"
quote = "guarantees, once forces withdraw"
when = {{ issue = "withdrawal", at_least = "partial" }}   # or {{ milestone = "talks" }}, or a list

[[precondition]]                     # party requires something before something else
party = "party-a"                    # required
requires = {{ issue = "withdrawal", at_least = "partial" }}  # required; or {{ milestone = "x" }}
before = "agreement"                 # required: an issue or milestone id
as_of = 2030-01-15
basis = "reported"                   # required
source = "wire-2030-03-01"
quote = "no agreement before a withdrawal"
note = "Repeated at every round."
retracted = false                    # true: from as_of on, no longer required
"""


def skeleton(case_id: str) -> str:
    """The skeleton case with the id `case_id` (a slug)."""
    return _SKELETON.format(id=case_id)
