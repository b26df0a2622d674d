"""`isslab build [PATH]`: build a lab folder's Lambda zips, reproducibly."""

from __future__ import annotations

import argparse
from pathlib import Path

from isslab import zips
from isslab.errors import UsageError
from isslab.paths import reference_root


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", type=Path, default=None,
                        help="lab folder holding lambdas/ (default: the reference solution)")
    parser.add_argument("--out-dir", type=Path, default=None,
                        help="where the zips go (default: PATH/build)")


def run(args: argparse.Namespace) -> int:
    lab_root = (args.path or reference_root()).resolve()
    if not lab_root.is_dir():
        raise UsageError(f"not a folder: {lab_root}")
    for archive in zips.build_lambda_zips(lab_root, args.out_dir):
        print(f"{zips.sha256_hex(archive)}  {archive}")
    return 0
