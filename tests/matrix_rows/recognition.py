"""Rows for recognition (to write)."""

ROWS: list = []
