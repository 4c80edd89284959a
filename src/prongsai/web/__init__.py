"""The Django side: settings from the environment, one app per area (added as the areas are built)."""
