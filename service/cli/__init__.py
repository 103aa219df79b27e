"""The `rota` command (contract section 2). Thin: parse arguments, run the chosen command's
module (service.cli.registry), map errors to exit codes. 0 = success, 2 = bad input or
infeasible plan, 1 = anything else.

Only the chosen command's module is imported, and the error classes only once a command runs,
so `rota --help` imports no command and no heavy library and starts at once."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from service.cli.registry import COMMANDS, adder, runner

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2


def command_word(argv: Sequence[str]) -> str | None:
    """The command named on the command line: the first word that is not an option (the
    top-level parser has no option taking a value)."""
    return next((word for word in argv if not word.startswith("-")), None)


def build_parser(argv: Sequence[str] | None = None, *, every: bool = False
                 ) -> argparse.ArgumentParser:
    """The parser, with the full sub-parser of the command named in `argv` (or of every command
    when `every`, which imports them all) and a bare one, for `rota --help`, of the others."""
    parser = argparse.ArgumentParser(
        prog="rota", description="On-call rotation scheduler and paging-load analyzer.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    chosen = COMMANDS.get(command_word(sys.argv[1:] if argv is None else argv) or "")
    for name, command in COMMANDS.items():
        if name in sub.choices:  # a module that adds several commands (forecast + staffing)
            continue
        if every or (chosen is not None and command.module == chosen.module):
            adder(command)(sub)
        else:
            sub.add_parser(name, help=command.help)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(argv).parse_args(argv)
    # The scheduler package (pydantic, YAML) loads only once a command runs, not for --help.
    from scheduler import InfeasibleError, InputError, RotaError

    try:
        return runner(COMMANDS[args.command])(args)
    except InfeasibleError as exc:
        print(f"rota: {exc}", file=sys.stderr)
        for reason in exc.reasons:
            print(f"  {reason}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except InputError as exc:
        print(f"rota: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except RotaError as exc:
        print(f"rota: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("rota: interrupted", file=sys.stderr)
        return EXIT_FAILURE
    except Exception as exc:  # one line, never a traceback, for anything unforeseen
        print(f"rota: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_FAILURE
