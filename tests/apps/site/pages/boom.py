def get_server_side_props(context):
    raise ValueError("kaboom: secret detail")
