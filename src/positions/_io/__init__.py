"""The loader's parts, behind `positions.io`."""
