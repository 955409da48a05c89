"""Grants: what an ML run may touch outside itself, and the one check privileged code calls.

An ML program is untrusted, so every privileged function (reading a file, opening a connection,
reading an environment variable) asks, *inside the function and against the real resolved target*,
whether the current run holds a matching grant. The model is Deno's permission flags:
four kinds -- ``read``, ``write``, ``net``, ``env`` -- each with an allow set (everything, or a list of
paths / ``host[:port]`` / variable names) and a deny set that always wins.

Grants come from strings mirroring the CLI flags (``Grants.from_strings(["read:/data", "net",
"deny-read:/data/secret"])``) or from the flags themselves (``Grants.from_cli(allow_read="/data")``).

Extension module authors use the same check as the standard library. ``require`` is that public
API: call it first thing in a privileged function, with the target your code will really use::

    from mlpy.runtime.capabilities import require
    from mlpy.modules.decorators import ml_function, ml_module

    @ml_module(name="notes", description="Read notes", capabilities=["file.read"])
    class Notes:
        @ml_function(description="Read a note", capabilities=["file.read"])
        def read(self, path: str) -> str:
            resolved = require("read", path, function="notes.read")   # raises MLCapabilityError
            with open(resolved, encoding="utf-8") as handle:         # open what was checked
                return handle.read()

    notes = Notes()

``require`` returns the resolved target (a real path for ``read``/``write``) so that the code opens
exactly what was checked. Use ``check(kind, target)`` for a yes/no answer without raising.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mlpy.errors import MLCapabilityError
from mlpy.language.advice import denied_by, deny_rule, grant_advice, grant_spelling
from mlpy.runtime.netaddr import canonical_host, is_ip

if TYPE_CHECKING:
    from mlpy.language import nodes

KINDS: tuple[str, ...] = ("read", "write", "net", "env")
"""The four grant kinds, in the order they are described."""

CAPABILITY_KINDS: dict[str, str] = {
    "file.read": "read",
    "path.read": "read",
    "file.write": "write",
    "file.append": "write",
    "file.delete": "write",
    "path.write": "write",
    "network.http": "net",
    "network.https": "net",
    "env.read": "env",
    "env.write": "env",
}
"""Standard library capability names (spec/stdlib.md) that need a grant, mapped to its kind.
Every other declared name (``math.compute``, ``console.write`` ...) is pure and always granted."""

_FLAG_TARGET = {"read": "PATH", "write": "PATH", "net": "HOST[:PORT]", "env": "VAR"}
_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443, "ftp": 21}


# ----------------------------------------------------------------------------- target normalising


def resolve_path(path: str | os.PathLike[str]) -> str:
    """The real absolute path: relative to the working directory, ``..`` and symlinks resolved.

    Used both when granting and when checking, so a symlink inside a granted directory that points
    outside it is judged by where it really points.
    """
    text = os.fspath(path)
    if not isinstance(text, str):
        raise ValueError("a path must be a string")
    if text == "":
        raise ValueError("empty path")
    if "\x00" in text:
        raise ValueError("a path may not contain a NUL character")
    return os.path.realpath(text)


def _path_covers(granted: str, target: str) -> bool:
    """True when ``target`` is ``granted`` or lies under it (component-wise, not string prefix)."""
    if target == granted:
        return True
    base = granted if granted.endswith(os.sep) else granted + os.sep
    return target.startswith(base)


def parse_host(text: str) -> tuple[str, int | None]:
    """Split ``host``, ``host:port``, ``[v6addr]:port`` or a URL into (lower-case host, port|None)."""
    raw = text.strip()
    if not raw:
        raise ValueError("empty host")
    if "://" in raw:
        from urllib.parse import urlsplit

        parts = urlsplit(raw)
        if not parts.hostname:
            raise ValueError(f"no host in URL '{text}'")
        try:
            port = parts.port
        except ValueError:
            raise ValueError(f"bad port in '{text}'") from None
        if port is None:
            port = _DEFAULT_PORTS.get(parts.scheme.lower())
        return canonical_host(parts.hostname), port
    host, port_text, has_port = raw, "", False
    if raw.startswith("["):
        end = raw.find("]")
        if end < 0:
            raise ValueError(f"unclosed '[' in host '{text}'")
        host, rest = raw[1:end], raw[end + 1:]
        if rest:
            if not rest.startswith(":"):
                raise ValueError(f"bad host '{text}'")
            port_text, has_port = rest[1:], True
    elif raw.count(":") == 1:
        host, port_text = raw.split(":")
        has_port = True
    if not host or any(ch.isspace() or ch in "/?#@[]" for ch in host):
        raise ValueError(f"bad host '{text}'")
    host = canonical_host(host)  # 127.1, 0x7f000001, ::ffff:127.0.0.1 ... are all 127.0.0.1
    if not has_port:
        return host, None
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ValueError(f"bad port in '{text}' (expected a number from 1 to 65535)")
    return host, int(port_text)


def _format_host(host: str, port: int | None) -> str:
    shown = f"[{host}]" if ":" in host else host
    return shown if port is None else f"{shown}:{port}"


def _check_env_name(name: str) -> str:
    if not name or "=" in name or "\x00" in name:
        raise ValueError(f"bad environment variable name '{name}'")
    return name


_PROCESS_ENVIRONMENT = re.compile(r"/proc/[0-9]+(?:/task/[0-9]+)?/environ\Z")
"""The real path of a process's environment file (``/proc/self/environ`` resolves to one)."""


