"""isslab.safety: the static review that decides whether Terraform may run on a folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from isslab.safety import MAX_TF_BYTES, unsafe_terraform

pytestmark = pytest.mark.unit

GOOD = """
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
  backend "local" {}
}
provider "aws" {
  region = "us-east-1"
}
provider "aws" {
  alias  = "west"
  region = "us-west-2"
}
resource "aws_s3_bucket" "data" {
  bucket   = "mi-data-lake"
  provider = aws.west
}
resource "terraform_data" "marker" {
  input = "ok"
}
module "tables" {
  source = "./modules/tables"
}
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def tf_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "infra"
    folder.mkdir()
    return folder


def test_course_style_configuration_is_safe(tf_dir: Path) -> None:
    write(tf_dir, "main.tf", GOOD)
    write(tf_dir, "modules/tables/main.tf", 'resource "aws_dynamodb_table" "t" {}\n')

    assert unsafe_terraform(tf_dir) == []


def test_folder_without_terraform_is_safe(tf_dir: Path) -> None:
    assert unsafe_terraform(tf_dir) == []


def test_local_exec_provisioner_is_refused(tf_dir: Path) -> None:
    write(tf_dir, "main.tf", 'resource "aws_s3_bucket" "b" {\n'
          '  provisioner "local-exec" { command = "touch /tmp/pwned" }\n}\n')

    assert unsafe_terraform(tf_dir) == [
        "main.tf: resource aws_s3_bucket b: provisioner 'local-exec' is not allowed "
        "(it would run on the grading machine)"]


@pytest.mark.parametrize("kind", ["remote-exec", "file"])
def test_every_provisioner_kind_is_refused(tf_dir: Path, kind: str) -> None:
    write(tf_dir, "main.tf", f'resource "terraform_data" "x" {{\n  provisioner "{kind}" {{}}\n}}\n')

    assert unsafe_terraform(tf_dir) == [
        f"main.tf: resource terraform_data x: provisioner '{kind}' is not allowed "
        "(it would run on the grading machine)"]


def test_null_resource_with_provisioner_reports_both(tf_dir: Path) -> None:
    write(tf_dir, "main.tf", 'resource "null_resource" "x" {\n'
          '  provisioner "local-exec" { command = "id" }\n}\n')

    assert unsafe_terraform(tf_dir) == [
        "main.tf: resource null_resource x: provisioner 'local-exec' is not allowed "
        "(it would run on the grading machine)",
        'main.tf: resource "null_resource" "x": only hashicorp/aws resources are allowed '
        "(provider 'null')",
    ]


def test_provisioner_in_removed_block_is_refused(tf_dir: Path) -> None:
    write(tf_dir, "main.tf", "removed {\n  from = aws_s3_bucket.old\n"
          '  provisioner "local-exec" {\n    when = destroy\n    command = "id"\n  }\n}\n')

    assert unsafe_terraform(tf_dir) == [
        "main.tf: removed: provisioner 'local-exec' is not allowed "
        "(it would run on the grading machine)"]


@pytest.mark.parametrize(("block", "type_name", "provider"), [
    ("data", "external", "external"),
    ("data", "http", "http"),
    ("data", "archive_file", "archive"),
    ("resource", "local_file", "local"),
])
def test_other_providers_resources_are_refused(
        tf_dir: Path, block: str, type_name: str, provider: str) -> None:
    write(tf_dir, "main.tf", f'{block} "{type_name}" "x" {{}}\n')

    assert unsafe_terraform(tf_dir) == [
        f'main.tf: {block} "{type_name}" "x": only hashicorp/aws resources are allowed '
        f"(provider '{provider}')"]


def test_data_source_inside_check_block_is_reviewed(tf_dir: Path) -> None:
    write(tf_dir, "main.tf", 'check "up" {\n  data "http" "site" { url = "http://x" }\n}\n')

    assert unsafe_terraform(tf_dir) == [
        'main.tf: data "http" "site": only hashicorp/aws resources are allowed '
        "(provider 'http')"]


