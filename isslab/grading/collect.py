"""pytest plugin loaded in the grading subprocess: record each check's outcome by criterion.

The outcome of a criterion comes from here, from pytest's own reports, never from anything
the submission prints. The record is rewritten after every check, so a run killed at the
time limit still leaves what it finished.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from isslab.errors import PrerequisiteFailed

RESULTS_OPTION = "--isslab-results"
ONLY_OPTION = "--isslab-only"
MAX_MESSAGE = 2000


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("isslab grading")
    group.addoption(RESULTS_OPTION, default=None, metavar="FILE",
                    help="write each check's outcome by criterion to FILE (JSON)")
    group.addoption(ONLY_OPTION, default="", metavar="RETOS",
                    help="run only the checks of these Retos, comma separated (r1,r2)")


def pytest_configure(config: pytest.Config) -> None:
    path = config.getoption(RESULTS_OPTION)
    if path:
        config.pluginmanager.register(Collector(Path(path)), "isslab-collector")


class Collector:
    """Gathers one record per check and keeps the results file up to date."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.records: dict[str, dict[str, Any]] = {}
        self.state: dict[str, Any] = {"backend": None, "finished": False, "exitstatus": None,
                                      "collection_errors": [], "unmarked": []}

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, config: pytest.Config,
                                      items: list[pytest.Item]) -> None:
        retos = {r.strip() for r in config.getoption(ONLY_OPTION).split(",") if r.strip()}
        kept, dropped = [], []
        for item in items:
            marker = item.get_closest_marker("criterion")
            if marker is None or not marker.args:
                self.state["unmarked"].append(item.nodeid)
                dropped.append(item)
            elif retos and str(marker.args[0]).split(".")[0] not in retos:
                dropped.append(item)
            else:
                kept.append(item)
                self.records[item.nodeid] = _new_record(item.nodeid, str(marker.args[0]))
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = kept
        self._write()

    def pytest_deselected(self, items: list[pytest.Item]) -> None:
        """Checks left out by --isslab-only or -m: their criteria are not graded this time."""
        for item in items:
            marker = item.get_closest_marker("criterion")
            if marker is not None and marker.args:
                record = _new_record(item.nodeid, str(marker.args[0]))
                record["status"], record["message"] = "deselected", "not selected for this run"
                self.records.setdefault(item.nodeid, record)
        self._write()

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            text = str(report.longrepr).strip().splitlines()
            self.state["collection_errors"].append(
                f"{report.nodeid}: {text[-1] if text else 'collection failed'}")

    @pytest.hookimpl(wrapper=True)
    def pytest_fixture_setup(self, fixturedef: pytest.FixtureDef, request: Any) -> Any:
        result = yield
        if fixturedef.argname == "aws_backend":
            self.state["backend"] = getattr(result, "name", None) or type(result).__name__
        return result

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo) -> Any:
        report = yield
        record = self.records.get(item.nodeid)
        if record is not None:
            _update(record, report, call)
            record["properties"].update(_properties(report))
            if report.when == "teardown":
                self._write()
        return report

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        self.state["finished"] = True
        self.state["exitstatus"] = int(exitstatus)
        self._write()

    def _write(self) -> None:
        document = {**self.state, "tests": list(self.records.values())}
        temporary = self.path.with_name(self.path.name + ".tmp")
        temporary.write_text(json.dumps(document, indent=1, default=str), encoding="utf-8")
        os.replace(temporary, self.path)


def _new_record(nodeid: str, criterion: str) -> dict[str, Any]:
    return {"nodeid": nodeid, "criterion": criterion, "status": "not_run", "message": "",
            "duration": 0.0, "properties": {}}


def _update(record: dict[str, Any], report: pytest.TestReport, call: pytest.CallInfo) -> None:
    record["duration"] += report.duration
    if report.when == "teardown":
        if report.failed and record["status"] == "not_run":
            record["status"], record["message"] = "error", _message(call)
        return
    if report.when == "setup" and report.passed:
        return
    if report.skipped and not hasattr(report, "wasxfail"):
        record["status"], record["message"] = "skipped", _skip_reason(report)
    elif report.passed:
        record["status"], record["message"] = "passed", ""
    elif report.when == "setup" or _is_prerequisite(call):
        record["status"], record["message"] = "error", _message(call)
    else:
        record["status"], record["message"] = "failed", _message(call)


def _is_prerequisite(call: pytest.CallInfo) -> bool:
    return call.excinfo is not None and isinstance(call.excinfo.value, PrerequisiteFailed)


def _message(call: pytest.CallInfo) -> str:
    """What went wrong, for the student: the assertion message without pytest's introspection."""
    if call.excinfo is None:
        return "the check failed"
    error = call.excinfo.value
    text = str(error).strip()
    if isinstance(error, AssertionError):
        lines = text.splitlines()
        cut = next((i for i, line in enumerate(lines) if line.startswith("assert ")), None)
        text = "\n".join(lines[:cut] if cut else lines[:1]).strip() or "assertion failed"
    elif not isinstance(error, PrerequisiteFailed):
        text = f"{type(error).__name__}: {text}" if text else type(error).__name__
    return text[:MAX_MESSAGE]


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    return reason.removeprefix("Skipped: ")[:MAX_MESSAGE]


def _properties(report: pytest.TestReport) -> dict[str, str]:
    return {str(name): str(value) for name, value in getattr(report, "user_properties", [])}
