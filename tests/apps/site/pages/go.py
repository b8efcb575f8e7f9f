REDIRECTS = {
    "temporary": {"destination": "/books/1"},
    "permanent": {"destination": "/books/2", "permanent": True},
    "see-other": {"destination": "/about", "status_code": 303},
    "external": {"destination": "https://example.com/elsewhere"},
}


def get_server_side_props(context):
    if context.query["kind"] == "next":  # the "return to" pattern: wherever the query says
        return {"redirect": {"destination": context.query["next"]}}
    return {"redirect": REDIRECTS[context.query["kind"]]}
