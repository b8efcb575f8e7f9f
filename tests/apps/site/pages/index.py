from ._lib.words import GREETING


def get_server_side_props(context):
    return {"props": {"greeting": GREETING}}
