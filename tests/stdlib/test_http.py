"""Tests of the ML ``http`` module against a real HTTP server on 127.0.0.1 started by the test."""

from __future__ import annotations

import json
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from mlpy.errors import MLCapabilityError
from mlpy.runtime.capabilities import Grants
from mlpy.runtime.context import ExecutionContext, use
from mlpy.stdlib import http_bridge
from mlpy.stdlib.decorators import class_info_of
from mlpy.stdlib.http_bridge import http


@contextmanager
def granted(*capabilities: str):
    """Run the block with exactly these grants active."""
    with use(ExecutionContext(grants=Grants.from_strings(list(capabilities)))):
        yield


class Handler(BaseHTTPRequestHandler):
    """Routes used by the tests; /echo reflects the request as JSON."""

    def log_message(self, *args):  # keep test output quiet
        pass

    def _reply(self, status, body=b"", content_type="text/plain; charset=utf-8", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _route(self):
        port = self.server.server_address[1]
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        if self.path == "/text":
            self._reply(200, "héllo".encode(), headers=[("X-Test", "yes")])
        elif self.path == "/json":
            self._reply(200, b'{"a": [1, 2], "b": null}', "application/json")
        elif self.path == "/notjson":
            self._reply(200, b"{nope")
        elif self.path.startswith("/echo"):
            data = {"method": self.command, "path": self.path, "body": body,
                    "headers": {k.lower(): v for k, v in self.headers.items()}}
            self._reply(200, json.dumps(data).encode(), "application/json")
        elif self.path == "/missing":
            self._reply(404, b"no")
        elif self.path == "/redirect":
            self._reply(302, headers=[("Location", "/text")])
        elif self.path == "/redirect-post":
            self._reply(303, headers=[("Location", "/echo")])
        elif self.path == "/redirect-elsewhere":
            self._reply(302, headers=[("Location", f"http://127.0.0.2:{port}/text")])
        elif self.path == "/loop":
            self._reply(302, headers=[("Location", "/loop")])
        elif self.path == "/big":
            self._reply(200, b"x" * 5000)
        elif self.path == "/big-stream":
            self.send_response(200)
            self.end_headers()
            for _ in range(50):
                self.wfile.write(b"y" * 100)
        elif self.path == "/slow":
            time.sleep(1.5)
            self._reply(200, b"late")
        else:
            self._reply(500, b"unknown route")

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _route


class QuietServer(ThreadingHTTPServer):
    """A test server that does not print client disconnects (the timeout test hangs up early)."""

    daemon_threads = True

    def handle_error(self, request, client_address):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", f"net:127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_get_and_response_object(server):
    base, grant = server
    with granted(grant):
        response = http.get(base + "/text", {"X-Hello": "1"})
    assert class_info_of(response).name == "HttpResponse"
    assert response.status() == 200 and response.statusText() == "OK" and response.ok()
    assert response.text() == "héllo" and response.body() == "héllo"
    assert response.headers()["x-test"] == "yes"
    with granted(grant):
        assert http.get(base + "/json").json() == {"a": [1, 2], "b": None}
        missing = http.get(base + "/missing")
    assert missing.status() == 404 and not missing.ok() and missing.statusText() == "Not Found"
    with granted(grant), pytest.raises(ValueError, match=r"^HttpResponse\.json: the body is not valid JSON"):
        http.get(base + "/notjson").json()


def test_methods_and_options(server):
    base, grant = server
    with granted(grant):
        posted = http.post(base + "/echo", {"json": {"x": 1}, "headers": {"X-A": "b"}}).json()
        assert posted["method"] == "POST" and json.loads(posted["body"]) == {"x": 1}
        assert posted["headers"]["content-type"] == "application/json" and posted["headers"]["x-a"] == "b"
        form = http.put(base + "/echo", {"data": {"q": "a b"}}).json()
        assert form["method"] == "PUT" and form["body"] == "q=a+b"
        patched = http.patch(base + "/echo", {"body": "raw", "params": {"k": "v w"}}).json()
        assert patched["method"] == "PATCH" and patched["body"] == "raw" and patched["path"] == "/echo?k=v+w"
        assert http.delete(base + "/echo").json()["method"] == "DELETE"
        head = http.head(base + "/text")
        assert head.status() == 200 and head.text() == ""
        assert http.request({"method": "post", "url": base + "/echo", "body": "b"}).json()["body"] == "b"
        assert http.request({"url": base + "/text"}).text() == "héllo"
        assert http.post(base + "/echo").json()["body"] == ""


def test_redirects_are_followed_and_checked_per_hop(server):
    base, grant = server
    with granted(grant):
        assert http.get(base + "/redirect").text() == "héllo"
        after_post = http.post(base + "/redirect-post", {"body": "x"}).json()
        assert after_post["method"] == "GET" and after_post["body"] == ""
        with pytest.raises(MLCapabilityError) as info:
            http.get(base + "/redirect-elsewhere")
        assert "connecting to '127.0.0.2:" in info.value.message and "--allow-net=127.0.0.2:" in info.value.message
        with pytest.raises(ValueError, match=r"^http\.get: too many redirects \(more than 10\)$"):
            http.get(base + "/loop")


def test_limits(server, monkeypatch):
    base, grant = server
    monkeypatch.setattr(http_bridge, "MAX_RESPONSE_SIZE", 1000)
    with granted(grant):
        with pytest.raises(ValueError, match=r"^http\.get: the response is larger than 1000 bytes$"):
            http.get(base + "/big")
        with pytest.raises(ValueError, match=r"^http\.get: the response is larger than 1000 bytes$"):
            http.get(base + "/big-stream")
        with pytest.raises(ValueError, match=r"^http\.get: request to '.*/slow' timed out after 0\.5 s$"):
            http.get(base + "/slow", None, 0.5)
    assert http.DEFAULT_TIMEOUT == 30 and http.MAX_RESPONSE_SIZE == 10 * 1024 * 1024


def test_without_grant_every_request_is_refused(server):
    base, _grant = server
    with granted():
        for call in (lambda u: http.get(u), lambda u: http.post(u), lambda u: http.put(u),
                     lambda u: http.delete(u), lambda u: http.patch(u), lambda u: http.head(u),
                     lambda u: http.request({"url": u})):
            with pytest.raises(MLCapabilityError) as info:
                call(base + "/text")
            assert "no net grant" in info.value.message and "--allow-net=127.0.0.1:" in info.value.message
    with granted("net:127.0.0.1:1"), pytest.raises(MLCapabilityError, match="no net grant covers it"):
        http.get(base + "/text")
    with granted(), pytest.raises(MLCapabilityError, match=r"connecting to '\[::1\]:8080'"):
        http.get("http://[::1]:8080/")


def test_bad_input(server):
    base, grant = server
    with granted(grant):
        with pytest.raises(ValueError, match=r"^http\.get: only http and https URLs are allowed, got 'file:///etc/passwd'$"):
            http.get("file:///etc/passwd")
        with pytest.raises(ValueError, match=r"^http\.post: unknown option 'bogus'"):
            http.post(base + "/echo", {"bogus": 1})
        with pytest.raises(ValueError, match=r"^http\.get: header 'X' contains a line break$"):
            http.get(base + "/text", {"X": "a\r\nInjected: 1"})
        with pytest.raises(ValueError, match=r"^http\.get: timeout must be more than 0 and at most 300 seconds$"):
            http.get(base + "/text", None, 0)
        with pytest.raises(TypeError, match=r"^http\.post: the 'json' option holds a value JSON cannot represent$"):
            http.post(base + "/echo", {"json": {"f": len}})
        with pytest.raises(ValueError, match=r"^http\.request: the options need a 'url'$"):
            http.request({})
        with pytest.raises(ValueError, match=r"^http\.request: unknown method 'BREW'$"):
            http.request({"url": base, "method": "brew"})


def test_url_helpers():
    assert http.encodeURI("a b/é-_.~?&") == "a%20b/%C3%A9-_.~%3F%26"
    assert http.decodeURI("a%20b/%C3%A9") == "a b/é"
    assert http.encodeQuery({"q": "a b&c", "n": [1, 2], "t": True, "z": None}) == "q=a+b%26c&n=1&n=2&t=true&z="
    assert http.encodeQuery({}) == ""
    assert http.parseQuery("?a=1&b=x+y&a=2&c=") == {"a": ["1", "2"], "b": "x y", "c": ""}
    assert http.parseQuery("") == {}
    with pytest.raises(TypeError, match=r"^http\.encodeQuery: expected an object as 'params', got array$"):
        http.encodeQuery([1])
