"""The class-grading CI files: valid by their schemas, shards wired to the merge."""

from __future__ import annotations

import fnmatch
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from isslab.cli import build_parser
from isslab.paths import REPO_ROOT

GITHUB = REPO_ROOT / ".github" / "workflows" / "grade-class.yml"
GITLAB = REPO_ROOT / "ci-templates" / "gitlab-ci.yml"


def load(path: Path) -> dict[str, Any]:
    # PyYAML reads the key `on` as True (YAML 1.1); BaseLoader keeps every key a string.
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def step(job: dict[str, Any], name: str) -> dict[str, Any]:
    return next(s for s in job["steps"] if s.get("name") == name)


def schema_check(schema: str, path: Path) -> subprocess.CompletedProcess:
    pytest.importorskip("check_jsonschema",
                        reason="check-jsonschema (test extra) holds the CI schemas")
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema,
                           str(path)], capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def github() -> dict[str, Any]:
    return load(GITHUB)


@pytest.fixture(scope="module")
def gitlab() -> dict[str, Any]:
    return load(GITLAB)


@pytest.mark.unit
@pytest.mark.parametrize(("schema", "path"), [("vendor.github-workflows", GITHUB),
                                              ("vendor.gitlab-ci", GITLAB)])
def test_ci_file_matches_its_schema(schema: str, path: Path) -> None:
    done = schema_check(schema, path)

    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.unit
def test_actionlint_finds_nothing() -> None:
    if shutil.which("actionlint") is None:
        pytest.skip("actionlint is not on PATH (the PyPI wheel downloads it from GitHub)")
    done = subprocess.run(["actionlint", str(GITHUB)], capture_output=True, text=True,
                          timeout=120, check=False)

    assert done.returncode == 0, done.stdout


@pytest.mark.unit
def test_workflow_is_dispatched_with_the_submissions_folder(github: dict[str, Any]) -> None:
    inputs = github["on"]["workflow_dispatch"]["inputs"]

    assert sorted(inputs) == ["jobs", "only", "shards", "submissions"]
    assert inputs["submissions"]["required"] == "true"


@pytest.mark.unit
def test_jobs_run_split_then_shards_then_merge(github: dict[str, Any]) -> None:
    jobs = github["jobs"]

    assert list(jobs) == ["plan", "grade", "merge"]
    assert jobs["grade"]["needs"] == "plan"
    assert jobs["grade"]["strategy"]["matrix"]["shard"] == (
        "${{ fromJSON(needs.plan.outputs.shards) }}")
    assert jobs["grade"]["strategy"]["fail-fast"] == "false"
    assert jobs["merge"]["needs"] == ["plan", "grade"]
    assert jobs["merge"]["if"] == "always() && needs.plan.result == 'success'"


@pytest.mark.unit
@pytest.mark.parametrize(("shards", "output"), [("4", "shards=[1,2,3,4]\ntotal=4\n"),
                                                ("1", "shards=[1]\ntotal=1\n")])
def test_split_step_lists_the_shards(github: dict[str, Any], tmp_path: Path, shards: str,
                                     output: str) -> None:
    script = github["jobs"]["plan"]["steps"][0]["run"]
    out = tmp_path / "github_output"

    done = subprocess.run(["bash", "-eo", "pipefail", "-c", script], capture_output=True,
                          text=True, env={"SHARDS": shards, "GITHUB_OUTPUT": str(out),
                                          "PATH": "/usr/bin:/bin"}, check=False)

    assert done.returncode == 0, done.stdout
    assert out.read_text() == output


@pytest.mark.unit
@pytest.mark.parametrize("shards", ["0", "21", "two", ""])
def test_split_step_refuses_a_bad_count(github: dict[str, Any], tmp_path: Path,
                                        shards: str) -> None:
    script = github["jobs"]["plan"]["steps"][0]["run"]

    done = subprocess.run(["bash", "-eo", "pipefail", "-c", script], capture_output=True,
                          text=True, env={"SHARDS": shards, "PATH": "/usr/bin:/bin",
                                          "GITHUB_OUTPUT": str(tmp_path / "o")}, check=False)

    assert done.returncode == 1
    assert done.stdout.startswith("::error::shards must be")


