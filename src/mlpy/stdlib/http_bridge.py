"""The ML ``http`` module: HTTP requests checked against the net grant, and URL helpers.

Every request checks the net grant for ``host:port`` inside the function, and again for every
redirect hop: redirects are followed here, one at a time (at most ``MAX_REDIRECTS``), never by the
HTTP library. Responses are read as a stream and refused once they exceed ``MAX_RESPONSE_SIZE`` bytes;
every request has a timeout (``DEFAULT_TIMEOUT`` seconds unless one is given, at most
``MAX_TIMEOUT``). Environment proxies and ``.netrc`` are ignored (``trust_env=False``) so the process
environment cannot redirect traffic. When a redirect leaves the original host, ``Authorization`` and
``Cookie`` headers are dropped. Only ``http`` and ``https`` URLs are accepted.

Request options (``post/put/patch(url, options)``, ``request(options)``): ``method``, ``url``,
``headers`` (object), ``body`` (string), ``json`` (any ML value, sent as JSON), ``data`` (object,
form-encoded), ``params`` (object, added to the query string), ``timeout`` (seconds).
Network failures raise a catchable ValueError naming the function and the URL.
"""

from __future__ import annotations

import json as _json
import re
import urllib.parse as _urlparse
from typing import Any

from mlpy.modules.bridge_support import expect_dict, expect_number, expect_str, ml_type_name
from mlpy.modules.decorators import ml_class, ml_function, ml_module
from mlpy.runtime.capabilities import require_host

DEFAULT_TIMEOUT = 30
MAX_TIMEOUT = 300
MAX_RESPONSE_SIZE = 10 * 1024 * 1024
MAX_REDIRECTS = 10
_NET = ["network.http"]
_REDIRECTS = {301, 302, 303, 307, 308}
_OPTION_KEYS = {"method", "url", "headers", "body", "json", "data", "params", "timeout"}
_METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"}


@ml_class(name="HttpResponse", description="The response to an HTTP request")
class HttpResponse:
    """Status, headers and body of a completed request."""

    __slots__ = ("_status", "_reason", "_headers", "_content", "_encoding")

    def __init__(self, status: int, reason: str, headers: dict[str, str], content: bytes,
                 encoding: str | None) -> None:
        self._status = status
        self._reason = reason
        self._headers = headers
        self._content = content
        self._encoding = encoding or "utf-8"

    def status(self) -> int:
        """The status code (200, 404, ...)."""
        return self._status

    def statusText(self) -> str:  # noqa: N802 - ML name
        """The reason phrase ("OK", "Not Found", ...)."""
        return self._reason

    def headers(self) -> dict[str, str]:
        """Response headers, names in lower case."""
        return dict(self._headers)

    def body(self) -> str:
        """The body decoded as text."""
        return self.text()

    def text(self) -> str:
        """The body decoded as text (undecodable bytes replaced)."""
        try:
            return self._content.decode(self._encoding, errors="replace")
        except LookupError:
            return self._content.decode("utf-8", errors="replace")

    def ok(self) -> bool:
        """Whether the status is 200-299."""
        return 200 <= self._status < 300

    def json(self) -> Any:
        """The body parsed as JSON."""
        try:
            return _json.loads(self.text())  # JSON values are ML values
        except ValueError as exc:
            raise ValueError(f"HttpResponse.json: the body is not valid JSON: {exc}") from None


def _target(function: str, url: str) -> tuple[_urlparse.SplitResult, str]:
    """Check the URL's scheme and host; return it split, with its "host:port" grant target."""
    try:
        parts = _urlparse.urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"{function}: invalid URL '{url}': {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise ValueError(f"{function}: only http and https URLs are allowed, got '{url}'")
    host = (parts.hostname or "").lower()
    if not host:
        raise ValueError(f"{function}: the URL has no host: '{url}'")
    if port is None:
        port = 443 if scheme == "https" else 80
    shown = f"[{host}]" if ":" in host else host
    return parts, f"{shown}:{port}"


def _headers(function: str, value: Any) -> dict[str, str]:
    if value is None:
        return {}
    raw = expect_dict(function, "headers", value)
    headers: dict[str, str] = {}
    for key, item in raw.items():
        if not isinstance(key, str) or not isinstance(item, str | int | float) or isinstance(item, bool):
            raise TypeError(f"{function}: header values must be strings or numbers ('{key}')")
        text = str(item)
        if any(c in key + text for c in "\r\n\0"):
            raise ValueError(f"{function}: header '{key}' contains a line break")
        headers[key] = text
    return headers


def _timeout(function: str, value: Any) -> float:
    if value is None:
        return float(DEFAULT_TIMEOUT)
    seconds = expect_number(function, "timeout", value)
    if not 0 < seconds <= MAX_TIMEOUT:
        raise ValueError(f"{function}: timeout must be more than 0 and at most {MAX_TIMEOUT} seconds")
    return float(seconds)


