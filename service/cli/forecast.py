"""`rota forecast PAGES --team TEAM.yaml --out forecast.csv` and
`rota staffing PAGES --team TEAM.yaml` (contract section 8): the CLI glue."""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from analysis.errors import PagesFileError
from analysis.forecast import fit_forecast, forecast_csv, forecast_shifts
from analysis.forecast_model import RateModel
from analysis.formats import read_pages
from analysis.staffing import staffing_table, what_if_text
from scheduler.domain import Team
from scheduler.team import load_team

from .registry import add_command


def add_parser(sub: argparse._SubParsersAction) -> None:
    forecast = add_command(sub, "forecast")
    forecast.add_argument("pages", metavar="PAGES.csv")
    forecast.add_argument("--team", required=True, metavar="TEAM.yaml")
    forecast.add_argument("--out", required=True, metavar="forecast.csv")
    staffing = add_command(sub, "staffing")
    staffing.add_argument("pages", metavar="PAGES.csv")
    staffing.add_argument("--team", required=True, metavar="TEAM.yaml")
    staffing.add_argument("--quiet", action="store_true", help="no what-if table on stderr")


def learn(pages_path: str, team: Team) -> RateModel:
    """Read the history (rejected rows reported on stderr) and fit the rate model."""
    pages = read_pages(pages_path, team.timezone)
    if pages.incidents.empty:
        raise PagesFileError(pages_path, None, "", "no readable incident to learn from "
                             f"({len(pages.rejected)} rejected row(s))")
    if len(pages.rejected):
        first = pages.rejected.iloc[0]
        print(f"rota: {pages_path}: {len(pages.rejected)} row(s) rejected, first at line "
              f"{first['line']}: {first['reason']}", file=sys.stderr)
    return fit_forecast(pages.incidents, team)


def forecast_command(args: argparse.Namespace) -> int:
    team = load_team(args.team)
    model = learn(args.pages, team)
    frame = forecast_shifts(model, team)
    Path(args.out).write_text(forecast_csv(frame, team), encoding="utf-8")
    print(f"wrote {args.out}: {len(frame)} shifts, {frame['expected_pages'].sum():.1f} expected "
          f"pages; learned from {model.incidents} incidents over {model.history_hours / 24:.1f} "
          f"days (window over-dispersion alpha {model.alpha:.2f})")
    return 0


def staffing_command(args: argparse.Namespace) -> int:
    team = load_team(args.team)
    model = learn(args.pages, team)
    table, what_if = staffing_table(model, team)
    buffer = io.StringIO()
    table.to_csv(buffer, index=False, lineterminator="\n")
    sys.stdout.write(buffer.getvalue())
    if not args.quiet:
        print(what_if_text(what_if), file=sys.stderr)
    return 0


def run(args: argparse.Namespace) -> int:
    """`rota forecast` or `rota staffing`: one module, both learn the same rate model."""
    return (forecast_command if args.command == "forecast" else staffing_command)(args)
