"""Rows for review (to write)."""

ROWS: list = []
