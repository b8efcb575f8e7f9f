"""Async props that yield to the event loop, so concurrent requests interleave."""

import asyncio
import threading


async def get_server_side_props(context):
    value = context.query["value"]
    await asyncio.sleep(0.001 * (sum(map(ord, value)) % 5))
    return {"props": {"value": value, "on_main_thread": threading.current_thread() is threading.main_thread()}}