def test_remote_state_data_source_is_refused(tf_dir: Path) -> None:
    write(tf_dir, "main.tf", 'data "terraform_remote_state" "net" { backend = "s3" }\n')

    assert unsafe_terraform(tf_dir) == [
        'main.tf: data "terraform_remote_state" "net": reading another Terraform state '
        "is not allowed"]


def test_other_provider_blocks_and_requirements_are_refused(tf_dir: Path) -> None:
    write(tf_dir, "versions.tf", 'terraform {\n  required_providers {\n'
          '    aws = "~> 5.0"\n    null = { source = "hashicorp/null" }\n'
          '    evil = { source = "example/aws" }\n  }\n}\n'
          'provider "null" {}\n')

    assert unsafe_terraform(tf_dir) == [
        "versions.tf: provider \"null\": only the aws provider (hashicorp/aws) is allowed",
        "versions.tf: required provider 'null' (hashicorp/null): only hashicorp/aws is allowed",
        "versions.tf: required provider 'evil' (example/aws): only hashicorp/aws is allowed",
    ]


def test_registry_prefixed_aws_source_is_accepted(tf_dir: Path) -> None:
    write(tf_dir, "versions.tf", 'terraform {\n  required_providers {\n'
          '    aws = { source = "registry.terraform.io/hashicorp/aws" }\n  }\n}\n')

    assert unsafe_terraform(tf_dir) == []


def test_resource_bound_to_foreign_provider_alias_is_refused(tf_dir: Path) -> None:
    write(tf_dir, "main.tf", 'resource "aws_s3_bucket" "b" {\n  provider = google.x\n}\n')

    assert unsafe_terraform(tf_dir) == [
        "main.tf: resource \"aws_s3_bucket\" \"b\": provider 'google.x' is not allowed"]


@pytest.mark.parametrize("source", [
    "git::https://example.com/m.git", "terraform-aws-modules/s3-bucket/aws",
    "https://example.com/m.zip", "s3::https://b.s3.amazonaws.com/m.zip"])
def test_remote_module_sources_are_refused(tf_dir: Path, source: str) -> None:
    write(tf_dir, "main.tf", f'module "m" {{\n  source = "{source}"\n}}\n')

    assert unsafe_terraform(tf_dir) == [
        f"main.tf: module source {source!r} is not a local path (remote modules are not allowed)"]


def test_local_module_is_reviewed_too(tf_dir: Path) -> None:
    write(tf_dir, "main.tf", 'module "m" {\n  source = "./mod"\n}\n')
    write(tf_dir, "mod/main.tf", 'data "external" "x" {}\n')

    assert unsafe_terraform(tf_dir) == [
        'mod/main.tf: data "external" "x": only hashicorp/aws resources are allowed '
        "(provider 'external')"]


def test_module_outside_the_submission_is_refused(tf_dir: Path) -> None:
    write(tf_dir, "main.tf", 'module "m" {\n  source = "../../elsewhere"\n}\n')

    assert unsafe_terraform(tf_dir) == [
        "main.tf: module source '../../elsewhere' points outside the submission"]


def test_module_in_sibling_folder_is_allowed_within_boundary(tmp_path: Path) -> None:
    write(tmp_path, "infra/main.tf", 'module "m" {\n  source = "../modules/m"\n}\n')
    write(tmp_path, "modules/m/main.tf", 'resource "aws_s3_bucket" "b" {}\n')

    assert unsafe_terraform(tmp_path / "infra", boundary=tmp_path) == []


@pytest.mark.parametrize(("backend", "expected"), [
    ('backend "s3" {\n    bucket = "x"\n  }', 'main.tf: backend "s3": only local state is allowed'),
    ('cloud {\n    organization = "x"\n  }',
     "main.tf: terraform cloud block: only local state is allowed"),
])
def test_remote_state_backends_are_refused(tf_dir: Path, backend: str, expected: str) -> None:
    write(tf_dir, "main.tf", f"terraform {{\n  {backend}\n}}\n")

    assert unsafe_terraform(tf_dir) == [expected]