def normalize_target(kind: str, target: str) -> str:
    """The canonical form of a target: a real path, ``host[:port]`` (lower case), or a variable name."""
    if kind in ("read", "write"):
        return resolve_path(target)
    if kind == "net":
        return _format_host(*parse_host(target))
    if kind == "env":
        return _check_env_name(target)
    raise ValueError(f"unknown grant kind '{kind}' (expected one of {', '.join(KINDS)})")


def _grant_target(kind: str, target: str) -> str:
    """Normalise a target given in a grant (a leading ``~`` is the host user's home here)."""
    if kind in ("read", "write"):
        return resolve_path(os.path.expanduser(target))
    return normalize_target(kind, target)


def _covers(kind: str, granted: str, target: str) -> bool:
    """Does the normalised grant entry ``granted`` cover the normalised ``target``?"""
    if kind in ("read", "write"):
        return _path_covers(granted, target)
    if kind == "net":
        g_host, g_port = parse_host(granted)
        t_host, t_port = parse_host(target)
        return g_host == t_host and (g_port is None or g_port == t_port)
    return granted == target


# ----------------------------------------------------------------------------- the grant set


@dataclass(frozen=True)
class Scope:
    """One side (allow or deny) of one kind: everything, or a set of normalised targets."""

    everything: bool = False
    targets: frozenset[str] = frozenset()

    def matches(self, kind: str, target: str | None) -> str | None:
        """The entry covering ``target`` (``""`` for "everything"), or None. ``target=None`` asks
        about the whole kind and is only matched by "everything"."""
        if self.everything:
            return ""
        if target is None:
            return None
        for entry in sorted(self.targets):
            if _covers(kind, entry, target):
                return entry
        return None

    def union(self, other: Scope) -> Scope:
        if self.everything or other.everything:
            return Scope(everything=True)
        return Scope(targets=self.targets | other.targets)

    @property
    def empty(self) -> bool:
        return not self.everything and not self.targets


_EMPTY = Scope()


@dataclass(frozen=True)
class Decision:
    """The answer to one check: allowed or not, the resolved target, and why."""

    allowed: bool
    kind: str
    target: str | None
    denied_by: str | None = None
    """The deny rule that matched, as a capability string (``deny-read:/etc``, ``deny-net``), when a
    deny rule decided; messages name it as the run's front end set it (``--deny-read=/etc``)."""
    protected: str | None = None
    """Why the path is protected, when no grant could allow it (``runtime.protected``)."""
    needs_env: bool = False
    """A read refused for want of the ``env`` grant for every variable: the path is a process's
    environment file (``/proc/self/environ``), which a read grant alone must not reveal."""


