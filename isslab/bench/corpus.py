"""What the bench grades: a clean copy of a submission, and a class of copies of it."""

from __future__ import annotations

import shutil
from pathlib import Path

# Copies of the submission the batch part grades when no corpus is given: enough to keep
# every --jobs value of the default 1,2,4 busy for more than one round.
DEFAULT_CLASS_SIZE = 6
# A working tree holds Terraform's own files and built zips; a handed-in folder would not.
LEFT_OUT = (".terraform", "*.tfstate", "*.tfstate.backup", "*.tfplan", "build",
            "__pycache__", ".git", ".tox", ".venv", "isslab_override.tf", "isslab_provider.tf")
LAB_PARTS = ("docker-compose.yml", "compose.yaml", "compose.yml", "docker-compose.yaml",
             "infra", "lambdas", "dashboard")


def clean_copy(source: Path, destination: Path) -> Path:
    """Copy a submission without Terraform's working files; only the lab parts of a checkout."""
    source = source.resolve()
    ignore = shutil.ignore_patterns(*LEFT_OUT)
    if (source / "isslab").is_dir() and (source / "infra").is_dir():  # the repository itself
        destination.mkdir(parents=True)
        for name in LAB_PARTS:
            part = source / name
            if part.is_dir():
                shutil.copytree(part, destination / name, ignore=ignore)
            elif part.is_file():
                shutil.copy2(part, destination / name)
        return destination
    shutil.copytree(source, destination, ignore=ignore)
    return destination


def class_of_copies(submission: Path, folder: Path, size: int) -> Path:
    """`size` clean copies of one submission, named student-01, student-02, ..."""
    folder.mkdir(parents=True)
    for number in range(1, size + 1):
        clean_copy(submission, folder / f"student-{number:02d}")
    return folder

