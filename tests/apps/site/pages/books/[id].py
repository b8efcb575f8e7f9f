from .._lib.words import GREETING


async def get_server_side_props(context):
    book_id = context.params["id"]
    if book_id == "0":
        return {"not_found": True}
    return {"props": {"id": book_id, "title": f"Book {book_id}", "greeting": GREETING}}
