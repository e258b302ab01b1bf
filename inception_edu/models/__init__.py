"""The model zoo (registry filled in as the families land)."""
