"""The ML ``args`` module: the program's command-line arguments and a small argument parser.

The arguments come from the current execution context: ``mlpy.runtime.context.current().argv`` is
``[script, arg1, arg2, ...]`` (like ``sys.argv``; ``mlpy run prog.ml a b`` gives
``["prog.ml", "a", "b"]``). ``all()`` returns that whole list, ``script()`` its first item and
``rest()`` the others.

``create_parser`` builds an ``ArgParser`` (its own small parser: it never exits the process or
prints, unlike Python's argparse). Syntax accepted by ``parse``: ``--flag``, ``-f``, ``--option value``,
``--option=value``, ``-o value``, positionals, and ``--`` to end options. Unknown options, a missing
option value or a missing required positional raise a ValueError naming the problem; the message
ends with the usage line.
"""

from __future__ import annotations

from typing import Any

from mlpy.modules.bridge_support import expect_bool, expect_list, expect_str
from mlpy.modules.decorators import ml_class, ml_function, ml_module


def _argv() -> list[str]:
    from mlpy.runtime.context import current

    values = getattr(current(), "argv", None) or []
    return [str(item) for item in values]


def _short(function: str, value: Any) -> str | None:
    if value is None or value == "":
        return None
    text = expect_str(function, "short", value).lstrip("-")
    if len(text) != 1:
        raise ValueError(f"{function}: a short name is one character, got {value!r}")
    return text


def _long(function: str, value: Any) -> str:
    text = expect_str(function, "name", value).lstrip("-")
    if not text or any(ch.isspace() or ch == "=" for ch in text):
        raise ValueError(f"{function}: invalid name {value!r}")
    return text


@ml_class(name="ParsedArgs", description="The result of ArgParser.parse")
class ParsedArgs:
    """Parsed flags, options and positionals."""

    __slots__ = ("_flags", "_options", "_positionals", "_named")

    def __init__(self, flags: dict[str, bool], options: dict[str, Any], positionals: list[str],
                 named: dict[str, Any]) -> None:
        self._flags = flags
        self._options = options
        self._positionals = positionals
        self._named = named

    def has(self, name: Any) -> bool:
        """Whether a flag was given, an option has a value, or a positional was given."""
        key = expect_str("ParsedArgs.has", "name", name).lstrip("-")
        if key in self._flags:
            return self._flags[key]
        if key in self._options:
            return self._options[key] is not None
        return self._named.get(key) is not None

    def get(self, name: Any, default: Any = None) -> Any:
        """The value of an option, positional or flag, or default."""
        key = expect_str("ParsedArgs.get", "name", name).lstrip("-")
        for table in (self._options, self._named, self._flags):
            if key in table and table[key] is not None:
                return table[key]
        return default

    def get_bool(self, name: Any) -> bool:
        """Whether a flag is set (an option's value "true"/"1"/"yes" counts as set)."""
        key = expect_str("ParsedArgs.get_bool", "name", name).lstrip("-")
        if key in self._flags:
            return self._flags[key]
        value = self._options.get(key, self._named.get(key))
        return isinstance(value, str) and value.lower() in ("true", "1", "yes", "on")

    def flags(self) -> dict[str, bool]:
        """Every declared flag and whether it was given."""
        return dict(self._flags)

    def options(self) -> dict[str, Any]:
        """Every declared option and its value (its default when not given)."""
        return dict(self._options)

    def positionals(self) -> list[str]:
        """All positional arguments in order (declared and extra)."""
        return list(self._positionals)


