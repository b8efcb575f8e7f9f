USERS = ["ada"]


def get_server_side_props(context):
    return {"props": {"users": list(USERS)}}


def post(context):
    USERS.append(context.form().get("name", ""))
    return {"redirect": {"destination": "/admin/users"}}
