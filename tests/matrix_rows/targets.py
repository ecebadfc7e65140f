"""Rows for targets (to write)."""

ROWS: list = []
