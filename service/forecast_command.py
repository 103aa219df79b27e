"""`rota forecast PAGES --team TEAM.yaml --out forecast.csv` and
`rota staffing PAGES --team TEAM.yaml` (contract section 8): the CLI glue."""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import pandas as pd

from analysis.errors import PagesFileError
from analysis.forecast import fit_forecast, forecast_csv, forecast_shifts
from analysis.forecast_choice import Forecast
from analysis.forecast_eval import backtest, backtest_text
from analysis.formats import read_pages
from analysis.staffing import staffing_table, what_if_text
from scheduler.domain import Team
from scheduler.errors import InputError
from scheduler.team import load_team


def add_forecast_parsers(sub: argparse._SubParsersAction) -> None:
    forecast = sub.add_parser("forecast", help="expected pages and over-limit chance per shift")
    forecast.add_argument("pages", metavar="PAGES.csv")
    forecast.add_argument("--team", required=True, metavar="TEAM.yaml")
    forecast.add_argument("--out", metavar="forecast.csv",
                          help="where to write the forecast (required without --backtest)")
    forecast.add_argument("--backtest", action="store_true",
                          help="print how the forecast and two baselines score on the "
                               "history's last third, forecast from its first two thirds")
    staffing = sub.add_parser("staffing", help="people needed per site, and whether pages fit")
    staffing.add_argument("pages", metavar="PAGES.csv")
    staffing.add_argument("--team", required=True, metavar="TEAM.yaml")
    staffing.add_argument("--quiet", action="store_true", help="no what-if table on stderr")


def learn(pages_path: str, team: Team) -> Forecast:
    """Read the history (rejected rows reported on stderr) and fit the forecast."""
    return fit_forecast(history(pages_path, team), team)


def history(pages_path: str, team: Team) -> pd.DataFrame:
    """The readable incidents of a paging history; rejected rows reported on stderr."""
    pages = read_pages(pages_path, team.timezone)
    if pages.incidents.empty:
        raise PagesFileError(pages_path, None, "", "no readable incident to learn from "
                             f"({len(pages.rejected)} rejected row(s))")
    if len(pages.rejected):
        first = pages.rejected.iloc[0]
        print(f"rota: {pages_path}: {len(pages.rejected)} row(s) rejected, first at line "
              f"{first['line']}: {first['reason']}", file=sys.stderr)
    return pages.incidents


def forecast_command(args: argparse.Namespace) -> int:
    if not args.out and not args.backtest:
        raise InputError("forecast: give --out forecast.csv, --backtest, or both")
    team = load_team(args.team)
    incidents = history(args.pages, team)
    if args.backtest:
        print(backtest_text(backtest(incidents, team)))
    if args.out:
        model = fit_forecast(incidents, team)
        frame = forecast_shifts(model, team)
        Path(args.out).write_text(forecast_csv(frame, team), encoding="utf-8")
        print(f"wrote {args.out}: {len(frame)} shifts, {frame['expected_pages'].sum():.1f} "
              f"expected pages; learned from {model.incidents} incidents over "
              f"{model.history_hours / 24:.1f} days")
        print(f"forecast {model.reason}", file=sys.stderr)
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
