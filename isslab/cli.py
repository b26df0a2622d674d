"""The `isslab` command line: one subcommand per module in isslab.commands."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from isslab.errors import IsslabError

# Each name is a module in isslab.commands exposing add_arguments(parser) and run(args).
COMMANDS = {
    "build": "Build the Lambda zips of a lab folder, reproducibly.",
    "check": "Build the reference and validate its Terraform offline.",
    "fake-iss": "Serve the fake ISS API and Nominatim on loopback.",
    "serve": "Run the embedded AWS emulator in the foreground (LocalStack-compatible).",
    "grade": "Grade one submission by the course rubric.",
    "batch": "Grade every submission in a folder.",
    "doctor": "Check this machine's tools: Terraform, provider mirror, Docker, browser.",
    "bench": "Time each grading stage per backend, and batch throughput.",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="isslab", description=__doc__)
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help="more log output; -vv for debug and tracebacks")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, help_text in COMMANDS.items():
        module = _command_module(name)
        if module is None:
            continue
        command_parser = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(command_parser)
        command_parser.set_defaults(run=module.run)
    return parser


def _command_module(name: str):
    try:
        return importlib.import_module(f"isslab.commands.{name.replace('-', '_')}")
    except ModuleNotFoundError as error:
        if error.name == f"isslab.commands.{name.replace('-', '_')}":
            return None
        raise


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = [logging.WARNING, logging.INFO, logging.DEBUG][min(args.verbose, 2)]
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    try:
        return int(args.run(args) or 0)
    except IsslabError as error:
        if args.verbose >= 2:
            raise
        print(f"isslab: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("isslab: interrupted", file=sys.stderr)
        return 130
