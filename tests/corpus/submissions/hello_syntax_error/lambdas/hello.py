import json


def handler(event, context)
    """Tu primera Lambda"""
    nombre = (event or {}).get("nombre", "mundo")
    return {
        "statusCode": 200,
        "body": json.dumps({"mensaje": f"Hola, {nombre}!"}),
    }
