"""The debug adapter: Debug Adapter Protocol requests in, ``DebugSession`` calls and events out.

One adapter debugs one program (one ``launch``); the program is the protocol's only thread (id 1).
Launch arguments are those of the VS Code extension's ``ml`` debugger: ``program``, ``args``,
``cwd``, ``capabilities`` (grant strings as in the embedding API), ``stopOnEntry``, and the limits
``timeout`` (seconds of running time: not while paused), ``maxSteps``, ``maxOutput`` and
``maxRecursion`` (``limits.py``). A refused capability in the session advises adding its grant string to
launch.json's ``capabilities``; a tripped limit names its attribute (``"timeout" in launch.json``).
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from typing import Any, BinaryIO

from mlpy.errors import MLError
from mlpy.tools.dap.framing import MessageWriter, ProtocolError, read_message
from mlpy.tools.dap.limits import LimitError, launch_limits
from mlpy.tools.debugger.events import Event, Exited, Output, Stopped, Terminated
from mlpy.tools.debugger.session import UNCAUGHT, BreakpointRequest, DebugSession, LaunchConfig, SessionError
from mlpy.tools.debugger.values import Variable

THREAD_ID = 1
DISCONNECT_WAIT = 2.0
"""Seconds ``disconnect`` waits for the program to end before the adapter exits anyway."""

CAPABILITIES: dict[str, Any] = {
    "supportsConfigurationDoneRequest": True,
    "supportsConditionalBreakpoints": True,
    "supportsLogPoints": True,
    "supportsEvaluateForHovers": True,
    "supportsTerminateRequest": True,
    "supportsExceptionInfoRequest": True,
    "exceptionBreakpointFilters": [
        {"filter": UNCAUGHT, "label": "Uncaught errors", "default": True,
         "description": "Stop where an error that no ML except catches was raised."},
    ],
}


class RequestFailed(Exception):
    """A request that gets an error response with this message."""


def _expansion(variable: Variable) -> dict[str, Any]:
    """The reference and child counts of a value (the client uses the counts to page)."""
    body: dict[str, Any] = {"variablesReference": variable.reference}
    if variable.indexed:
        body["indexedVariables"] = variable.indexed
    if variable.named:
        body["namedVariables"] = variable.named
    return body


def _variable(variable: Variable) -> dict[str, Any]:
    return {"name": variable.name, "value": variable.value, "type": variable.type, **_expansion(variable)}


class DebugAdapter:
    """Serves one client: ``handle`` each request; events go out through the writer."""

    def __init__(self, writer: MessageWriter) -> None:
        self._writer = writer
        self._session = DebugSession(self._on_event)
        self._launched = False
        self._configured = False
        self._started = False
        self._pending_resume: str | None = None
        self._line_base = 1
        self._column_base = 1
        self.finished = threading.Event()
        self._handlers: dict[str, Callable[[dict[str, Any]], dict[str, Any] | None]] = {
            "initialize": self._initialize,
            "launch": self._launch,
            "setBreakpoints": self._set_breakpoints,
            "setExceptionBreakpoints": self._set_exception_breakpoints,
            "configurationDone": self._configuration_done,
            "threads": lambda _args: {"threads": [{"id": THREAD_ID, "name": "ML program"}]},
            "stackTrace": self._stack_trace,
            "scopes": self._scopes,
            "variables": self._variables,
            "evaluate": self._evaluate,
            "exceptionInfo": self._exception_info,
            "continue": lambda _args: self._resume("continue"),
            "next": lambda _args: self._resume("over"),
            "stepIn": lambda _args: self._resume("in"),
            "stepOut": lambda _args: self._resume("out"),
            "pause": self._pause,
            "terminate": self._terminate,
            "disconnect": self._disconnect,
        }

    # -- messages ------------------------------------------------------------------------------

    def handle(self, message: dict[str, Any]) -> None:
        """Answer one message from the client (only requests get an answer)."""
        if message.get("type") != "request":
            return
        command = str(message.get("command", ""))
        arguments = message.get("arguments") or {}
        handler = self._handlers.get(command)
        if handler is None:
            self._respond(message, False, message_text=f"mlpy dap does not support '{command}'")
            return
        try:
            body = handler(arguments)
        except (RequestFailed, SessionError) as error:
            self._respond(message, False, message_text=str(error))
            return
        except Exception as error:  # noqa: BLE001 - a bug in the adapter must not end the session
            self._respond(message, False, message_text=f"mlpy dap: internal error: {error!r}")
            return
        self._respond(message, True, body)
        self._after(command)

    def _respond(self, request: dict[str, Any], success: bool, body: dict[str, Any] | None = None,
                 *, message_text: str | None = None) -> None:
        response: dict[str, Any] = {"type": "response", "request_seq": request.get("seq", 0),
                                    "success": success, "command": request.get("command", "")}
        if body is not None:
            response["body"] = body
        if message_text is not None:
            response["message"] = message_text
            # Only a failed launch is shown in a dialog (a failed hover or watch must stay quiet).
            response["body"] = {"error": {"id": 1, "format": message_text,
                                          "showUser": request.get("command") == "launch"}}
        self._writer.send(response)

    def _event(self, name: str, body: dict[str, Any] | None = None) -> None:
        message: dict[str, Any] = {"type": "event", "event": name}
        if body is not None:
            message["body"] = body
        self._writer.send(message)

    def _on_event(self, event: Event) -> None:
        """A session event, as a protocol event (called from the program's thread)."""
        if isinstance(event, Stopped):
            body: dict[str, Any] = {"reason": event.reason, "threadId": THREAD_ID,
                                    "allThreadsStopped": True}
            if event.description:
                body["description"] = event.description
            if event.text:
                body["text"] = event.text
            if event.breakpoint_ids:
                body["hitBreakpointIds"] = list(event.breakpoint_ids)
            self._event("stopped", body)
        elif isinstance(event, Output):
            output: dict[str, Any] = {"category": event.category, "output": event.text}
            if event.path:
                output["source"] = {"name": os.path.basename(event.path), "path": event.path}
                output["line"] = event.line - 1 + self._line_base
            self._event("output", output)
        elif isinstance(event, Exited):
            self._event("exited", {"exitCode": event.code})
        elif isinstance(event, Terminated):
            self._event("terminated")

    def _after(self, command: str) -> None:
        """What happens once a request's response has gone out."""
        if command == "initialize":
            self._event("initialized")
        elif command in ("launch", "configurationDone"):
            self._start_when_ready()
        else:
            self._resume_pending()

    # -- requests ------------------------------------------------------------------------------

    def _initialize(self, args: dict[str, Any]) -> dict[str, Any]:
        self._line_base = 1 if args.get("linesStartAt1", True) else 0
        self._column_base = 1 if args.get("columnsStartAt1", True) else 0
        return dict(CAPABILITIES)

    def _launch(self, args: dict[str, Any]) -> None:
        program = args.get("program")
        if not isinstance(program, str) or not program:
            raise RequestFailed("launch needs 'program': the ML file to debug")
        try:
            limits = launch_limits(args)
        except LimitError as error:
            raise RequestFailed(str(error)) from None
        config = LaunchConfig(
            program=program,
            args=tuple(str(arg) for arg in args.get("args") or ()),
            cwd=args.get("cwd") or None,
            capabilities=tuple(str(grant) for grant in args.get("capabilities") or ()),
            stop_on_entry=bool(args.get("stopOnEntry", False)),
            no_debug=bool(args.get("noDebug", False)),
            front_end="dap",  # refusals advise launch.json's "capabilities", not mlpy's flags
            limits=limits,
        )
        try:
            self._session.launch(config)
        except MLError as error:
            raise RequestFailed(error.format()) from None
        except (OSError, ValueError) as error:
            raise RequestFailed(f"cannot debug {program}: {error}") from None
        self._launched = True
        return None

    def _set_breakpoints(self, args: dict[str, Any]) -> dict[str, Any]:
        path = (args.get("source") or {}).get("path")
        if not isinstance(path, str):
            raise RequestFailed("setBreakpoints needs source.path")
        requests = [BreakpointRequest(int(item["line"]) + 1 - self._line_base, item.get("condition"),
                                      item.get("logMessage"))
                    for item in args.get("breakpoints") or ()]
        results = self._session.set_breakpoints(path, requests)
        return {"breakpoints": [
            {"id": result.id, "verified": result.verified, "line": result.line - 1 + self._line_base,
             **({"message": result.message} if result.message else {})}
            for result in results]}

    def _set_exception_breakpoints(self, args: dict[str, Any]) -> dict[str, Any]:
        filters = [str(name) for name in args.get("filters") or ()]
        self._session.set_exception_filters(filters)
        return {"breakpoints": [{"verified": name == UNCAUGHT} for name in filters]}

    def _configuration_done(self, _args: dict[str, Any]) -> None:
        self._configured = True
        return None

    def _start_when_ready(self) -> None:
        if self._launched and self._configured and not self._started:
            self._started = True
            self._session.start()

    def _stack_trace(self, args: dict[str, Any]) -> dict[str, Any]:
        entries = self._session.stack()
        start = int(args.get("startFrame") or 0)
        levels = int(args.get("levels") or 0)
        chosen = entries[start:start + levels] if levels else entries[start:]
        frames = [{"id": entry.id, "name": entry.name, "line": entry.line - 1 + self._line_base,
                   "column": self._column_base,
                   "source": {"name": os.path.basename(entry.path), "path": entry.path}}
                  for entry in chosen]
        return {"stackFrames": frames, "totalFrames": len(entries)}

    def _scopes(self, args: dict[str, Any]) -> dict[str, Any]:
        scopes = self._session.scopes(int(args.get("frameId", 0)))
        return {"scopes": [{"name": name, "variablesReference": reference, "expensive": False,
                            "presentationHint": "locals" if name == "Locals" else "globals"}
                           for name, reference in scopes]}

    def _variables(self, args: dict[str, Any]) -> dict[str, Any]:
        variables = self._session.variables(int(args.get("variablesReference", 0)),
                                            int(args.get("start") or 0), int(args.get("count") or 0) or None,
                                            kind=args.get("filter"))
        return {"variables": [_variable(variable) for variable in variables]}

    def _evaluate(self, args: dict[str, Any]) -> dict[str, Any]:
        expression = args.get("expression")
        if not isinstance(expression, str) or not expression.strip():
            raise RequestFailed("nothing to evaluate")
        frame_id = args.get("frameId")
        variable = self._session.evaluate(expression, int(frame_id) if frame_id is not None else None)
        return {"result": variable.value, "type": variable.type, **_expansion(variable)}

    def _exception_info(self, _args: dict[str, Any]) -> dict[str, Any]:
        details = self._session.exception()
        if details is None:
            raise RequestFailed("the program is not stopped on an error")
        return {"exceptionId": details.error_type, "description": details.message,
                "breakMode": "unhandled",
                "details": {"message": details.message, "typeName": details.error_type,
                            "stackTrace": details.text}}

    def _resume(self, mode: str) -> dict[str, Any]:
        if self._session.state != "stopped":
            raise RequestFailed("the program is not paused")
        self._pending_resume = mode  # resumed once the response is out (a quick stop comes after it)
        return {"allThreadsContinued": True} if mode == "continue" else {}

    def _resume_pending(self) -> None:
        mode, self._pending_resume = self._pending_resume, None
        if mode is None:
            return
        try:
            self._session.resume(mode)
        except SessionError:
            pass  # terminated in the meantime

    def _pause(self, _args: dict[str, Any]) -> None:
        self._session.pause()
        return None

    def _terminate(self, _args: dict[str, Any]) -> None:
        self._end_program()
        return None

    def _disconnect(self, _args: dict[str, Any]) -> None:
        self._end_program()
        self._session.wait(DISCONNECT_WAIT)
        self.finished.set()
        return None

    def _end_program(self) -> None:
        if self._started:
            self._session.terminate()
        elif not self.finished.is_set():
            self._event("terminated")


def serve(stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> int:
    """Run the adapter on stdin/stdout until the client disconnects or closes the stream.

    While it serves, ``sys.stdout`` points at stderr: a stray ``print`` anywhere in the process
    cannot corrupt the protocol stream.
    """
    reader = stdin if stdin is not None else sys.stdin.buffer
    writer = MessageWriter(stdout if stdout is not None else sys.stdout.buffer)
    sys.stdout = sys.stderr
    adapter = DebugAdapter(writer)
    while not adapter.finished.is_set():
        try:
            message = read_message(reader)
        except ProtocolError as error:
            print(f"mlpy dap: {error}", file=sys.stderr)
            return 1
        if message is None:
            adapter.handle({"type": "request", "seq": 0, "command": "disconnect"})
            break
        adapter.handle(message)
    return 0


__all__ = ["CAPABILITIES", "DebugAdapter", "serve"]
