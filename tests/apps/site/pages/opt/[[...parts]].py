def get_server_side_props(context):
    return {"props": {"parts": context.params["parts"]}}
