"""A per-process cache of reference data that staff may edit.

Each server process keeps the places, vocabularies and thesaurus in memory; a change made
in the admin clears the cache of the process that made it at once, and every other process
reloads within `seconds`.
"""

import threading
import time
from collections.abc import Callable
from functools import wraps


def refreshed_every(seconds: float) -> Callable:
    def decorator(function: Callable) -> Callable:
        lock = threading.Lock()
        state: dict = {}

        @wraps(function)
        def cached():
            entry = state.get("entry")
            if entry is None or time.monotonic() - entry[0] > seconds:
                with lock:
                    entry = state.get("entry")
                    if entry is None or time.monotonic() - entry[0] > seconds:
                        entry = (time.monotonic(), function())
                        state["entry"] = entry
            return entry[1]

        def cache_clear() -> None:
            state.pop("entry", None)

        cached.cache_clear = cache_clear
        return cached

    return decorator
