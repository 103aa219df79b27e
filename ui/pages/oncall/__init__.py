"""On call page: the published calendar, who is on call now, cover requests."""