@dataclass(frozen=True)
class Grants:
    """An immutable set of grants. Build with ``from_strings``, ``from_cli``, ``none`` or ``all``."""

    allow: tuple[tuple[str, Scope], ...] = field(default=())
    deny: tuple[tuple[str, Scope], ...] = field(default=())

    # -- construction ------------------------------------------------------------------------

    @classmethod
    def none(cls) -> Grants:
        """No grants at all: the default for every ML run."""
        return cls()

    @classmethod
    def all(cls) -> Grants:
        """Everything allowed (``--allow-all``)."""
        return cls(allow=tuple((kind, Scope(everything=True)) for kind in KINDS))

    @classmethod
    def _build(cls, allow: dict[str, Scope], deny: dict[str, Scope]) -> Grants:
        return cls(
            allow=tuple((k, allow[k]) for k in KINDS if k in allow and not allow[k].empty),
            deny=tuple((k, deny[k]) for k in KINDS if k in deny and not deny[k].empty),
        )

    @classmethod
    def from_strings(cls, items: Iterable[str]) -> Grants:
        """Parse API strings: ``read``, ``read:PATH``, ``write[:PATH]``, ``net[:HOST[:PORT]]``,
        ``env[:VAR]``, ``all``, ``deny-KIND[:TARGET]``; stdlib names (``file.read:PATH``) work too.
        Raises ``ValueError`` naming the bad string."""
        if isinstance(items, str):
            items = [items]
        allow: dict[str, Scope] = {}
        deny: dict[str, Scope] = {}
        for item in items:
            is_deny, kind, target = _parse_grant_string(item)
            side = deny if is_deny else allow
            if kind == "all":
                for each in KINDS:
                    side[each] = Scope(everything=True)
                continue
            scope = Scope(everything=True) if target is None else Scope(
                targets=frozenset({_grant_target_or_error(kind, target, item)}))
            side[kind] = side.get(kind, _EMPTY).union(scope)
        return cls._build(allow, deny)

    @classmethod
    def from_cli(
        cls,
        *,
        allow_read: str | Sequence[str] | None = None,
        allow_write: str | Sequence[str] | None = None,
        allow_net: str | Sequence[str] | None = None,
        allow_env: str | Sequence[str] | None = None,
        allow_all: bool = False,
        deny_read: str | Sequence[str] | None = None,
        deny_write: str | Sequence[str] | None = None,
        deny_net: str | Sequence[str] | None = None,
        deny_env: str | Sequence[str] | None = None,
    ) -> Grants:
        """Build grants from CLI flag values: ``None`` = flag absent, ``""`` = flag without a value
        (everything), ``"a,b"`` = those targets (a list of such strings is accepted too)."""
        strings: list[str] = ["all"] if allow_all else []
        flags = {
            ("", "read"): allow_read, ("", "write"): allow_write, ("", "net"): allow_net,
            ("", "env"): allow_env, ("deny-", "read"): deny_read, ("deny-", "write"): deny_write,
            ("deny-", "net"): deny_net, ("deny-", "env"): deny_env,
        }
        for (prefix, kind), value in flags.items():
            if value is None:
                continue
            values = [value] if isinstance(value, str) else list(value)
            for text in values:
                entries = [part.strip() for part in text.split(",") if part.strip()]
                if not entries:
                    strings.append(prefix + kind)
                strings.extend(f"{prefix}{kind}:{entry}" for entry in entries)
        return cls.from_strings(strings)

    def merge(self, other: Grants) -> Grants:
        """The union of both grant sets (allows and denies both add up; denies still win)."""
        allow = dict(self.allow)
        for kind, scope in other.allow:
            allow[kind] = allow.get(kind, _EMPTY).union(scope)
        deny = dict(self.deny)
        for kind, scope in other.deny:
            deny[kind] = deny.get(kind, _EMPTY).union(scope)
        return Grants._build(allow, deny)

    # -- questions ---------------------------------------------------------------------------

    def allowed_scope(self, kind: str) -> Scope:
        """The allow side of ``kind``."""
        return dict(self.allow).get(kind, _EMPTY)

    def denied_scope(self, kind: str) -> Scope:
        """The deny side of ``kind``."""
        return dict(self.deny).get(kind, _EMPTY)

    def decide(self, kind: str, target: str | os.PathLike[str] | None = None) -> Decision:
        """Check ``target`` (normalised here) against the grants; ``None`` asks for the whole kind
        (allowed only when everything is allowed and nothing is denied)."""
        if kind not in KINDS:
            raise ValueError(f"unknown grant kind '{kind}' (expected one of {', '.join(KINDS)})")
        resolved = None if target is None else normalize_target(kind, os.fspath(target))
        if resolved is not None and kind in ("read", "write"):
            from mlpy.runtime.protected import protection

            reason = protection(kind, resolved)
            if reason is not None:  # no grant covers it, not even --allow-all
                return Decision(False, kind, resolved, protected=reason)
            if kind == "read" and _PROCESS_ENVIRONMENT.match(resolved):
                # ``/proc/self/environ`` (or a parent's: the host's) holds every environment
                # variable: a read grant of /proc must not stand in for the env grant.
                environment = self.decide("env")
                if not environment.allowed:
                    return Decision(False, kind, resolved, environment.denied_by, needs_env=True)
        deny = self.denied_scope(kind)
        if target is None and not deny.empty:
            entry = "" if deny.everything else sorted(deny.targets)[0]
            return Decision(False, kind, None, deny_rule(kind, entry))
        hit = deny.matches(kind, resolved)
        if hit is not None:
            return Decision(False, kind, resolved, deny_rule(kind, hit))
        allowed = self.allowed_scope(kind).matches(kind, resolved) is not None
        return Decision(allowed, kind, resolved)

    def allows(self, kind: str, target: str | os.PathLike[str] | None = None) -> bool:
        """True when ``target`` of ``kind`` is granted and not denied."""
        return self.decide(kind, target).allowed

    def has(self, name: str) -> bool:
        """The ML builtin ``hasCapability(name)``: ``"read"``, ``"file.read"``, ``"read:/tmp/x"``,
        ``"network.http"``, ``"net:example.com:443"``, ``"all"`` ... Pure names (``math.compute``) are
        always true; a bare kind is true when anything of that kind is granted."""
        text = name.strip()
        if text == "all":
            return all(self.allowed_scope(k).everything and self.denied_scope(k).empty for k in KINDS)
        head, sep, target = text.partition(":")
        kind = _kind_of_word(head.strip())
        if kind is None:
            return True
        if sep:
            try:
                return self.allows(kind, target)
            except ValueError:
                return False
        return not self.allowed_scope(kind).empty

    def describe(self) -> list[str]:
        """The grants as API strings (``from_strings(g.describe()) == g``), allows first."""
        out: list[str] = []
        if all(self.allowed_scope(k).everything for k in KINDS):
            out.append("all")
        else:
            for kind, scope in self.allow:
                out.extend([kind] if scope.everything else [f"{kind}:{t}" for t in sorted(scope.targets)])
        for kind, scope in self.deny:
            out.extend([f"deny-{kind}"] if scope.everything
                       else [f"deny-{kind}:{t}" for t in sorted(scope.targets)])
        return out


