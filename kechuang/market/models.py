"""Models of the market app."""
