"""Advice without points, found by reading files only."""

from __future__ import annotations

from pathlib import Path

import pytest

from isslab.grading.advice import collect_advice
from isslab.lab import Lab

pytestmark = pytest.mark.unit

MAIN_TF = """
resource "aws_lambda_function" "capturar" {
  filename = "lambdas/capturar_iss.zip"
  handler  = "capturar_iss.handler"
  runtime  = "python3.9"
}
resource "aws_lambda_function" "hello" {
  filename         = "lambdas/hello.zip"
  handler          = "hello.handler"
  runtime          = "python3.12"
  source_code_hash = filebase64sha256("lambdas/hello.zip")
}
"""
CAPTURAR = """
import requests
import boto3
s3 = boto3.client("s3", endpoint_url="http://host.docker.internal:4566")
def handler(event, context):
    return requests.get("https://api.wheretheiss.at/v1/satellites/25544").json()
"""


def test_each_course_pitfall_is_reported(tmp_path: Path) -> None:
    (tmp_path / "lambdas").mkdir()
    (tmp_path / "main.tf").write_text(MAIN_TF, encoding="utf-8")
    (tmp_path / "lambdas" / "capturar_iss.py").write_text(CAPTURAR, encoding="utf-8")
    (tmp_path / "lambdas" / "hello.py").write_text("def handler(e, c):\n  return {\n",
                                                   encoding="utf-8")
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n  ls:\n    image: localstack/localstack\n", encoding="utf-8")
    lab = Lab(root=tmp_path, tf_dir=tmp_path, lambdas_dir=tmp_path / "lambdas",
              compose_file=tmp_path / "docker-compose.yml")

    found = [(a.id, a.file) for a in collect_advice(lab)]

    assert found == [
        ("hard-coded-endpoint", "lambdas/capturar_iss.py"),
        ("requests-in-lambda", "lambdas/capturar_iss.py"),
        ("python-syntax", "lambdas/hello.py"),
        ("deprecated-runtime", "aws_lambda_function.capturar"),
        ("no-source-code-hash", "aws_lambda_function.capturar"),
        ("short-timeout", "aws_lambda_function.capturar"),
        ("latest-without-token", "docker-compose.yml"),
    ]


def test_clean_submission_gets_no_advice(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'resource "aws_lambda_function" "f" {\n  handler = "hello.handler"\n'
        '  runtime = "python3.13"\n}\n', encoding="utf-8")

    assert collect_advice(Lab(root=tmp_path, tf_dir=tmp_path)) == []
