"""The solver's room. `rules/` holds every rule of the plan, one module each, with its CP-SAT
builder, its independent check and its explanation; HARD and SOFT are listed once there.

Nothing heavy is imported here: `rota cover` and `rota override` read the rules' checks
without loading OR-Tools.
"""
