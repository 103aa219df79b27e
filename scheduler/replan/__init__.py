"""Minimal-change re-plan (contract section 6): its model is built from the solver's rules."""
