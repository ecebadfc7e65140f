"""Models of the carriers app."""
