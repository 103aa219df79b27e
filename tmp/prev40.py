import sys, yaml
sys.path.insert(0, "bench"); sys.path.insert(0, ".")
from solve import instance
from scheduler.team import parse_team
from scheduler.solve import solve
from scheduler.io import write_schedule
_, doc = instance("daynight-40x52")
open("tmp/t40.yaml", "w").write(yaml.safe_dump(doc, sort_keys=False))
team = parse_team(yaml.safe_dump(doc, sort_keys=False), "t40.yaml")
write_schedule(solve(team, time_limit=60, seed=0), "tmp/prev40.csv")
