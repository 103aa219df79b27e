"""The schedule CSV (contract sections 3 and 6) and iCalendar bytes."""
