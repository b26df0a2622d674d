"""Preparing a submission: the private copy, its limits, the layouts and the zips."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from isslab import lab as lab_module
from isslab.errors import IsslabError
from isslab.lab import prepare_lab, zip_problem
from isslab.terraform_files import TerraformSyntaxError, lambda_functions, load_file

pytestmark = pytest.mark.unit

COURSE_MAIN_TF = """
resource "aws_lambda_function" "hello" {
  filename      = "lambdas/hello.zip"
  function_name = "hello-lambda"
  handler       = "hello.handler"
  runtime       = "python3.12"
  role          = "arn:aws:iam::000000000000:role/lambda-role"
}
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def course_submission(tmp_path: Path) -> Path:
    root = tmp_path / "alumno"
    write(root / "main.tf", COURSE_MAIN_TF)
    write(root / "lambdas" / "hello.py", "def handler(event, context):\n    return {}\n")
    write(root / "docker-compose.yml", "services: {}\n")
    return root


def test_course_layout_is_found_at_the_root(course_submission: Path, tmp_path: Path) -> None:
    lab = prepare_lab(course_submission, tmp_path / "copy")

    assert lab.tf_dir == (tmp_path / "copy").resolve()
    assert lab.compose_file == tmp_path / "copy" / "docker-compose.yml"
    assert lab.lambdas_dir == tmp_path / "copy" / "lambdas"
    assert lab.dashboard_file is None


def test_reference_layout_uses_infra_dir(tmp_path: Path) -> None:
    root = tmp_path / "ref"
    write(root / "infra" / "main.tf", "")
    write(root / "compose.yaml", "services: {}\n")
    write(root / "dashboard" / "index.html", "<html></html>")

    lab = prepare_lab(root, tmp_path / "copy")

    assert lab.tf_dir == (tmp_path / "copy" / "infra").resolve()
    assert lab.compose_file == tmp_path / "copy" / "compose.yaml"
    assert lab.dashboard_file == tmp_path / "copy" / "dashboard" / "index.html"


def test_missing_zip_is_built_from_its_source_and_noted(
    course_submission: Path, tmp_path: Path
) -> None:
    lab = prepare_lab(course_submission, tmp_path / "copy")

    archive = tmp_path / "copy" / "lambdas" / "hello.zip"
    with zipfile.ZipFile(archive) as opened:
        assert opened.namelist() == ["hello.py"]
    assert lab.notes == ["lambdas/hello.zip was missing: built it from lambdas/hello.py"]


def test_stale_zip_is_rebuilt_and_noted(course_submission: Path, tmp_path: Path) -> None:
    stale = course_submission / "lambdas" / "hello.zip"
    with zipfile.ZipFile(stale, "w") as opened:
        opened.writestr("hello.py", "old = True\n")
    os.utime(stale, (1_000_000, 1_000_000))

    lab = prepare_lab(course_submission, tmp_path / "copy")

    with zipfile.ZipFile(tmp_path / "copy" / "lambdas" / "hello.zip") as opened:
        assert opened.read("hello.py") == b"def handler(event, context):\n    return {}\n"
    assert lab.notes == [
        "lambdas/hello.zip was older than lambdas/hello.py: built it from lambdas/hello.py"
    ]


def test_fresh_zip_is_kept(course_submission: Path, tmp_path: Path) -> None:
    fresh = course_submission / "lambdas" / "hello.zip"
    with zipfile.ZipFile(fresh, "w") as opened:
        opened.writestr("hello.py", "student_build = True\n")

    lab = prepare_lab(course_submission, tmp_path / "copy")

    with zipfile.ZipFile(tmp_path / "copy" / "lambdas" / "hello.zip") as opened:
        assert opened.read("hello.py") == b"student_build = True\n"
    assert lab.notes == []


