"""Fixtures for the unit tests of the reference Lambdas: loading them and faking AWS.

Creating boto3 clients and moto tables costs ~0.3 s, so the fake AWS and the Lambda module
live for a whole test module and each test starts from an emptied bucket and table.
"""

from __future__ import annotations

import importlib.util
import itertools
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import boto3
import pytest
from moto import mock_aws

from isslab.paths import reference_root

BUCKET = "mi-data-lake"
TABLE = "capturas-iss"
# Host settings that would aim boto3 elsewhere or change how it verifies TLS.
HOST_AWS_VARIABLES = ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_DYNAMODB",
                      "AWS_CA_BUNDLE", "AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_REGION")
_loaded = itertools.count()


@pytest.fixture(scope="session")
def load_lambda() -> Callable[[str], ModuleType]:
    """Import a fresh copy of a reference Lambda module, by path, as the runtime would."""
    def load(module: str) -> ModuleType:
        path = reference_root() / "lambdas" / f"{module}.py"
        spec = importlib.util.spec_from_file_location(f"{module}_{next(_loaded)}", path)
        loaded = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(loaded)
        return loaded
    return load


@pytest.fixture(scope="module")
def aws_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Fake credentials and region; nothing from the host's AWS setup leaks in."""
    empty = tmp_path_factory.mktemp("aws") / "empty"
    empty.touch()
    with pytest.MonkeyPatch.context() as patch:
        for name in HOST_AWS_VARIABLES:
            patch.delenv(name, raising=False)
        _set_all(patch, empty)
        yield


def _set_all(patch: pytest.MonkeyPatch, empty: Path) -> None:
    patch.setenv("AWS_CONFIG_FILE", str(empty))
    patch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(empty))
    patch.setenv("AWS_ACCESS_KEY_ID", "testing")
    patch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    patch.setenv("AWS_DEFAULT_REGION", "us-east-1")


@pytest.fixture(scope="module")
def moto_lake(aws_env: None) -> Iterator[dict]:
    """moto's S3 and DynamoDB holding the lab's bucket and table, for one test module."""
    with mock_aws():
        s3 = boto3.client("s3")
        s3.create_bucket(Bucket=BUCKET)
        table = boto3.resource("dynamodb").create_table(
            TableName=TABLE, BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "capture_id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "capture_id", "AttributeType": "S"}])
        yield {"s3": s3, "table": table}


@pytest.fixture
def lake(moto_lake: dict) -> Iterator[dict]:
    """The module's fake S3 and DynamoDB, emptied after the test (extras removed)."""
    yield moto_lake
    s3 = moto_lake["s3"]
    for bucket in s3.list_buckets()["Buckets"]:
        for entry in s3.list_objects_v2(Bucket=bucket["Name"]).get("Contents", []):
            s3.delete_object(Bucket=bucket["Name"], Key=entry["Key"])
        if bucket["Name"] != BUCKET:
            s3.delete_bucket(Bucket=bucket["Name"])
    for item in moto_lake["table"].scan()["Items"]:
        moto_lake["table"].delete_item(Key={"capture_id": item["capture_id"]})
    dynamodb = moto_lake["table"].meta.client
    for name in dynamodb.list_tables()["TableNames"]:
        if name != TABLE:
            dynamodb.delete_table(TableName=name)
