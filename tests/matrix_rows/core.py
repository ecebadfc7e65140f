"""Rows for core (to write)."""

ROWS: list = []
