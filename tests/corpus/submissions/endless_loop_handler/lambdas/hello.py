def handler(event, context):
    """Tu primera Lambda"""
    while True:
        pass
