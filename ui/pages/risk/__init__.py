"""Burnout risk page."""
