def get_server_side_props(context):
    context.response.status_code = 201
    context.response.headers["x-bridge-test"] = "yes"
    context.response.set_cookie("session", "abc123", httponly=True, max_age=60)
    context.response.set_cookie("theme", "dark")
    context.response.delete_cookie("old")
    return {"props": {}}
