"""What the soft rules weigh, in one place (the re-plan model prices fairness the same way).

How much one shift's worth of range (largest minus smallest weighted load) costs, per load:
the documented order is shifts and hours (first held at their bound by phase "core"), then
night and weekend, then primary, then holiday; spacing and preferences come after fairness."""

IMPORTANCE = {"shifts": 20.0, "hours": 20.0, "night": 10.0, "weekend": 10.0, "primary": 6.0,
              "holiday": 4.0, "pages": 8.0,
              "sleep_pages": 4.0}
SCALE = 1000
SPREAD_WEIGHT = 2 * SCALE
PREFERENCE_WEIGHT = SCALE // 2
CORE_LOADS = ("shifts", "hours")  # balanced alone first, then capped at what that reached
