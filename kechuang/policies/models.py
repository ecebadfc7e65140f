"""Models of the policies app."""