def test_json_configuration_is_reviewed(tf_dir: Path) -> None:
    write(tf_dir, "main.tf.json", '{"resource": {"null_resource": {"x": {"provisioner": '
          '[{"local-exec": {"command": "id"}}]}}}}')

    assert unsafe_terraform(tf_dir) == [
        "main.tf.json: resource null_resource x: provisioner 'local-exec' is not allowed "
        "(it would run on the grading machine)",
        'main.tf.json: resource "null_resource" "x": only hashicorp/aws resources are allowed '
        "(provider 'null')",
    ]


def test_syntax_error_names_file_and_line(tf_dir: Path) -> None:
    write(tf_dir, "main.tf", 'resource "aws_s3_bucket" "b" {\n  bucket = \n}\n')

    assert unsafe_terraform(tf_dir) == ["main.tf: HCL syntax error at line 2"]


def test_invalid_json_names_file_and_line(tf_dir: Path) -> None:
    write(tf_dir, "main.tf.json", '{\n "resource": \n}')

    assert unsafe_terraform(tf_dir) == [
        "main.tf.json: invalid JSON at line 3: Expecting value"]


def test_binary_garbage_is_reported_not_parsed(tf_dir: Path) -> None:
    (tf_dir / "main.tf").write_bytes(b"\x00\xff\xfe garbage")

    assert unsafe_terraform(tf_dir) == ["main.tf: not UTF-8 text (byte 1)"]


def test_huge_file_is_refused_unread(tf_dir: Path) -> None:
    (tf_dir / "big.tf").write_bytes(b"#" * (MAX_TF_BYTES + 1))

    assert unsafe_terraform(tf_dir) == [
        f"big.tf: file too big ({MAX_TF_BYTES + 1} bytes, limit {MAX_TF_BYTES})"]


@pytest.mark.parametrize("name", [".terraformrc", "terraform.rc"])
def test_shipped_cli_configuration_is_refused(tf_dir: Path, name: str) -> None:
    write(tf_dir, name, 'provider_installation { direct {} }\n')

    assert unsafe_terraform(tf_dir) == [
        f"{name}: a Terraform CLI configuration file must not be shipped"]


def test_shipped_terraform_folder_is_refused(tf_dir: Path) -> None:
    (tf_dir / ".terraform" / "providers").mkdir(parents=True)

    assert unsafe_terraform(tf_dir) == [
        ".terraform: a .terraform/ folder (providers, modules) must not be shipped; delete it"]


def test_symlink_outside_the_folder_is_refused_and_not_read(tf_dir: Path) -> None:
    os.symlink("/etc/hostname", tf_dir / "secret.tf")

    assert unsafe_terraform(tf_dir) == [
        "secret.tf: symbolic link points outside the submission (/etc/hostname)"]


def test_symlink_inside_the_folder_is_allowed(tf_dir: Path) -> None:
    write(tf_dir, "real/main.tf", 'resource "aws_s3_bucket" "b" {}\n')
    os.symlink("real/main.tf", tf_dir / "main.tf")

    assert unsafe_terraform(tf_dir) == []


def test_comments_inside_required_providers_are_ignored(tf_dir: Path) -> None:
    write(tf_dir, "versions.tf", 'terraform {\n  required_providers {\n'
          '    aws = { source = "hashicorp/aws" } # the only provider\n  }\n}\n')

    assert unsafe_terraform(tf_dir) == []


def test_graders_own_terraform_folder_can_be_allowed(tf_dir: Path) -> None:
    (tf_dir / ".terraform" / "providers").mkdir(parents=True)
    os.symlink("/usr/local/bin", tf_dir / ".terraform" / "providers" / "aws")

    assert unsafe_terraform(tf_dir, own_workdir=True) == []
