"""Rows for policies (to write)."""

ROWS: list = []