def test_zip_bomb_is_removed_then_rebuilt_from_source(
    course_submission: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lab_module, "MAX_ZIP_EXPANDED_BYTES", 1000)
    bomb = course_submission / "lambdas" / "hello.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as opened:
        opened.writestr("hello.py", "#" * 5000)

    lab = prepare_lab(course_submission, tmp_path / "copy")

    assert lab.notes[0] == (
        "removed lambdas/hello.zip: expands to 5000 bytes, over the limit of 1000"
    )
    assert lab.notes[1] == "lambdas/hello.zip was missing: built it from lambdas/hello.py"


def test_garbage_zip_is_reported(tmp_path: Path) -> None:
    garbage = write(tmp_path / "x.zip", "\x00\x01 not a zip")

    assert zip_problem(garbage).startswith("not a valid zip file")


def test_copy_skips_symlinks_huge_files_and_state(
    course_submission: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lab_module, "MAX_FILE_BYTES", 1000)
    (course_submission / "secret").symlink_to("/etc/passwd")
    write(course_submission / "big.bin", "x" * 1001)
    write(course_submission / "terraform.tfstate", "{}")
    write(course_submission / ".terraform" / "providers" / "x", "binary")

    lab = prepare_lab(course_submission, tmp_path / "copy")

    copied = sorted(str(p.relative_to(tmp_path / "copy")) for p in (tmp_path / "copy").rglob("*"))
    assert copied == [
        "docker-compose.yml", "lambdas", "lambdas/hello.py", "lambdas/hello.zip", "main.tf",
    ]
    assert "skipped symbolic link secret" in lab.notes
    assert "skipped big.bin: 1001 bytes is over the 1000 byte limit per file" in lab.notes


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(IsslabError, match="submission folder not found"):
        prepare_lab(tmp_path / "nowhere", tmp_path / "copy")


def test_empty_folder_has_no_parts(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()

    lab = prepare_lab(tmp_path / "empty", tmp_path / "copy")

    assert (lab.tf_dir, lab.compose_file, lab.lambdas_dir, lab.dashboard_file) == (
        None, None, None, None
    )


def test_lambda_functions_resolve_module_relative_zip_paths(tmp_path: Path) -> None:
    write(tmp_path / "infra" / "lambda.tf", """
resource "aws_lambda_function" "capture" {
  filename      = "${path.module}/../build/capturar_iss.zip"
  function_name = "capturar-iss"
  handler       = "capturar_iss.handler"
}
""")

    (function,) = lambda_functions(tmp_path / "infra")

    assert function.address == "aws_lambda_function.capture"
    assert function.function_name == "capturar-iss"
    assert function.handler_module == "capturar_iss"
    assert function.archive_path == (tmp_path / "build" / "capturar_iss.zip").resolve()


def test_syntax_error_names_the_file(tmp_path: Path) -> None:
    broken = write(tmp_path / "main.tf", 'resource "aws_s3_bucket" "b" {\n  bucket = \n')

    with pytest.raises(TerraformSyntaxError, match=r"^main\.tf does not parse as HCL"):
        load_file(broken)


def test_older_zip_with_the_same_source_is_kept_silently(
    course_submission: Path, tmp_path: Path
) -> None:
    current = course_submission / "lambdas" / "hello.zip"
    with zipfile.ZipFile(current, "w") as opened:
        opened.writestr("hello.py", (course_submission / "lambdas" / "hello.py").read_text())
    os.utime(current, (1_000_000, 1_000_000))

    lab = prepare_lab(course_submission, tmp_path / "copy")

    assert lab.notes == []


def test_unparsable_terraform_is_noted_not_raised(course_submission: Path, tmp_path: Path) -> None:
    write(course_submission / "broken.tf", 'resource "aws_s3_bucket" "b" {\n')

    lab = prepare_lab(course_submission, tmp_path / "copy")

    assert lab.tf_dir == (tmp_path / "copy").resolve()
    assert len(lab.notes) == 1
    assert lab.notes[0].startswith("no Lambda zip was built: broken.tf does not parse as HCL")