def _flag(prefix: str, kind: str, entry: str) -> str:
    """The CLI flag for a grant entry: ``--allow-read=/etc`` or ``--deny-net``."""
    name = f"--{prefix or 'allow-'}{kind}"
    return f"{name}={entry}" if entry else name


def _kind_of_word(word: str) -> str | None:
    """``read``/``file.read``/``path.read`` ... → ``read``; pure or unknown names → None."""
    lowered = word.lower()
    if lowered in KINDS:
        return lowered
    return CAPABILITY_KINDS.get(lowered)


_GRANT_USAGE = (
    "expected 'read', 'write', 'net', 'env' or 'all', optionally with a target "
    "('read:PATH', 'write:PATH', 'net:HOST[:PORT]', 'env:VAR') and optionally prefixed by 'deny-'"
)


def _parse_grant_string(item: object) -> tuple[bool, str, str | None]:
    """Split one API grant string into (is_deny, kind, target|None)."""
    if not isinstance(item, str):
        raise ValueError(f"capability {item!r} is not a string")
    text = item.strip()
    is_deny = False
    for prefix in ("deny-", "allow-"):
        if text.startswith(prefix):
            is_deny = prefix == "deny-"
            text = text[len(prefix):]
    head, sep, target = text.partition(":")
    head = head.strip()
    if head == "all":
        if sep or is_deny:
            raise ValueError(f"bad capability '{item}': 'all' takes no target and cannot be denied")
        return False, "all", None
    kind = _kind_of_word(head)
    if kind is None:
        raise ValueError(f"unknown capability '{item}': {_GRANT_USAGE}")
    if sep and not target.strip():
        raise ValueError(f"bad capability '{item}': empty target after ':'")
    return is_deny, kind, (target.strip() if sep else None)


