"""Rows for registry (to write)."""

ROWS: list = []
