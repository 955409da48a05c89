"""``mlpy lsp --tcp PORT``: the same server over a TCP socket on localhost."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _connect(port: int, deadline: float) -> socket.socket:
    while True:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=5)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def test_initialize_over_tcp() -> None:
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "mlpy", "lsp", "--tcp", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with _connect(port, time.monotonic() + 20) as conn:
            body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                               "params": {"processId": None, "rootUri": None, "capabilities": {}}}).encode()
            conn.sendall(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            data = b""
            while b"\r\n\r\n" not in data:
                data += conn.recv(65536)
            header, _, rest = data.partition(b"\r\n\r\n")
            length = int(header.split(b"Content-Length:")[1].split(b"\r\n")[0])
            while len(rest) < length:
                rest += conn.recv(65536)
            reply = json.loads(rest[:length])
        capabilities = reply["result"]["capabilities"]
        assert reply["id"] == 1 and reply["result"]["serverInfo"]["name"] == "mlpy"
        assert capabilities["completionProvider"]["triggerCharacters"] == ["."]
        assert capabilities["definitionProvider"] and capabilities["renameProvider"]
        assert capabilities["semanticTokensProvider"]["legend"]["tokenTypes"][0] == "namespace"
    finally:
        server.kill()
        server.wait(timeout=10)
