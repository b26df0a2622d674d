"""`isslab doctor`: check this machine's tools for grading."""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.table import Table
from rich.text import Text

from isslab.grading.doctor import run_all


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.set_defaults()


def run(args: argparse.Namespace) -> int:
    findings = run_all()
    table = Table(title="isslab doctor", title_justify="left", expand=True)
    table.add_column("Check", no_wrap=True)
    table.add_column("State", no_wrap=True)
    table.add_column("Detail / what to do", overflow="fold")
    for finding in findings:
        state = ("ok", "green") if finding.ok else (
            ("missing", "red") if finding.required else ("optional", "yellow"))
        table.add_row(finding.name, Text(state[0], style=state[1]), Text(finding.detail))
    Console().print(table)
    return 0 if all(f.ok for f in findings if f.required) else 1
