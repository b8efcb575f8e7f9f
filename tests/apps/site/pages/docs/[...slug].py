def get_server_side_props(context):
    return {"props": {"slug": context.params["slug"]}}
