"""Network grants and deny rules match canonical addresses and the address really connected to.

Every live test talks to an HTTP server on a loopback address started here; nothing leaves the
machine. A test that cannot start its server fails (it never skips).
"""

from __future__ import annotations

import http.server
import io
import socket
import threading
from collections.abc import Iterator

import pytest

import mlpy
from mlpy.runtime import netaddr
from mlpy.runtime.capabilities import Grants


@pytest.mark.parametrize("written", [
    "127.0.0.1", "127.1", "127.0.1", "2130706433", "0x7f000001", "0x7f.1", "0177.0.0.1", "0177.0.0.01",
    "0x7F.0.0.1", "::ffff:127.0.0.1", "[::ffff:127.0.0.1]", "::FFFF:7f00:1", "１２７．０．０．１",
    "127\u30020\u30020\u30021", "127.0.0.1.",
])
def test_every_spelling_of_loopback_is_one_address(written: str) -> None:
    assert netaddr.canonical_host(written) == "127.0.0.1"


@pytest.mark.parametrize(("written", "canonical"), [
    ("LOCALHOST.", "localhost"), ("Example.COM..", "example.com"), ("ｅｘａｍｐｌｅ．ｃｏｍ", "example.com"),
    ("bücher.example", "xn--bcher-kva.example"), ("::1", "::1"), ("[0:0::1]", "::1"),
    ("256.1.1.1", "256.1.1.1"), ("1.2.3.4.5", "1.2.3.4.5"), ("0x100.1.1.1", "0x100.1.1.1"),
])
def test_names_and_other_literals(written: str, canonical: str) -> None:
    assert netaddr.canonical_host(written) == canonical


def test_an_empty_label_is_not_a_host() -> None:
    with pytest.raises(ValueError, match="bad host"):
        netaddr.canonical_host("a..b")


@pytest.mark.parametrize("target", ["0x7f.1:80", "http://2130706433/", "[::ffff:127.0.0.1]:80", "127.1:80"])
def test_deny_rules_match_canonical_addresses(target: str) -> None:
    grants = Grants.from_strings(["net", "deny-net:127.0.0.1"])
    decision = grants.decide("net", target)
    assert not decision.allowed and decision.denied_by == "deny-net:127.0.0.1"


def test_allow_rules_match_canonical_addresses() -> None:
    grants = Grants.from_strings(["net:0x7f.1:8080"])
    assert grants.allows("net", "127.0.0.1:8080")
    assert not grants.allows("net", "127.0.0.2:8080")


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path.startswith("/redirect?to="):
            self.send_response(302)
            self.send_header("Location", self.path.split("to=", 1)[1])
            self.end_headers()
            return
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"hello from " + self.server.server_address[0].encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[int]:
    """An HTTP server on 127.0.0.1 (any free port); yields the port."""
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield srv.server_address[1]
    finally:
        srv.shutdown()
        srv.server_close()


def _get(url: str, grants: list[str]) -> str:
    out = io.StringIO()
    mlpy.run(f'import http;\nr = http.get("{url}");\nprint(r.status(), r.text());\n',
             capabilities=grants, stdout=out, timeout=10)
    return out.getvalue().strip()


@pytest.mark.parametrize("host", ["0x7f.1", "2130706433", "0177.0.0.1", "127.1", "[::ffff:127.0.0.1]",
                                  "localhost", "LOCALHOST."])
def test_a_denied_address_is_refused_however_written(server: int, host: str) -> None:
    with pytest.raises(mlpy.MLError) as caught:
        _get(f"http://{host}:{server}/", ["net", "deny-net:127.0.0.1"])
    assert caught.value.kind == "CapabilityError"
    assert f"http.get: connecting to '127.0.0.1:{server}' is denied by the rule \"deny-net:127.0.0.1\"" in str(caught.value)


def test_the_same_request_without_the_deny_rule_succeeds(server: int) -> None:
    assert _get(f"http://0x7f.1:{server}/", ["net"]) == "200 hello from 127.0.0.1"


def test_an_address_grant_covers_a_name_resolving_to_it(server: int) -> None:
    assert _get(f"http://localhost:{server}/", ["net:127.0.0.1"]) == "200 hello from 127.0.0.1"


def test_every_redirect_hop_is_checked_on_its_canonical_address(server: int) -> None:
    with pytest.raises(mlpy.MLError) as caught:
        _get(f"http://127.0.0.1:{server}/redirect?to=http://0x7f000002:{server}/",
             ["net", "deny-net:127.0.0.2"])
    assert caught.value.kind == "CapabilityError"
    assert f"connecting to '127.0.0.2:{server}' is denied by the rule \"deny-net:127.0.0.2\"" in str(caught.value)


def test_a_name_without_any_grant_is_refused_before_any_dns_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    looked_up: list[str] = []
    real = socket.getaddrinfo

    def spy(host: object, *args: object, **kwargs: object) -> object:
        looked_up.append(str(host))
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", spy)
    with pytest.raises(mlpy.MLError) as caught:
        _get("http://secret-data.exfil.invalid/", ["net:example.com"])
    assert caught.value.kind == "CapabilityError"
    assert looked_up == []


def test_dns_rebinding_cannot_move_the_checked_connection(server: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first answer (allowed) is the address connected to; a second, different answer
    (a denied address) is never asked for."""
    answers = ["127.0.0.1", "127.0.0.2"]
    asked: list[str] = []
    real = socket.getaddrinfo

    def rebinding(host: object, port: object, *args: object, **kwargs: object) -> object:
        if host == "rebind.test":
            asked.append(str(host))
            address = answers[min(len(asked) - 1, 1)]
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]
        return real(host, port, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    text = _get(f"http://rebind.test:{server}/", ["net:rebind.test", "deny-net:127.0.0.2"])
    assert text == "200 hello from 127.0.0.1"
    assert asked == ["rebind.test"]


def test_a_name_resolving_to_a_denied_address_is_refused(server: int, monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.getaddrinfo

    def resolver(host: object, port: object, *args: object, **kwargs: object) -> object:
        if host == "inside.test":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
        return real(host, port, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    with pytest.raises(mlpy.MLError) as caught:
        _get(f"http://inside.test:{server}/", ["net:inside.test", "deny-net:127.0.0.1"])
    assert f"connecting to '127.0.0.1:{server}' is denied by the rule \"deny-net:127.0.0.1\"" in str(caught.value)
