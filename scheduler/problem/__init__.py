"""What a solve works on: slots, eligibility, the loads it balances, page loads, history."""
