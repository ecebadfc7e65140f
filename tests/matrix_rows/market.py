"""Rows for market (to write)."""

ROWS: list = []
