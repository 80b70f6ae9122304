"""The reports' parts, behind `positions.report`."""
