"""Team page: members, time off, rules, templates, skills, recent changes, re-plan."""
