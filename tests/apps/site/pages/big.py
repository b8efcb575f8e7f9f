def get_server_side_props(context):
    return {"props": {"blob": "x" * 100_000}}