def _query_value(value: Any, function: str = "http.encodeQuery") -> str:
    """One query key or value as text. Only scalars: ``str()`` of anything else would put Python's
    own notation (``<function f at 0x...>``, ``{'a': 1}``) into the URL."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    raise TypeError(f"{function}: query values must be strings, numbers, booleans or null, "
                    f"not {ml_type_name(value)}")


def _encode_query(function: str, params: Any) -> str:
    pairs: list[tuple[str, str]] = []
    for key, value in expect_dict(function, "params", params).items():
        values = value if isinstance(value, list) else [value]
        pairs.extend((_query_value(key, function), _query_value(item, function)) for item in values)
    return _urlparse.urlencode(pairs, quote_via=_urlparse.quote_plus)


def _send(function: str, method: str, url: Any, options: dict[str, Any]) -> HttpResponse:
    """Perform one request, following redirects by hand with a grant check per hop."""
    import httpx

    current = expect_str(function, "url", url)
    headers = _headers(function, options.get("headers"))
    timeout = _timeout(function, options.get("timeout"))
    content: bytes | None = None
    if options.get("json") is not None:
        try:
            content = _json.dumps(options["json"], ensure_ascii=False).encode("utf-8")
        except (TypeError, ValueError):
            raise TypeError(f"{function}: the 'json' option holds a value JSON cannot represent") from None
        headers.setdefault("Content-Type", "application/json")
    elif options.get("data") is not None:
        content = _encode_query(function, options["data"]).encode("utf-8")
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
    elif options.get("body") is not None:
        content = expect_str(function, "body", options["body"]).encode("utf-8")
    if options.get("params") is not None:
        query = _encode_query(function, options["params"])
        if query:
            current += ("&" if "?" in current else "?") + query
    parts, target = _target(function, current)
    first_host = parts.hostname
    transport = _checked_transport(function)
    with httpx.Client(follow_redirects=False, trust_env=False, timeout=timeout, transport=transport) as client:
        for _hop in range(MAX_REDIRECTS + 1):
            # The name first (a denied or never-granted name is refused without a DNS lookup); the
            # address the connection really uses is checked in the transport, per connection.
            require_host(parts.hostname or "", int(target.rsplit(":", 1)[1]), function)
            try:
                with client.stream(method, current, headers=headers, content=content) as response:
                    location = response.headers.get("location")
                    if response.status_code in _REDIRECTS and location:
                        current = str(_urlparse.urljoin(current, location))
                        parts, target = _target(function, current)
                        if response.status_code == 303 or (
                                response.status_code in (301, 302) and method == "POST"):
                            method, content = "GET", None
                            headers = {k: v for k, v in headers.items() if k.lower() != "content-type"}
                        if parts.hostname != first_host:
                            headers = {k: v for k, v in headers.items()
                                       if k.lower() not in ("authorization", "cookie")}
                        continue
                    body = _read_limited(function, response)
                    return HttpResponse(response.status_code, response.reason_phrase,
                                        {k.lower(): v for k, v in response.headers.items()}, body,
                                        response.encoding)
            except httpx.TimeoutException:
                raise ValueError(f"{function}: request to '{current}' timed out after {timeout:g} s") from None
            except httpx.HTTPError as exc:
                raise ValueError(f"{function}: request to '{current}' failed: {_reason(exc)}") from None
    raise ValueError(f"{function}: too many redirects (more than {MAX_REDIRECTS})")


MAX_URI_CHARS = 1_000_000
"""Longest text the URL helpers encode or decode (they work a character at a time in Python)."""


def _uri_text(function: str, param: str, value: Any) -> str:
    text = expect_str(function, param, value)
    if len(text) > MAX_URI_CHARS:
        from mlpy.errors import MLLimitError  # noqa: PLC0415 - error path only

        raise MLLimitError(f"{function}: the text has {len(text)} characters (limit: {MAX_URI_CHARS})")
    return text


def _reason(exc: BaseException) -> str:
    """A network failure in plain words: the library's message without ``[Errno N]`` prefixes and
    never a Python class name."""
    text = re.sub(r"\[Errno -?\d+\]\s*", "", str(exc)).strip()
    return text or "the connection failed"


def _checked_transport(function: str) -> Any:
    """An httpx transport whose every TCP connection goes to an address checked against the grants.

    The host name of each connection (first request or redirect hop) is resolved here, each
    address is checked with ``require_connection`` (allow and deny rules on the name *and* the
    address), and the socket connects to exactly that address, so a second DNS answer cannot
    move it (no DNS-rebinding gap). TLS still verifies the certificate against the name.
    """
    import httpcore
    import httpx

    from mlpy.runtime.capabilities import require_connection
    from mlpy.runtime.netaddr import resolve

    class CheckedBackend(httpcore.SyncBackend):
        def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                        local_address: str | None = None, socket_options: Any = None) -> Any:
            try:
                addresses = resolve(host, port)
            except (OSError, ValueError, UnicodeError):
                raise httpcore.ConnectError(f"the name '{host}' does not resolve") from None
            failure: Exception = httpcore.ConnectError(f"the name '{host}' has no address")
            for address in addresses:
                require_connection(host, address, port, function)
                try:
                    return super().connect_tcp(address, port, timeout, local_address, socket_options)
                except httpcore.ConnectError as exc:
                    failure = exc
            raise failure

    transport = httpx.HTTPTransport(trust_env=False)
    pool = getattr(transport, "_pool", None)
    if pool is None or not hasattr(pool, "_network_backend"):
        raise RuntimeError("this httpx version does not let mlpy check the connected address")
    pool._network_backend = CheckedBackend()
    return transport


def _read_limited(function: str, response: Any) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_RESPONSE_SIZE:
        raise ValueError(f"{function}: the response is larger than {MAX_RESPONSE_SIZE} bytes")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > MAX_RESPONSE_SIZE:
            raise ValueError(f"{function}: the response is larger than {MAX_RESPONSE_SIZE} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _options(function: str, options: Any) -> dict[str, Any]:
    if options is None:
        return {}
    given = expect_dict(function, "options", options)
    unknown = [k for k in given if k not in _OPTION_KEYS]
    if unknown:
        raise ValueError(f"{function}: unknown option '{unknown[0]}' (known: {', '.join(sorted(_OPTION_KEYS))})")
    return given


@ml_module(
    name="http",
    description="HTTP client (needs the net grant) and URL helpers",
    capabilities=["network.http", "network.https"],
    version="1.0.0",
    constants=["DEFAULT_TIMEOUT", "MAX_RESPONSE_SIZE"],
)
class HttpModule:
    """HTTP requests with per-hop grant checks, timeouts and a response size limit."""

    DEFAULT_TIMEOUT = DEFAULT_TIMEOUT
    MAX_RESPONSE_SIZE = MAX_RESPONSE_SIZE

    @ml_function(description="GET a URL", capabilities=_NET)
    def get(self, url: str, headers: dict | None = None, timeout: int | None = None) -> HttpResponse:
        return _send("http.get", "GET", url, {"headers": headers, "timeout": timeout})

    @ml_function(description="POST to a URL (options: headers, body, json, data, params, timeout)",
                 capabilities=_NET)
    def post(self, url: str, options: dict | None = None) -> HttpResponse:
        return _send("http.post", "POST", url, _options("http.post", options))

    @ml_function(description="PUT to a URL", capabilities=_NET)
    def put(self, url: str, options: dict | None = None) -> HttpResponse:
        return _send("http.put", "PUT", url, _options("http.put", options))

    @ml_function(description="DELETE a URL", capabilities=_NET)
    def delete(self, url: str, headers: dict | None = None, timeout: int | None = None) -> HttpResponse:
        return _send("http.delete", "DELETE", url, {"headers": headers, "timeout": timeout})

    @ml_function(description="PATCH a URL", capabilities=_NET)
    def patch(self, url: str, options: dict | None = None) -> HttpResponse:
        return _send("http.patch", "PATCH", url, _options("http.patch", options))

    @ml_function(description="HEAD a URL", capabilities=_NET)
    def head(self, url: str, headers: dict | None = None, timeout: int | None = None) -> HttpResponse:
        return _send("http.head", "HEAD", url, {"headers": headers, "timeout": timeout})

    @ml_function(description="A request described by options {method, url, headers, body, json, ...}",
                 capabilities=_NET)
    def request(self, options: dict) -> HttpResponse:
        given = _options("http.request", expect_dict("http.request", "options", options))
        method = expect_str("http.request", "method", given.get("method", "GET")).upper()
        if method not in _METHODS:
            raise ValueError(f"http.request: unknown method '{method}'")
        if "url" not in given:
            raise ValueError("http.request: the options need a 'url'")
        return _send("http.request", method, given["url"], given)

    @ml_function(description="Percent-encode text, keeping letters, digits and -_.~/", capabilities=[])
    def encodeURI(self, text: str) -> str:  # noqa: N802 - ML name
        try:
            return _urlparse.quote(_uri_text("http.encodeURI", "text", text), safe="/")
        except UnicodeEncodeError:
            raise ValueError("http.encodeURI: the text holds a lone surrogate, which UTF-8 cannot "
                             "encode") from None

    @ml_function(description="Decode percent-encoded text", capabilities=[])
    def decodeURI(self, text: str) -> str:  # noqa: N802 - ML name
        return _urlparse.unquote(_uri_text("http.decodeURI", "text", text))

    @ml_function(description="An object as a query string (spaces as +, arrays repeat the key)",
                 capabilities=[])
    def encodeQuery(self, params: dict) -> str:  # noqa: N802 - ML name
        return _encode_query("http.encodeQuery", params)

    @ml_function(description="A query string as an object (repeated keys give arrays)", capabilities=[])
    def parseQuery(self, query: str) -> dict:  # noqa: N802 - ML name
        text = _uri_text("http.parseQuery", "query", query)
        result: dict[str, Any] = {}
        for key, value in _urlparse.parse_qsl(text.lstrip("?"), keep_blank_values=True):
            if key in result:
                previous = result[key]
                result[key] = [*previous, value] if isinstance(previous, list) else [previous, value]
            else:
                result[key] = value
        return result


http = HttpModule()