@ml_class(name="ArgParser", description="A command-line argument parser")
class ArgParser:
    """Declare flags, options and positionals, then parse an argument list."""

    __slots__ = ("_name", "_description", "_flags", "_options", "_positionals", "_shorts")

    def __init__(self, name: str, description: str) -> None:
        self._name = name
        self._description = description
        self._flags: dict[str, str] = {}
        self._options: dict[str, tuple[str, Any]] = {}
        self._positionals: list[tuple[str, str, bool]] = []
        self._shorts: dict[str, str] = {}

    def _declare(self, function: str, name: str, short: str | None) -> None:
        if name in self._flags or name in self._options or any(p[0] == name for p in self._positionals):
            raise ValueError(f"{function}: '{name}' is already declared")
        if short is not None:
            if short in self._shorts:
                raise ValueError(f"{function}: '-{short}' is already used by '--{self._shorts[short]}'")
            self._shorts[short] = name

    def add_flag(self, name: Any, short: Any = None, help_text: Any = "") -> ArgParser:
        """A boolean switch --name (and -short)."""
        key = _long("ArgParser.add_flag", name)
        self._declare("ArgParser.add_flag", key, _short("ArgParser.add_flag", short))
        self._flags[key] = expect_str("ArgParser.add_flag", "help_text", help_text or "")
        return self

    def add_option(self, name: Any, short: Any = None, help_text: Any = "", default: Any = None) -> ArgParser:
        """An option taking a value: --name VALUE or --name=VALUE."""
        key = _long("ArgParser.add_option", name)
        self._declare("ArgParser.add_option", key, _short("ArgParser.add_option", short))
        self._options[key] = (expect_str("ArgParser.add_option", "help_text", help_text or ""), default)
        return self

    def add_positional(self, name: Any, help_text: Any = "", required: Any = False) -> ArgParser:
        """A positional argument, in declaration order."""
        key = _long("ArgParser.add_positional", name)
        self._declare("ArgParser.add_positional", key, None)
        self._positionals.append((key, expect_str("ArgParser.add_positional", "help_text", help_text or ""),
                                  expect_bool("ArgParser.add_positional", "required", required)))
        return self

    def _usage(self) -> str:
        parts = [self._name or "program"]
        parts += [f"[--{n}]" for n in self._flags]
        parts += [f"[--{n} VALUE]" for n in self._options]
        parts += [n if required else f"[{n}]" for n, _h, required in self._positionals]
        return "usage: " + " ".join(parts)

    def _fail(self, message: str) -> ValueError:
        return ValueError(f"ArgParser.parse: {message}\n{self._usage()}")

    def parse(self, argv: Any = None) -> ParsedArgs:
        """Parse argv (default: the program's arguments after the script name)."""
        tokens = _argv()[1:] if argv is None else [
            expect_str("ArgParser.parse", f"argv[{i}]", t)
            for i, t in enumerate(expect_list("ArgParser.parse", "argv", argv))]
        flags = dict.fromkeys(self._flags, False)
        options = {name: default for name, (_help, default) in self._options.items()}
        positionals: list[str] = []
        index, only_positionals = 0, False
        while index < len(tokens):
            token = tokens[index]
            index += 1
            if only_positionals or token == "-" or not token.startswith("-"):
                positionals.append(token)
                continue
            if token == "--":
                only_positionals = True
                continue
            if token.startswith("--"):
                name, equals, inline = token[2:].partition("=")
                has_value = bool(equals)
            elif len(token) > 2 and token[2] != "=" and self._shorts.get(token[1], "") in self._flags:
                # Combined short flags (-vf), the last of which may be an option (-vo FILE, -vofile).
                index = self._short_cluster(token, tokens, index, flags, options)
                continue
            else:
                name = self._shorts.get(token[1], "")
                inline = token[2:].removeprefix("=")
                has_value = len(token) > 2
            if name in self._flags:
                if has_value:
                    raise self._fail(f"flag '{token}' takes no value")
                flags[name] = True
            elif name in self._options:
                options[name], index = self._option_value(inline if has_value else None, tokens, index, token)
            else:
                raise self._fail(f"unknown option '{token}'")
        named: dict[str, Any] = {}
        for position, (name, _help, required) in enumerate(self._positionals):
            if position < len(positionals):
                named[name] = positionals[position]
            elif required:
                raise self._fail(f"missing required argument '{name}'")
            else:
                named[name] = None
        return ParsedArgs(flags, options, positionals, named)

    def _short_cluster(self, token: str, tokens: list[str], index: int, flags: dict[str, bool],
                       options: dict[str, Any]) -> int:
        """Apply ``-abc`` (each letter a flag, an option letter taking the rest or the next token);
        return the index of the next token to read."""
        for position, letter in enumerate(token[1:], start=1):
            name = self._shorts.get(letter, "")
            if name in self._flags:
                flags[name] = True
            elif name in self._options:
                rest = token[position + 1:].removeprefix("=")
                options[name], index = self._option_value(rest or None, tokens, index, f"-{letter}")
                return index
            else:
                raise self._fail(f"unknown option '-{letter}' in '{token}'")
        return index

    def _option_value(self, inline: str | None, tokens: list[str], index: int, shown: str) -> tuple[str, int]:
        """An option's value, written ``inline`` (``--out=x``, ``-ox``) or else the next token, and the
        index of the token after it; ``shown`` names the option when the value is missing."""
        if inline is not None:
            return inline, index
        if index < len(tokens):
            return tokens[index], index + 1
        raise self._fail(f"option '{shown}' needs a value")

    def help(self) -> str:
        """The usage text with every declared argument."""
        lines = [self._usage()]
        if self._description:
            lines += ["", self._description]
        entries: list[tuple[str, str]] = []
        shorts = {name: short for short, name in self._shorts.items()}
        for name, text in self._flags.items():
            entries.append((f"-{shorts[name]}, --{name}" if name in shorts else f"--{name}", text))
        for name, (text, default) in self._options.items():
            label = f"-{shorts[name]}, --{name} VALUE" if name in shorts else f"--{name} VALUE"
            entries.append((label, text + (f" (default: {default})" if default is not None else "")))
        for name, text, required in self._positionals:
            entries.append((name, text + ("" if required else " (optional)")))
        if entries:
            width = max(len(label) for label, _text in entries)
            lines += [""] + [f"  {label.ljust(width)}  {text}".rstrip() for label, text in entries]
        return "\n".join(lines)


@ml_module(
    name="args",
    description="Command-line arguments of the program",
    capabilities=["args.read"],
    version="1.0.0",
)
class Args:
    """The program's arguments and an argument parser."""

    @ml_function(description="[script, arg1, ...] as given on the command line")
    def all(self) -> list[str]:
        return _argv()

    @ml_function(description="The script's path as given on the command line")
    def script(self) -> str:
        values = _argv()
        return values[0] if values else ""

    @ml_function(description="The arguments after the script")
    def rest(self) -> list[str]:
        return _argv()[1:]

    @ml_function(description="A new ArgParser", capabilities=[])
    def create_parser(self, name: str = "", description: str = "") -> ArgParser:
        return ArgParser(expect_str("args.create_parser", "name", name),
                         expect_str("args.create_parser", "description", description))


args = Args()
