"""A chat bot whose behaviour comes from ML plugin scripts: the host side.

Each ``plugins/*.ml`` file is one plugin. The host runs it once (``mlpy.run_file``) with the bot's
settings passed in as the ML global ``bot`` (``inputs=``), under a time and step limit. For every
chat message the host calls each plugin's ``on_message(user, text)`` (``result.call`` with limits
for that one call); a plugin answers by returning text and/or by calling back into the host through
the ``chat`` extension module (``chat_bridge.py``: replies, storage, the users and messages seen).
A plugin that fails or runs too long is switched off with the ML error as the reason; the others
go on.

    python examples/plugins/chatbot_host.py examples/plugins/session.txt
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chat_context import PluginCall, current_call

import mlpy
from mlpy.errors import MLError

HERE = Path(__file__).resolve().parent
PLUGIN_DIR = HERE / "plugins"


@dataclass
class Plugin:
    """A loaded plugin: the finished run whose functions the host calls, and why it is off (if it is)."""

    name: str
    path: Path
    result: mlpy.RunResult
    description: str
    error: str | None = None


@dataclass
class ChatHost:
    """Loads ML plugins and hands each chat message to them."""

    plugin_dir: Path = PLUGIN_DIR
    bot_name: str = "Marvin"
    prefix: str = "!"
    call_timeout: float = 0.5
    call_max_steps: int = 100_000
    plugins: dict[str, Plugin] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    stores: dict[str, dict[str, Any]] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)
    history: list[tuple[str, str]] = field(default_factory=list)

    def load_plugins(self) -> list[str]:
        """Load every ``*.ml`` file of the plugin folder (in name order); the names loaded."""
        for path in sorted(self.plugin_dir.glob("*.ml")):
            self.load_plugin(path)
        return list(self.plugins)

    def load_plugin(self, path: Path) -> Plugin | None:
        """Run one plugin file; on success it replaces a plugin of the same name, keeping its storage.

        A plugin that does not compile, fails at its top level or defines no ``on_message`` is not
        loaded; the reason goes to ``problems``.
        """
        name = path.stem
        try:
            result = self._in_call(name, [], lambda: mlpy.run_file(
                path, inputs={"bot": {"name": self.bot_name, "prefix": self.prefix}},
                extension_paths=[str(HERE)], timeout=2.0, max_steps=1_000_000, capture_output=True,
            ))
        except MLError as exc:
            self.problems.append(f"plugin {name} not loaded: {exc}")
            return None
        if not callable(result.globals.get("on_message")):
            self.problems.append(f"plugin {name} not loaded: {path.name} defines no function on_message(user, text)")
            return None
        description = result.globals.get("description")
        plugin = Plugin(name, path, result, description if isinstance(description, str) else "")
        self.plugins[name] = plugin
        return plugin

    def handle(self, user: str, text: str) -> list[str]:
        """The bot's replies to one message, plugin by plugin."""
        self.seen.add(user)
        self.history.append((user, text))
        if text.strip() == f"{self.prefix}help":
            return [f"{plugin.name}: {plugin.description}" for plugin in self.plugins.values() if not plugin.error]
        replies: list[str] = []
        for plugin in self.plugins.values():
            if plugin.error is None:
                replies.extend(self._ask(plugin, user, text))
        return replies

    def _ask(self, plugin: Plugin, user: str, text: str) -> list[str]:
        """Call ``on_message`` of one plugin under the per-call limits; its replies."""
        replies: list[str] = []
        try:
            answer = self._in_call(plugin.name, replies, lambda: plugin.result.call(
                "on_message", user, text, timeout=self.call_timeout, max_steps=self.call_max_steps))
        except MLError as exc:
            plugin.error = str(exc).splitlines()[0]
            return [*replies, f"[plugin {plugin.name} switched off: {plugin.error}]"]
        if isinstance(answer, str):
            replies.append(answer)
        elif answer is not None:
            replies.append(f"[plugin {plugin.name} answered a {type(answer).__name__}, not text]")
        return replies

    def _in_call(self, plugin: str, replies: list[str], action: Any) -> Any:
        """Run ``action()`` with the ``chat`` module pointed at this host and plugin."""
        call = PluginCall(plugin, self.stores.setdefault(plugin, {}), lambda: sorted(self.seen),
                          self.history, replies)
        token = current_call.set(call)
        try:
            return action()
        finally:
            current_call.reset(token)


def chat_session(host: ChatHost, lines: list[str]) -> list[str]:
    """Play ``user: text`` lines through ``host``; the transcript lines."""
    transcript: list[str] = []
    for line in lines:
        user, separator, text = line.partition(":")
        if not separator or not line.strip():
            continue
        user, text = user.strip(), text.strip()
        transcript.append(f"{user}> {text}")
        transcript.extend(f"    {host.bot_name}> {reply}" for reply in host.handle(user, text))
    return transcript


def main(argv: list[str]) -> int:
    """Load the plugins and play a session file (or stdin), printing the conversation."""
    host = ChatHost()
    print("plugins:", ", ".join(host.load_plugins()))
    for problem in host.problems:
        print(problem, file=sys.stderr)
    source = Path(argv[0]).read_text(encoding="utf-8") if argv else sys.stdin.read()
    for line in chat_session(host, source.splitlines()):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
