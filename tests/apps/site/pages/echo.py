"""Echoes what the context holds; synchronous, so it must run in a worker thread."""

import threading


def get_server_side_props(context):
    return {
        "props": {
            "query": context.query,
            "params": context.params,
            "resolved_url": context.resolved_url,
            "route": context.route,
            "on_main_thread": threading.current_thread() is threading.main_thread(),
        }
    }
