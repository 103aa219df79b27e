"""`rota forecast PAGES --team TEAM.yaml --out forecast.csv` and
`rota staffing PAGES --team TEAM.yaml` (contract section 8): the CLI glue."""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from analysis import (
    backtest,
    backtest_text,
    fit_forecast,
    forecast_csv,
    forecast_shifts,
    staffing_table,
    what_if_text,
)
from scheduler import InputError, load_team
from service.cli.registry import add_command
from service.page_forecast import history, learn


def add_parser(sub: argparse._SubParsersAction) -> None:
    forecast = add_command(sub, "forecast")
    forecast.add_argument("pages", metavar="PAGES.csv")
    forecast.add_argument("--team", required=True, metavar="TEAM.yaml")
    forecast.add_argument("--out", metavar="forecast.csv",
                          help="where to write the forecast (required without --backtest)")
    forecast.add_argument("--backtest", action="store_true",
                          help="print how the forecast and two baselines score on the "
                               "history's last third, forecast from its first two thirds")
    staffing = add_command(sub, "staffing")
    staffing.add_argument("pages", metavar="PAGES.csv")
    staffing.add_argument("--team", required=True, metavar="TEAM.yaml")
    staffing.add_argument("--quiet", action="store_true", help="no what-if table on stderr")


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


def run(args: argparse.Namespace) -> int:
    """`rota forecast` or `rota staffing`: one module, both learn the same rate model."""
    return (forecast_command if args.command == "forecast" else staffing_command)(args)
