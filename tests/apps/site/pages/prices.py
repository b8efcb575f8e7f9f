from decimal import Decimal


def get_server_side_props(context):
    books = [{"title": f"Book {i}", "price": 5.0} for i in range(3)]
    books.append({"title": "Book 3", "price": Decimal("9.99")})
    return {"props": {"books": books}}