def _grant_target_or_error(kind: str, target: str, item: str) -> str:
    try:
        return _grant_target(kind, target)
    except ValueError as exc:
        raise ValueError(f"bad capability '{item}': {exc}") from None


# ----------------------------------------------------------------------------- the checks


def current_grants() -> Grants:
    """The grants of the active execution context (``Grants.none()`` when it has none)."""
    from mlpy.runtime.context import current

    grants = getattr(current(), "grants", None)
    return grants if isinstance(grants, Grants) else Grants.none()


_ACTIONS = {
    "read": "reading '{}'",
    "write": "writing '{}'",
    "net": "connecting to '{}'",
    "env": "accessing environment variable '{}'",
}
_WHOLE_KIND = {
    "read": "reading any file",
    "write": "writing any file",
    "net": "connecting to any host",
    "env": "accessing all environment variables",
}


def current_front_end() -> str:
    """Who started the active run (``"cli"``, ``"api"``, ``"repl"``): what its advice names."""
    from mlpy.runtime.context import current

    return getattr(current(), "front_end", "cli")


def _denial_message(decision: Decision, function: str, grants: Grants, shown: str | None = None,
                    front_end: str | None = None) -> str:
    """The error text for a refused check. ``shown`` is the target as the program wrote it (a path
    is never shown symlink-resolved: ``/proc/self/exe`` would reveal the interpreter's real path);
    the advice is phrased for ``front_end`` (default: the active run's)."""
    kind, target = decision.kind, shown if shown is not None else decision.target
    action = _WHOLE_KIND[kind] if target is None else _ACTIONS[kind].format(target)
    if decision.protected:
        return f"{function}: {action} is not allowed: {decision.protected} (no grant covers it)"
    if decision.needs_env:
        front_end = front_end or current_front_end()
        holds = "it holds every environment variable of a process"
        if decision.denied_by:
            return f"{function}: {action} is not allowed: {holds}, and {denied_by(decision.denied_by, front_end)} applies"
        return (f"{function}: {action} is not allowed: {holds}, which needs the env grant for all "
                f"variables besides the read grant. {grant_advice('env', None, front_end)}")
    if decision.denied_by:
        return f"{function}: {action} is denied by {denied_by(decision.denied_by, front_end or current_front_end())}"
    why = f"no {kind} grant" if grants.allowed_scope(kind).empty else f"no {kind} grant covers it"
    advice = grant_advice(kind, target, front_end or current_front_end())
    return f"{function}: {action} is not allowed ({why}). {advice}"


