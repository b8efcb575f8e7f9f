REDIRECTS = {
    "temporary": {"destination": "/books/1"},
    "permanent": {"destination": "/books/2", "permanent": True},
    "see-other": {"destination": "/about", "status_code": 303},
    "external": {"destination": "https://example.com/elsewhere"},
}


def get_server_side_props(context):
    return {"redirect": REDIRECTS[context.query["kind"]]}
