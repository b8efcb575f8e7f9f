"""The ways to put bridge in front of an app: ASGI, WSGI and a Django middleware, all over PageHandler."""
