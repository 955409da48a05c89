"""What the ``chat`` extension module may see of the host during one plugin call.

The host (``chatbot_host.py``) sets ``current_call`` before it runs a plugin's code, and the bridge
(``chat_bridge.py``) reads it. A context variable rather than a global: two hosts in two threads
(or two tests) never see each other's calls. It lives in a module of its own so that the host and
the bridge share it however the host was started (imported, or run as a script).
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any


@dataclass
class PluginCall:
    """One call into a plugin: whose it is, its storage, what the host knows, and the replies so far."""

    plugin: str
    store: dict[str, Any]
    users: Callable[[], list[str]]
    history: list[tuple[str, str]]
    replies: list[str] = field(default_factory=list)


current_call: ContextVar[PluginCall] = ContextVar("current_call")


def active_call(caller: str) -> PluginCall:
    """The call in progress, or a ``RuntimeError`` naming ``caller`` when there is none."""
    try:
        return current_call.get()
    except LookupError:
        raise RuntimeError(f"{caller}: the chat module works only inside a chat host") from None
