"""Provable lower bounds: flow / LP bounds per load, range bounds."""
