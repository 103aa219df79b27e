"""Shift templates -> concrete shifts; the only place that reasons about DST."""
