"""Schedule page: solve with live progress, timeline, fairness, publish, feeds, handoff, ledger."""
