"""The `positions` command line, in parts: the parser, the commands, and what they share
(`positions.cli` runs them)."""
