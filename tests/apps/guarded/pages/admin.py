SECRET = "admin-secret-7c1d"


def get_server_side_props(context):
    return {"props": {"secret": SECRET}}
