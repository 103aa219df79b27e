"""Gated, audited changes to a team's stored state (each takes a service.access.Actor)."""
