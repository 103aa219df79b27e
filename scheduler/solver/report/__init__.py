"""The fairness report, infeasibility explanations, the quality assessment of a stored schedule."""
