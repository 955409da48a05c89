"""``mlpy check --suggest-grants``: the grants a program needs, inferred from its stdlib calls.

The program is parsed (with recovery, so a file with mistakes still gets an answer) and every call
``module.function(...)`` on an imported standard module that checks a grant is looked up in
``PRIVILEGED_CALLS``: which grant kind it needs and which argument names the resource. A literal
argument gives the exact resource (a path, the host of a URL, a variable name); a path built as
``"data/" + name`` gives its literal folder; anything computed at run time gives the whole kind,
with a note saying so. The suggestion is what a reviewer would grant, never more than the calls
need; the program's own ``capability`` blocks are reported separately by ``mlpy check``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from mlpy.errors import display_path
from mlpy.language import nodes

KINDS = ("read", "write", "net", "env")

# module -> function -> ((grant kind, index of the argument naming the resource), ...). The index
# is None for a call that covers whatever is granted (``env.all()``). Kept in step with the
# ``require_path``/``require`` calls of the bridges in ``mlpy/stdlib``.
PRIVILEGED_CALLS: dict[str, dict[str, tuple[tuple[str, int | None], ...]]] = {
    "file": {
        **dict.fromkeys(("read", "readBytes", "readLines", "exists", "size", "modifiedTime", "isFile",
                         "isDirectory"), (("read", 0),)),
        **dict.fromkeys(("write", "writeBytes", "writeLines", "append", "delete"), (("write", 0),)),
        "copy": (("read", 0), ("write", 1)),
        "move": (("read", 0), ("write", 0), ("write", 1)),
    },
    "path": {
        **dict.fromkeys(("exists", "isFile", "isDirectory", "listDir", "glob", "walk"), (("read", 0),)),
        **dict.fromkeys(("createDir", "removeDir", "removeDirRecursive"), (("write", 0),)),
        **dict.fromkeys(("cwd", "home"), (("read", 0),)),  # the folder they reveal
    },
    "csv": {
        **dict.fromkeys(("read", "count_rows", "get_headers"), (("read", 0),)),
        "write": (("write", 0),),
        "append": (("read", 0), ("write", 0)),
    },
    "crypto": {"hash_file": (("read", 0),)},
    "log": {"add_file": (("write", 0),)},
    "env": {
        **dict.fromkeys(("get", "require", "has", "get_int", "get_bool", "get_float", "set", "delete"),
                        (("env", 0),)),
        "all": (("env", None),),
    },
    "http": dict.fromkeys(("get", "post", "put", "delete", "patch", "head", "request"), (("net", 0),)),
}
_DEFAULT_ARGUMENTS = {("path", "listDir"): ".", ("path", "cwd"): ".", ("path", "home"): "~"}
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class GrantUse:
    """One privileged call: the grant ``kind`` it needs and its ``resource`` (None: not literal)."""

    kind: str
    resource: str | None
    function: str
    line: int
    column: int
    note: str = ""


@dataclass(slots=True)
class InferredGrants:
    """Every privileged call found, and the grants that cover them."""

    uses: list[GrantUse] = field(default_factory=list)

    def grants(self) -> dict[str, list[str] | None]:
        """Per kind, the resources to grant in first-use order, or None for the whole kind (some
        call's resource is only known at run time)."""
        out: dict[str, list[str] | None] = {}
        for kind in KINDS:
            uses = [use for use in self.uses if use.kind == kind]
            if not uses:
                continue
            if any(use.resource is None for use in uses):
                out[kind] = None
            else:
                out[kind] = list(dict.fromkeys(use.resource for use in uses if use.resource is not None))
        return out

    def flags(self) -> list[str]:
        """The ``--allow-*`` flags of ``mlpy run``."""
        return [f"--allow-{kind}" if resources is None else f"--allow-{kind}={','.join(resources)}"
                for kind, resources in self.grants().items()]

    def toml(self) -> str:
        """The ``[mlpy.capabilities]`` section of ``mlpy.toml`` granting the same."""
        lines = ["[mlpy.capabilities]"]
        for kind, resources in self.grants().items():
            value = "true" if resources is None else "[" + ", ".join(_toml_string(r) for r in resources) + "]"
            lines.append(f"allow-{kind} = {value}")
        return "\n".join(lines)


def infer_grants(source: str, filename: str = "<ml>") -> InferredGrants:
    """The grants ``source`` needs for its standard-library calls (see the module docstring)."""
    from mlpy.language.parser import parse_recovering

    program = parse_recovering(source, filename).program
    modules = _imported_stdlib_modules(program)
    inferred = InferredGrants()
    if not modules:
        return inferred
    from mlpy.tools.check import walk

    for node in walk(program):
        if type(node) is nodes.Call:
            inferred.uses.extend(_uses_of_call(node, modules))
    return inferred


def suggestion_text(inferred: InferredGrants, filename: str) -> str:
    """The ``--suggest-grants`` report: each privileged call, the flags, the ``mlpy.toml`` section."""
    shown = display_path(filename)
    if not inferred.uses:
        return f"{shown}: needs no grants (no privileged standard-library calls found)"
    lines = [f"{shown}: grants needed by its standard-library calls:"]
    for use in inferred.uses:
        what = f"{use.kind} of {use.resource}" if use.resource is not None else f"{use.kind} ({use.note})"
        lines.append(f"  line {use.line}: {use.function} needs {what}")
    lines.append("flags:")
    lines.append(f"  mlpy run {' '.join(inferred.flags())} {shown}")
    if any(resources is None for resources in inferred.grants().values()):
        lines.append("  (a bare --allow-KIND grants every resource of that kind: narrow it to what the "
                     "computed values can be)")
    lines.append("mlpy.toml:")
    lines.extend("  " + line for line in inferred.toml().splitlines())
    lines.append("  (relative paths are relative to the working directory of the run, and in mlpy.toml "
                 "to its folder)")
    return "\n".join(lines)


def _imported_stdlib_modules(program: nodes.Program) -> dict[str, str]:
    """Names bound by ``import`` to a module of ``PRIVILEGED_CALLS`` (alias -> module)."""
    found: dict[str, str] = {}
    for stmt in program.body:
        if type(stmt) is nodes.Import and len(stmt.path) == 1 and stmt.path[0] in PRIVILEGED_CALLS:
            found[stmt.alias or stmt.path[0]] = stmt.path[0]
    return found


def _uses_of_call(call: nodes.Call, modules: dict[str, str]) -> Iterator[GrantUse]:
    """The grants one call needs, when it is ``module.function(...)`` of a privileged function."""
    func = call.func
    if type(func) is not nodes.Member or type(func.obj) is not nodes.Name:
        return
    module = modules.get(func.obj.id)
    if module is None:
        return
    needs = PRIVILEGED_CALLS[module].get(func.name)
    if needs is None:
        return
    name = f"{module}.{func.name}"
    for kind, index in needs:
        if index is None:
            yield GrantUse(kind, None, name, call.line, call.col, "the variables that are granted")
            continue
        arg = call.args[index] if index < len(call.args) else None
        if arg is None:
            default = _DEFAULT_ARGUMENTS.get((module, func.name))
            if default is not None:
                yield GrantUse(kind, default, name, call.line, call.col)
            continue
        if module == "http" and func.name == "request":
            arg = _object_value(arg, "url")
        resource, note = _resource(kind, arg, modules)
        yield GrantUse(kind, resource, name, call.line, call.col, note)


def _object_value(expr: nodes.Expr, key: str) -> nodes.Expr | None:
    """The value of ``key`` in an object literal, or None."""
    if type(expr) is nodes.Object:
        for entry in expr.entries:
            if entry.key == key:
                return entry.value
    return None


def _resource(kind: str, arg: nodes.Expr | None, modules: dict[str, str]) -> tuple[str | None, str]:
    """The literal resource an argument names, or None and a note saying why it is not known."""
    text, whole = _literal_prefix(arg, modules)
    if text is None:
        return None, "computed at run time"
    if kind == "net":
        host = _url_host(text, whole)
        return (host, "") if host else (None, "the host is computed at run time")
    if kind == "env":
        return (text, "") if whole else (None, "the variable name is computed at run time")
    if whole and not any(ch in _GLOB_CHARS for ch in text):
        return text, ""
    folder = _folder_of(text)
    if folder is None:
        return None, "the path is computed at run time"
    return folder, ""


def _literal_prefix(arg: nodes.Expr | None, modules: dict[str, str]) -> tuple[str | None, bool]:
    """The text of a literal string argument and True; or the literal start of a ``"lit" + x``
    concatenation and False; or None. Concatenations of literals and ``path.join`` of literals
    count as literals."""
    if arg is None:
        return None, False
    if type(arg) is nodes.String:
        return arg.value, True
    if type(arg) is nodes.Binary and arg.op == "+":
        left, left_whole = _literal_prefix(arg.left, modules)
        if left is not None and left_whole:
            right, right_whole = _literal_prefix(arg.right, modules)
            if right is not None and right_whole:
                return left + right, True
        return left, False
    if (type(arg) is nodes.Call and type(arg.func) is nodes.Member and type(arg.func.obj) is nodes.Name
            and modules.get(arg.func.obj.id) == "path" and arg.func.name == "join" and arg.args):
        parts = [_literal_prefix(part, modules) for part in arg.args]
        if all(text is not None and whole for text, whole in parts):
            return posixpath.join(*(text for text, _whole in parts if text is not None)), True
    return None, False


def _folder_of(path: str) -> str | None:
    """The literal folder a partial path or glob pattern lies in (``data/in_*.csv`` -> ``data``)."""
    cut = min((i for i, ch in enumerate(path) if ch in _GLOB_CHARS), default=len(path))
    head = path[:cut]
    slash = head.rfind("/")
    if slash < 0:
        return None
    return head[:slash] or "/"


def _url_host(url: str, whole: bool) -> str | None:
    """``host`` or ``host:port`` of a URL, or of the literal start of one when it already holds the
    whole host (``"https://api.example.com/items/" + id``); else None."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        return None
    if not parts.scheme or not host:
        return None
    if not whole and "/" not in url.partition("://")[2]:
        return None  # the host itself may go on in the computed part
    return f"{host}:{port}" if port else host


def _toml_string(text: str) -> str:
    """A TOML basic string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


__all__ = ["GrantUse", "InferredGrants", "PRIVILEGED_CALLS", "infer_grants", "suggestion_text"]