@pytest.mark.unit
def test_each_shard_grades_its_slice_and_uploads_under_the_merged_pattern(
        github: dict[str, Any]) -> None:
    grade = github["jobs"]["grade"]
    grading = step(grade, "Grade shard ${{ matrix.shard }}")
    summary = step(grade, "Upload the shard summary")
    download = step(github["jobs"]["merge"], "Download every shard's summary")
    merge = step(github["jobs"]["merge"], "Merge")

    assert grading["env"]["SHARD"] == "${{ matrix.shard }}/${{ needs.plan.outputs.total }}"
    assert '--shard "$SHARD"' in grading["run"]
    assert summary["with"]["name"] == "shard-${{ matrix.shard }}"
    assert fnmatch.fnmatch("shard-3", download["with"]["pattern"])
    assert merge["run"] == "isslab batch --merge shards/shard-* --out class-summary"
    assert fnmatch.fnmatch(f"{download['with']['path']}/shard-3",
                           shlex.split(merge["run"])[3])


@pytest.mark.unit
def test_every_submission_gets_its_own_artifact(github: dict[str, Any]) -> None:
    upload = step(github["jobs"]["grade"], "Upload each submission's report folder")

    assert upload["uses"].startswith("actions/github-script@")
    assert "uploadArtifact(artifact, files(folder), folder)" in upload["with"]["script"]
    assert upload["if"] == "always()"


@pytest.mark.unit
def test_gitlab_template_shards_with_the_node_index(gitlab: dict[str, Any]) -> None:
    grade, merge = gitlab["grade"], gitlab["merge"]

    assert grade["parallel"] == "4"
    assert any('--shard "$CI_NODE_INDEX/$CI_NODE_TOTAL"' in line for line in grade["script"])
    assert grade["artifacts"]["paths"] == ["isslab-shard-$CI_NODE_INDEX/"]
    assert merge["needs"] == [{"job": "grade", "artifacts": "true"}]
    assert merge["when"] == "always"
    assert merge["script"][-1] == "isslab batch --merge isslab-shard-* --out class-summary"


@pytest.mark.unit
def test_ci_command_lines_parse() -> None:
    shard = build_parser().parse_args(
        ["batch", "subs", "--shard", "2/4", "--jobs", "4", "--out", "isslab-shard-2",
         "--backend", "ministack", "--only", "r1,r2"])
    merge = build_parser().parse_args(
        ["batch", "--merge", "shards/shard-1", "shards/shard-2", "--out", "class-summary"])

    assert (shard.shard, shard.jobs, shard.backend, shard.merge) == ("2/4", 4, "ministack", None)
    assert (merge.folder, merge.merge) == (None, [Path("shards/shard-1"), Path("shards/shard-2")])


def run_shard_step(script: str, env: dict[str, str], tmp_path: Path) -> list[str]:
    """The arguments a CI shard step gives `isslab`, run by sh with a stub isslab on PATH."""
    stub = tmp_path / "isslab"
    stub.write_text('#!/bin/sh\nprintf "%s\\n" "$@"\n', encoding="utf-8")
    stub.chmod(0o755)
    done = subprocess.run(["sh", "-e", "-c", script], capture_output=True, text=True,
                          timeout=30, check=True,
                          env={"PATH": f"{tmp_path}:/usr/bin:/bin", **env})
    return done.stdout.splitlines()


@pytest.mark.unit
@pytest.mark.parametrize(("jobs", "expected"), [
    ("", ["subs", "--shard", "2/4", "--out", "out-2", "--backend", "ministack"]),
    ("5", ["subs", "--shard", "2/4", "--out", "out-2", "--backend", "ministack",
           "--jobs", "5"]),
])
def test_github_shard_passes_jobs_only_when_given(github: dict[str, Any], tmp_path: Path,
                                                  jobs: str, expected: list[str]) -> None:
    script = step(github["jobs"]["grade"], "Grade shard ${{ matrix.shard }}")["run"]
    env = {"SUBMISSIONS": "subs", "ONLY": "", "JOBS": jobs, "SHARD": "2/4",
           "SHARD_OUT": "out-2"}

    assert run_shard_step(script, env, tmp_path) == ["batch", *expected]


@pytest.mark.unit
@pytest.mark.parametrize(("jobs", "extra"), [("", []), ("5", ["--jobs", "5"])])
def test_gitlab_shard_passes_jobs_only_when_given(gitlab: dict[str, Any], tmp_path: Path,
                                                  jobs: str, extra: list[str]) -> None:
    script = "\n".join(gitlab["grade"]["script"])
    env = {"SUBMISSIONS": "subs", "ISSLAB_ONLY": "r1", "ISSLAB_JOBS": jobs,
           "CI_NODE_INDEX": "1", "CI_NODE_TOTAL": "3"}

    assert run_shard_step(script, env, tmp_path) == [
        "batch", "subs", "--shard", "1/3", "--out", "isslab-shard-1", "--backend", "ministack",
        *extra, "--only", "r1"]