_DEFAULT_FUNCTION = {"read": "file.read", "write": "file.write", "net": "network.http", "env": "env.read"}


def require(kind: str, target: str | os.PathLike[str] | None = None, *,
            function: str | None = None) -> str | None:
    """Raise ``MLCapabilityError`` unless the current run may do ``kind`` on ``target``.

    ``kind`` is ``read``, ``write``, ``net`` or ``env`` (or a stdlib name such as ``file.read``);
    ``target`` is the path, ``host[:port]``/URL or variable name the caller will really use
    (``None`` = the whole kind, e.g. listing every environment variable). ``function`` is the ML-visible
    name shown in the error (default: the stdlib capability name of the kind, e.g. ``file.read``).
    Returns the normalised target (the real path for files), which is what
    the caller should then open.
    """
    resolved_kind = _kind_of_word(kind)
    if resolved_kind is None:
        raise ValueError(f"unknown grant kind '{kind}' (expected one of {', '.join(KINDS)})")
    function = function or _DEFAULT_FUNCTION[resolved_kind]
    grants = current_grants()
    try:
        decision = grants.decide(resolved_kind, target)
    except ValueError as exc:
        raise MLCapabilityError(f"{function}: {exc}") from None
    if not decision.allowed:
        shown = os.fspath(target) if target is not None and resolved_kind in ("read", "write") else None
        raise MLCapabilityError(_denial_message(decision, function, grants, shown))
    return decision.target


def require_connection(host: str, address: str, port: int, function: str) -> None:
    """Raise ``MLCapabilityError`` unless the run may connect to ``address`` (an IP the name
    ``host`` resolved to) on ``port``.

    The connection is allowed when a net grant covers the name or the address, and no deny rule
    covers either: so ``--deny-net=127.0.0.1`` also stops a name that resolves to it, and a grant
    for a name does not reach an address that is denied.
    """
    grants = current_grants()
    name = grants.decide("net", _format_host(host, port))
    numeric = grants.decide("net", _format_host(address, port))
    for decision in (name, numeric):
        if decision.denied_by:
            raise MLCapabilityError(_denial_message(decision, function, grants))
    if not (name.allowed or numeric.allowed):
        raise MLCapabilityError(_denial_message(name, function, grants))


def require_host(host: str, port: int, function: str) -> None:
    """The check before a name is even resolved: refuse a denied name, and refuse a name no grant
    could cover (no grant for it and no grant for any IP address) without a DNS lookup, which
    would itself leak the name to the network."""
    grants = current_grants()
    decision = grants.decide("net", _format_host(host, port))
    if decision.allowed:
        return
    scope = grants.allowed_scope("net")
    by_address = any(is_ip(parse_host(entry)[0]) for entry in scope.targets)
    if decision.denied_by or not by_address or is_ip(canonical_host(host)):
        raise MLCapabilityError(_denial_message(decision, function, grants))


def check(kind: str, target: str | os.PathLike[str] | None = None) -> bool:
    """True when the current run may do ``kind`` on ``target``; never raises for a bad target."""
    resolved_kind = _kind_of_word(kind)
    if resolved_kind is None:
        return True
    try:
        return current_grants().allows(resolved_kind, target)
    except ValueError:
        return False


# ----------------------------------------------------------------------------- requests


@dataclass(frozen=True)
class Request:
    """One grant a ``capability`` block asks for. ``kind`` is None for a permission word mlpy does
    not know (it can never be granted, and no privileged function checks it)."""

    kind: str | None
    target: str | None
    word: str
    declaration: str
    line: int | None = None
    column: int | None = None

    @property
    def flag(self) -> str:
        """The CLI flag that would grant this request (``--allow-read=/data``), or ``""``."""
        if self.kind is None:
            return ""
        return _flag("", self.kind, self.target or "")

    @property
    def capability(self) -> str:
        """The API string that would grant this request (``read:/data``)."""
        if self.kind is None:
            return self.word
        return self.kind if self.target is None else f"{self.kind}:{self.target}"

    def __str__(self) -> str:
        what = f"'{self.word}'" if self.kind is None else self.kind
        on = "" if self.target is None else f" of '{self.target}'"
        return f"capability {self.declaration} requests {what}{on}"


