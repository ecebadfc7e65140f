"""Rows for accounts (to write)."""

ROWS: list = []
