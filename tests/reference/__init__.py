"""Implementations as they were, kept to compare answers with (see each module)."""