_REQUEST_WORDS = {
    "read": "read", "write": "write", "append": "write", "delete": "write", "create": "write",
    "net": "net", "network": "net", "http": "net", "https": "net", "connect": "net",
    "env": "env", "environment": "env",
}
_GLOB_CHARS = frozenset("*?[")


def _request_target(kind: str, target: str) -> str:
    """Normalise a requested target; for a glob pattern, the directory before the first wildcard."""
    if kind in ("read", "write") and any(ch in _GLOB_CHARS for ch in target):
        parts = target.replace("\\", "/").split("/")
        fixed: list[str] = []
        for part in parts:
            if any(ch in _GLOB_CHARS for ch in part):
                break
            fixed.append(part)
        target = "/".join(fixed) or ("/" if target.startswith("/") else ".")
    try:
        return normalize_target(kind, target)
    except ValueError:
        return target


def requests_from_decls(decls: Sequence[nodes.CapabilityDecl]) -> list[Request]:
    """The grants the ``capability`` blocks of a program request.

    ``allow read "p";`` requests read of ``p``; ``allow read;`` requests read of every ``resource``
    of the block (or of everything when the block names none). A ``resource`` no ``allow`` mentions
    requests nothing.
    """
    out: list[Request] = []
    seen: set[tuple[str | None, str | None, str]] = set()

    def add(kind: str | None, target: str | None, word: str, decl: Any, item: Any) -> None:
        key = (kind, target, word)
        if key in seen:
            return
        seen.add(key)
        out.append(Request(kind, target, word, decl.name, getattr(item, "line", None),
                           getattr(item, "col", None)))

    for decl in decls:
        resources = [arg for item in decl.items if item.kind == "resource" for arg in item.args]
        for item in decl.items:
            if item.kind != "allow":
                continue
            for word in item.words or ["read"]:
                kind = _REQUEST_WORDS.get(word.lower()) or CAPABILITY_KINDS.get(word.lower())
                targets = item.args or resources
                if kind is None:
                    add(None, None, word, decl, item)
                elif not targets:
                    add(kind, None, word, decl, item)
                else:
                    for target in targets:
                        add(kind, _request_target(kind, target), word, decl, item)
    return out


def missing_requests(requests: Iterable[Request], grants: Grants) -> list[Request]:
    """The requests ``grants`` does not satisfy (unknown permission words are never reported
    missing: nothing can grant them and nothing checks them; ``mlpy check`` lists them)."""
    missing = []
    for request in requests:
        if request.kind is None:
            continue
        try:
            ok = grants.allows(request.kind, request.target)
        except ValueError:
            ok = False
        if not ok:
            missing.append(request)
    return missing


def format_missing(missing: Sequence[Request], front_end: str = "cli") -> str:
    """A multi-line message for a run refusing to start: one line per missing grant, saying how
    ``front_end`` grants it (``--allow-read=/data``, ``capabilities=["read:/data"]``, ``.grant``)."""
    lines = ["the program requests capabilities that were not granted:"]
    for request in missing:
        where = f"line {request.line}: " if request.line is not None else ""
        how = request.flag if request.kind is None else grant_spelling(request.kind, request.target, front_end)
        lines.append(f"  {where}{request} (grant with {how})")
    return "\n".join(lines)


__all__ = [
    "CAPABILITY_KINDS",
    "KINDS",
    "Decision",
    "Grants",
    "Request",
    "Scope",
    "check",
    "current_front_end",
    "current_grants",
    "require_connection",
    "require_host",
    "format_missing",
    "missing_requests",
    "normalize_target",
    "parse_host",
    "require",
    "requests_from_decls",
    "resolve_path",
]
