"""Debug Adapter Protocol framing: ``Content-Length: N`` header, a blank line, N bytes of JSON."""

from __future__ import annotations

import json
import threading
from typing import Any, BinaryIO


class ProtocolError(Exception):
    """The peer sent something that is not a framed JSON message."""


def read_message(stream: BinaryIO) -> dict[str, Any] | None:
    """The next message from ``stream``, or ``None`` at end of input."""
    length: int | None = None
    while True:
        header = stream.readline()
        if not header:
            return None
        text = header.decode("ascii", "replace").strip()
        if not text:
            if length is None:
                continue  # stray blank line between messages
            break
        name, _, value = text.partition(":")
        if name.strip().lower() == "content-length":
            try:
                length = int(value.strip())
            except ValueError:
                raise ProtocolError(f"bad Content-Length header: {text!r}") from None
    body = stream.read(length)
    if len(body) < length:
        return None
    try:
        message = json.loads(body.decode("utf-8"))
    except ValueError as error:
        raise ProtocolError(f"message is not JSON: {error}") from None
    if not isinstance(message, dict):
        raise ProtocolError("message is not a JSON object")
    return message


class MessageWriter:
    """Writes framed messages to a stream, one at a time (requests and events come from two threads)."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._lock = threading.Lock()
        self._seq = 0

    def send(self, message: dict[str, Any]) -> None:
        """Number ``message`` (``seq``) and write it."""
        with self._lock:
            self._seq += 1
            body = json.dumps({"seq": self._seq, **message}).encode("utf-8")
            try:
                self._stream.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
                self._stream.flush()
            except (BrokenPipeError, ValueError, OSError):
                pass  # the client has gone; the read loop ends at end of input


__all__ = ["MessageWriter", "ProtocolError", "read_message"]
