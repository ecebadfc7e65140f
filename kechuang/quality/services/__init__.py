"""Writes of the quality app, by subject: ``ip`` (registers), ``imports`` (Excel), ``credit``, ``complaints``."""
