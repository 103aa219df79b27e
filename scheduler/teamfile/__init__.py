"""The team file (YAML, contract sections 1 and 7) -> domain types: parse, roles and skills, editing, busy time elsewhere."""
