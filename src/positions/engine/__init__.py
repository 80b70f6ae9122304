"""The engine: pure functions from a `Case` (and a date, a party selection) to result data."""
