"""Reto 7: a DynamoDB table holds one metadata item per capture, pointing at its object."""

from __future__ import annotations

import time
from typing import Any

import pytest

from isslab import captures
from isslab.errors import PrerequisiteFailed
from isslab.fixtures.captures import CaptureRun, ScheduledCaptures
from isslab.stack import Stack

CAPTURE_PREFIX = "raw/"
SETTLE_SECONDS = 5


@pytest.fixture(scope="module")
def table(stack: Stack, aws_clients: Any) -> dict[str, Any]:
    """The metadata table as the emulator describes it."""
    client = aws_clients("dynamodb")
    try:
        return client.describe_table(TableName=stack.table)["Table"]
    except client.exceptions.ResourceNotFoundException as error:
        raise PrerequisiteFailed(f"DynamoDB table {stack.table} does not exist") from error


@pytest.fixture(scope="module")
def scheduled_run(scheduled_captures: ScheduledCaptures) -> ScheduledCaptures:
    """The scheduled captures, when the schedule stored at least one."""
    if not scheduled_captures.new_keys:
        raise PrerequisiteFailed("the schedule stored no capture to compare (see r6.scheduled)")
    return scheduled_captures


def all_items(aws_clients: Any, table_name: str) -> list[dict[str, Any]]:
    """Every item of the table, through all scan pages."""
    paginator = aws_clients("dynamodb").get_paginator("scan")
    return [item for page in paginator.paginate(TableName=table_name) for item in page["Items"]]


def s3_path(item: dict[str, Any]) -> str | None:
    """An item's s3_path attribute (low-level DynamoDB shape)."""
    return (item.get("s3_path") or {}).get("S")


@pytest.mark.integration
@pytest.mark.criterion("r7.table")
def test_table_is_keyed_by_capture_id(table: dict[str, Any]) -> None:
    keys = [(key["AttributeName"], key["KeyType"]) for key in table["KeySchema"]]
    types = {attribute["AttributeName"]: attribute["AttributeType"]
             for attribute in table["AttributeDefinitions"]}
    assert keys == [("capture_id", "HASH")], (
        f"expected the hash key capture_id and no range key; the key schema is {keys}")
    assert types.get("capture_id") == "S", (
        f"expected capture_id to be a string (S); it is {types.get('capture_id')!r}")
    billing = (table.get("BillingModeSummary") or {}).get("BillingMode", "PROVISIONED")
    assert billing == "PAY_PER_REQUEST", (
        f"expected billing mode PAY_PER_REQUEST; it is {billing}")


@pytest.mark.integration
@pytest.mark.criterion("r7.item")
def test_capture_adds_an_item_pointing_at_its_object(
        capture_run: CaptureRun, table: dict[str, Any], aws_clients: Any, stack: Stack) -> None:
    items = all_items(aws_clients, table["TableName"])
    stored = captures.list_keys(aws_clients("s3"), stack.bucket)
    paths = [s3_path(item) for item in items]
    pointing = [path for path in paths if captures.s3_path_key(path, stack.bucket) in stored]
    assert pointing, (
        f"expected an item in {table['TableName']} whose s3_path names an object of "
        f"{stack.bucket} after a capture; the table holds {len(items)} item(s) with s3_path "
        f"{paths[:5] or 'none'}")


@pytest.mark.e2e
@pytest.mark.criterion("r7.consistency")
def test_items_and_objects_match_one_to_one(scheduled_run: ScheduledCaptures,
                                            table: dict[str, Any], aws_clients: Any,
                                            stack: Stack) -> None:
    mismatches = pairing_mismatches(aws_clients, stack.bucket, table["TableName"])
    if mismatches:  # a scheduled run may have been between its object and its item
        time.sleep(SETTLE_SECONDS)
        mismatches = pairing_mismatches(aws_clients, stack.bucket, table["TableName"])
    assert not mismatches, (
        f"expected one item per object under {CAPTURE_PREFIX} and one object per item; "
        + "; ".join(mismatches))


def pairing_mismatches(aws_clients: Any, bucket: str, table_name: str) -> list[str]:
    """Items without their object, objects without an item, objects named twice."""
    objects = {key for key in captures.list_keys(aws_clients("s3"), bucket)
               if key.startswith(CAPTURE_PREFIX)}
    paths = [s3_path(item) for item in all_items(aws_clients, table_name)]
    named = [captures.s3_path_key(path, bucket) for path in paths]

    without_object = sorted(str(path) for path, key in zip(paths, named, strict=True)
                            if key not in objects)
    without_item = sorted(objects - set(named))
    duplicated = sorted({key for key in named if key is not None and named.count(key) > 1})
    return [f"{label}: {found}" for label, found in (
        ("items without an object", without_object),
        ("objects without an item", without_item),
        ("objects named by several items", duplicated)) if found]
