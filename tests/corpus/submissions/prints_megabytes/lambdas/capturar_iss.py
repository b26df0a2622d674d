import json
import urllib.error
import urllib.request
from datetime import datetime, timezone
from decimal import Decimal

import boto3

ISS_API = "https://api.wheretheiss.at/v1/satellites/25544"
BUCKET = "mi-data-lake"

s3 = boto3.client(
    "s3",
    endpoint_url="http://host.docker.internal:4566",
    aws_access_key_id="test",
    aws_secret_access_key="test",
    region_name="us-east-1",
)
dynamodb = boto3.resource(
    "dynamodb",
    endpoint_url="http://host.docker.internal:4566",
    aws_access_key_id="test",
    aws_secret_access_key="test",
    region_name="us-east-1",
)
table = dynamodb.Table("capturas-iss")


def handler(event, context):
    """Captura posicion actual de la ISS"""
    for _ in range(50):
        print("x" * 1_048_575)  # 1 MB per line with its newline
    try:
        with urllib.request.urlopen(ISS_API, timeout=5) as response:
            data = json.loads(response.read().decode())
        momento = datetime.fromtimestamp(data["timestamp"], tz=timezone.utc)
        captura = {
            "timestamp": momento.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "latitude": data["latitude"],
            "longitude": data["longitude"],
            "altitude": data["altitude"],
            "velocity": data["velocity"],
        }
    except (urllib.error.URLError, TimeoutError, ValueError, KeyError) as error:
        print(f"Error consultando la API: {error}")
        return {"statusCode": 502, "body": json.dumps({"error": str(error)})}

    fecha = captura["timestamp"][:10]
    clave = f"raw/iss/{fecha}/{captura['timestamp']}.json"
    s3.put_object(Bucket=BUCKET, Key=clave, Body=json.dumps(captura))
    table.put_item(Item={
        "capture_id": captura["timestamp"],
        "s3_path": f"s3://{BUCKET}/{clave}",
        "latitude": Decimal(str(captura["latitude"])),
        "longitude": Decimal(str(captura["longitude"])),
        "altitude": Decimal(str(captura["altitude"])),
        "velocity": Decimal(str(captura["velocity"])),
    })
    return {"statusCode": 200, "body": json.dumps(captura)}
