"""chat_bridge.py: the host functions ML plugins call back into (the ``chat`` module).

Each function acts on the plugin call in progress (``chat_context.current_call``), so a plugin
reaches its own storage and the host's public facts only: the replies it adds, the keys it stored,
the users and messages the host has seen. Values are checked at the boundary (plain data, bounded
sizes) because plugins are untrusted.
"""

from __future__ import annotations

import json
from typing import Any

from chat_context import active_call

from mlpy.stdlib.decorators import ml_function, ml_module

MAX_KEYS = 100
MAX_VALUE_BYTES = 4096
MAX_REPLY = 500


@ml_module(name="chat", description="Call back into the chat host", version="1.0.0")
class Chat:
    """The ``chat`` module of the chat host."""

    @ml_function(description="Add a reply to the message being handled")
    def reply(self, text: str) -> None:
        call = active_call("chat.reply")
        if not isinstance(text, str):
            raise TypeError(f"chat.reply: expected a string, got {type(text).__name__}")
        call.replies.append(text[:MAX_REPLY])

    @ml_function(description="Store plain data under a key; it outlives plugin reloads")
    def remember(self, key: str, value: Any) -> None:
        call = active_call("chat.remember")
        if not isinstance(key, str):
            raise TypeError("chat.remember: the key must be a string")
        try:
            size = len(json.dumps(value))
        except (TypeError, ValueError):
            raise TypeError("chat.remember: only plain data (numbers, strings, arrays, objects) can be stored") from None
        if size > MAX_VALUE_BYTES:
            raise ValueError(f"chat.remember: the value takes {size} bytes, more than {MAX_VALUE_BYTES}")
        if key not in call.store and len(call.store) >= MAX_KEYS:
            raise ValueError(f"chat.remember: a plugin may store at most {MAX_KEYS} keys")
        call.store[key] = json.loads(json.dumps(value))  # a copy: the plugin keeps no handle on it

    @ml_function(description="The value stored under a key, or the default")
    def recall(self, key: str, default: Any = None) -> Any:
        call = active_call("chat.recall")
        return call.store.get(key, default)

    @ml_function(description="The users the host has seen, sorted")
    def users(self) -> list[str]:
        return active_call("chat.users").users()

    @ml_function(description="The last messages as [user, text] pairs, oldest first")
    def history(self, count: int = 10) -> list[list[str]]:
        call = active_call("chat.history")
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError("chat.history: the count must be a whole number >= 0")
        return [[user, text] for user, text in call.history[-count:]] if count else []


chat = Chat()
