"""Living with a published schedule: overrides, cover, diff, who holds what now, knowledge coverage."""
