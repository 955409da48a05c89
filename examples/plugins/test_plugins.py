"""Tests of the chat-bot host: a scripted session, misbehaving plugins, storage and isolation."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from chatbot_host import PLUGIN_DIR, ChatHost, chat_session

import mlpy
from mlpy.errors import MLError

HERE = Path(__file__).resolve().parent


def readme_block(title: str) -> list[str]:
    """The lines of the fenced block that follows the ``<!-- title -->`` marker in README.md."""
    text = (HERE / "README.md").read_text(encoding="utf-8")
    block = text.split(f"<!-- {title} -->", 1)[1].split("```", 2)[1]
    return block.split("\n", 1)[1].rstrip("\n").splitlines()


def plugin_folder(tmp_path: Path, *copies: str, **written: str) -> Path:
    """A plugin folder with copies of the example plugins and extra plugin files ``name=source``."""
    folder = tmp_path / "plugins"
    folder.mkdir()
    for name in copies:
        shutil.copy(PLUGIN_DIR / f"{name}.ml", folder / f"{name}.ml")
    for name, source in written.items():
        (folder / f"{name}.ml").write_text(source, encoding="utf-8")
    return folder


def test_scripted_session_is_the_one_in_the_readme() -> None:
    host = ChatHost()
    assert host.load_plugins() == ["calc", "greeter", "poll"]
    assert host.problems == []
    lines = (HERE / "session.txt").read_text(encoding="utf-8").splitlines()
    transcript = ["plugins: calc, greeter, poll", *chat_session(host, lines)]
    assert transcript == readme_block("session")


def test_replies_come_from_return_values_and_host_callbacks() -> None:
    host = ChatHost()
    host.load_plugins()
    assert host.handle("ada", "!calc -(1 + 2) * 4 / 8") == ["-(1 + 2) * 4 / 8 = -1.5"]
    assert host.handle("ada", "!calc (1 + 2") == ["cannot calculate '(1 + 2': missing ')'"]
    # poll.ml answers with chat.reply (a host callback) and a return value, in that order.
    assert host.handle("ada", "!poll Tea or coffee? tea, coffee") == [
        "ada asks: Tea or coffee?", "vote with !vote tea | coffee"]
    host.handle("bob", "hi")
    assert host.handle("ada", "!vote Tea") == ["ada voted"]
    # chat.users() reports the users the host has seen; bob has not voted.
    assert host.handle("bob", "!results") == ["Tea or coffee? tea 1, coffee 0", "not voted yet: bob"]
    assert host.stores["greeter"] == {"visits:bob": 1}
    assert host.handle("nobody", "just chatting") == []


def test_plugins_read_the_host_history(tmp_path: Path) -> None:
    folder = plugin_folder(tmp_path, echo=(
        "import chat;\n"
        "function on_message(user, text) {\n"
        '    return text == "!last" ? str(chat.history(3)) + " " + str(chat.history(0)) : null;\n'
        "}\n"
    ))
    host = ChatHost(plugin_dir=folder)
    host.load_plugins()
    host.handle("ada", "one")
    host.handle("bob", "two")
    assert host.handle("ada", "!last") == ['[["ada", "one"], ["bob", "two"], ["ada", "!last"]] []']


def test_the_readme_shows_the_real_greeter() -> None:
    text = (HERE / "README.md").read_text(encoding="utf-8")
    block = text.split("```ml\n", 1)[1].split("```", 1)[0]
    assert block == (PLUGIN_DIR / "greeter.ml").read_text(encoding="utf-8")


def test_host_values_arrive_as_inputs() -> None:
    host = ChatHost(bot_name="Robbie", prefix="?")
    host.load_plugins()
    assert host.handle("ada", "hello") == ["Hello ada, I am Robbie. Try ?help."]
    assert host.handle("ada", "?calc 6 * 7") == ["6 * 7 = 42"]
    assert host.handle("ada", "!calc 6 * 7") == []


def test_a_runaway_plugin_is_switched_off_and_the_others_go_on(tmp_path: Path) -> None:
    folder = plugin_folder(
        tmp_path, "greeter",
        spin="function on_message(user, text) {\n    while (true) { }\n}\n",
        deep="function on_message(user, text) {\n    return on_message(user, text);\n}\n",
    )
    host = ChatHost(plugin_dir=folder, call_timeout=1.0)
    assert host.load_plugins() == ["deep", "greeter", "spin"]
    started = time.monotonic()
    replies = host.handle("ada", "hello")
    assert time.monotonic() - started < 3.0
    assert replies[1] == "Hello ada, I am Marvin. Try !help."
    assert replies[0].startswith("[plugin deep switched off: ") and "deep.ml:1:1: RecursionError" in replies[0]
    assert replies[2].startswith("[plugin spin switched off: ") and "spin.ml:2:" in replies[2]
    assert "LimitError" in replies[2] or "TimeoutError" in replies[2], replies[2]
    # Switched-off plugins are not asked again; the greeter still is.
    assert host.handle("ada", "hello") == ["Welcome back, ada (visit 2)."]


def test_plugins_that_cannot_load_are_reported_with_positions(tmp_path: Path) -> None:
    folder = plugin_folder(
        tmp_path, "calc",
        broken="function on_message(user, text) {\n    return text +;\n}\n",
        nosy='import file;\nsecret = file.read("/etc/passwd");\nfunction on_message(user, text) { return secret; }\n',
        escape="function on_message(user, text) {\n    return text.__class__;\n}\n",
        silent="x = 1;\n",
    )
    host = ChatHost(plugin_dir=folder)
    assert host.load_plugins() == ["calc"]
    problems = "\n".join(host.problems)
    assert "plugin broken not loaded: " in problems and "broken.ml:2:" in problems
    assert "plugin nosy not loaded: " in problems and "nosy.ml:2:" in problems and "Capability" in problems
    assert "plugin escape not loaded: " in problems and "escape.ml:2:" in problems
    assert "plugin silent not loaded: silent.ml defines no function on_message(user, text)" in problems


def test_storage_outlives_a_plugin_reload(tmp_path: Path) -> None:
    folder = plugin_folder(tmp_path, "greeter")
    host = ChatHost(plugin_dir=folder)
    host.load_plugins()
    host.handle("ada", "hello")
    greeter = folder / "greeter.ml"
    greeter.write_text(greeter.read_text(encoding="utf-8").replace("Welcome back", "Good to see you again"),
                       encoding="utf-8")
    assert host.load_plugin(greeter) is not None
    assert host.handle("ada", "hi") == ["Good to see you again, ada (visit 2)."]


def test_the_chat_module_checks_what_plugins_store(tmp_path: Path) -> None:
    folder = plugin_folder(
        tmp_path,
        hoard=(
            "import chat;\n"
            "function on_message(user, text) {\n"
            '    if (text == "fn") { chat.remember("f", fn(x) => x); }\n'
            '    if (text == "big") { chat.remember("big", "x" * 5000); }\n'
            '    if (text == "many") { for (i in range(101)) { chat.remember("k" + str(i), i); } }\n'
            "}\n"
        ),
    )
    for text, message in [("fn", "only plain data"), ("big", "more than 4096"), ("many", "at most 100 keys")]:
        host = ChatHost(plugin_dir=folder)
        host.load_plugins()
        [reply] = host.handle("ada", text)
        assert reply.startswith("[plugin hoard switched off: ") and message in reply, reply
        assert "hoard.ml:" in reply


def test_hosts_do_not_share_storage() -> None:
    first, second = ChatHost(), ChatHost()
    first.load_plugins()
    second.load_plugins()
    first.handle("ada", "hello")
    assert second.handle("ada", "hello") == ["Hello ada, I am Marvin. Try !help."]
    assert first.handle("ada", "hello") == ["Welcome back, ada (visit 2)."]


def test_the_chat_module_outside_a_host_says_so() -> None:
    with pytest.raises(MLError) as caught:
        mlpy.run('import chat;\nchat.reply("hi");\n', extension_paths=[str(HERE)])
    assert "<string>:2:" in str(caught.value)
    assert "chat.reply: the chat module works only inside a chat host" in str(caught.value)
