"""A small Debug Adapter Protocol client for tests: spawns ``python -m mlpy dap`` and talks to it
over stdio with Content-Length framed JSON, as an editor does. Every message the adapter sends is
validated against the protocol's official JSON schema (``data/debugAdapterProtocol.json``).

``request(command, **arguments)`` returns the response (failed ones too); ``event(name)`` waits for
the next event of that name, keeping the others it passes (``events(name)`` lists what came so far).
Every wait has a timeout, so a test fails instead of hanging.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

import jsonschema

TIMEOUT = 10.0
SCHEMA = Path(__file__).parent / "data" / "debugAdapterProtocol.json"


@cache
def _definitions() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))["definitions"]
    return loaded


@cache
def _validator(name: str) -> Any:
    """A validator of one message definition (built once: checking the schema itself is slow)."""
    assert name in _definitions(), f"not a protocol message: {name}"
    return jsonschema.Draft4Validator({"$ref": f"#/definitions/{name}", "definitions": _definitions()})


def check_message(message: dict[str, Any]) -> None:
    """Validate a message from the adapter against the protocol's official JSON schema."""
    if message["type"] == "event":
        name = message["event"][0].upper() + message["event"][1:] + "Event"
    elif message["success"]:
        name = message["command"][0].upper() + message["command"][1:] + "Response"
    else:
        name = "ErrorResponse"
    _validator(name).validate(message)


def _read(stream: BinaryIO) -> dict[str, Any] | None:
    length = None
    while True:
        line = stream.readline()
        if not line:
            return None
        line = line.strip()
        if not line:
            break
        name, _, value = line.decode("ascii").partition(":")
        if name.lower() == "content-length":
            length = int(value)
    assert length is not None, "message without Content-Length"
    message: dict[str, Any] = json.loads(stream.read(length))
    return message


class DapClient:
    """One adapter process and the messages it sent."""

    def __init__(self, cwd: str) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "mlpy", "dap"], cwd=cwd,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE)
        self._seq = 0
        self._incoming: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._responses: dict[int, dict[str, Any]] = {}
        self.received: list[dict[str, Any]] = []  # every event, in order
        self._pending: list[dict[str, Any]] = []  # events not yet taken by event()
        self.last_breakpoints: list[dict[str, Any]] = []  # from the last setBreakpoints of start()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.process.stdout is not None
        while True:
            message = _read(self.process.stdout)
            self._incoming.put(message)
            if message is None:
                return

    def _next(self, deadline_seconds: float) -> dict[str, Any]:
        try:
            message = self._incoming.get(timeout=deadline_seconds)
        except queue.Empty:
            raise AssertionError(f"no message from the adapter within {deadline_seconds}s; "
                                 f"events so far: {[e['event'] for e in self.received]}") from None
        if message is None:
            raise AssertionError("the adapter closed its output; stderr: " + self.stderr())
        check_message(message)
        if message["type"] == "event":
            self.received.append(message)
            self._pending.append(message)
        elif message["type"] == "response":
            self._responses[message["request_seq"]] = message
        return message

    def send(self, command: str, **arguments: Any) -> int:
        """Send a request without waiting; returns its seq."""
        self._seq += 1
        body = json.dumps({"seq": self._seq, "type": "request", "command": command,
                           "arguments": arguments}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()
        return self._seq

    def response(self, seq: int, timeout: float = TIMEOUT) -> dict[str, Any]:
        """The response to request ``seq`` (waiting for it)."""
        while seq not in self._responses:
            self._next(timeout)
        return self._responses.pop(seq)

    def request(self, command: str, timeout: float = TIMEOUT, **arguments: Any) -> dict[str, Any]:
        """Send a request and return its response."""
        return self.response(self.send(command, **arguments), timeout)

    def ok(self, command: str, **arguments: Any) -> dict[str, Any]:
        """Send a request that must succeed; returns its body."""
        response = self.request(command, **arguments)
        assert response["success"], response
        body: dict[str, Any] = response.get("body") or {}
        return body

    def event(self, name: str, timeout: float = TIMEOUT) -> dict[str, Any]:
        """The next event called ``name`` (events of other names are kept in ``received``)."""
        while True:
            for index, message in enumerate(self._pending):
                if message["event"] == name:
                    del self._pending[index]
                    body: dict[str, Any] = message.get("body") or {}
                    return body
            self._next(timeout)

    def events(self, name: str) -> list[dict[str, Any]]:
        """Bodies of the events called ``name`` received so far."""
        return [message.get("body") or {} for message in self.received if message["event"] == name]

    def output(self, category: str | None = None) -> str:
        """The text of the output events received so far (of one category, or all)."""
        return "".join(body["output"] for body in self.events("output")
                       if category is None or body["category"] == category)

    def stderr(self) -> str:
        if self.process.poll() is None:
            return "(still running)"
        assert self.process.stderr is not None
        return self.process.stderr.read().decode(errors="replace")

    def close(self) -> int:
        """Close stdin and wait for the adapter to exit; returns its exit status."""
        try:
            assert self.process.stdin is not None
            self.process.stdin.close()
        except OSError:
            pass
        try:
            return self.process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise AssertionError("the adapter did not exit after its input closed") from None

    # -- the usual session start ---------------------------------------------------------------

    def start(self, program: str, *, breakpoints: dict[str, list[dict[str, Any]]] | None = None,
              filters: tuple[str, ...] = ("uncaught",), **launch: Any) -> dict[str, Any]:
        """initialize, launch, breakpoints, exception filters, configurationDone (VS Code's order);
        returns the initialize response body (the capabilities)."""
        capabilities = self.ok("initialize", adapterID="ml", linesStartAt1=True, columnsStartAt1=True)
        self.event("initialized")
        launch_seq = self.send("launch", program=program, **launch)
        for path, items in (breakpoints or {}).items():
            self.last_breakpoints = self.ok("setBreakpoints", source={"path": path},
                                            breakpoints=items)["breakpoints"]
        self.ok("setExceptionBreakpoints", filters=list(filters))
        self.ok("configurationDone")
        launched = self.response(launch_seq)
        assert launched["success"], launched
        return capabilities

    def stack(self) -> list[tuple[str, int]]:
        """``(name, line)`` of each frame of the stopped program, innermost first."""
        frames = self.ok("stackTrace", threadId=1)["stackFrames"]
        return [(frame["name"], frame["line"]) for frame in frames]

    def top_frame(self) -> int:
        frame_id: int = self.ok("stackTrace", threadId=1)["stackFrames"][0]["id"]
        return frame_id

    def scope(self, frame_id: int, name: str) -> dict[str, dict[str, Any]]:
        """The variables of one scope of a frame, by name."""
        scopes = {scope["name"]: scope for scope in self.ok("scopes", frameId=frame_id)["scopes"]}
        return self.children(scopes[name]["variablesReference"])

    def children(self, reference: int) -> dict[str, dict[str, Any]]:
        """The variables behind a variablesReference, by name."""
        variables = self.ok("variables", variablesReference=reference)["variables"]
        return {variable["name"]: variable for variable in variables}
