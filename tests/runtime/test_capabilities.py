"""Grants: parsing of API strings and CLI flags, matching, require() error text, has(), requests."""

from __future__ import annotations

import os

import pytest

from mlpy.errors import MLCapabilityError
from mlpy.language import nodes
from mlpy.runtime import capabilities
from mlpy.runtime.capabilities import (
    CAPABILITY_KINDS,
    Grants,
    Request,
    check,
    format_missing,
    missing_requests,
    parse_host,
    requests_from_decls,
    require,
)
from mlpy.runtime.context import ExecutionContext, use

# ----------------------------------------------------------------------------- parsing


def test_every_string_form_round_trips_through_describe(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    strings = [f"read:{data}", f"write:{data}", "net:Example.COM:8080", "net:api.test", "env:HOME",
               f"deny-read:{data}/secret", "deny-net:evil.test", "deny-env:TOKEN"]
    grants = Grants.from_strings(strings)
    assert grants.describe() == [
        f"read:{data}", f"write:{data}", "net:api.test", "net:example.com:8080", "env:HOME",
        f"deny-read:{data}/secret", "deny-net:evil.test", "deny-env:TOKEN",
    ]
    assert Grants.from_strings(grants.describe()) == grants


def test_bare_kinds_and_all():
    assert Grants.from_strings(["read", "net"]).describe() == ["read", "net"]
    assert Grants.from_strings(["all"]).describe() == ["all"]
    assert Grants.from_strings(["all"]) == Grants.all()
    assert Grants.from_strings(["read", "write", "net", "env"]).describe() == ["all"]
    assert Grants.from_strings([]) == Grants.none()
    assert Grants.from_strings(["deny-write"]).describe() == ["deny-write"]


def test_stdlib_names_and_allow_prefix_are_accepted(tmp_path):
    grants = Grants.from_strings([f"file.read:{tmp_path}", "allow-env:PATH", "network.http"])
    assert grants.describe() == [f"read:{tmp_path}", "net", "env:PATH"]


def test_relative_and_dotdot_paths_are_resolved_when_granting(tmp_path, monkeypatch):
    (tmp_path / "a").mkdir()
    monkeypatch.chdir(tmp_path / "a")
    grants = Grants.from_strings(["read:../b/./c"])
    assert grants.describe() == [f"read:{os.path.realpath(tmp_path)}/b/c"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("reed", "unknown capability 'reed': expected 'read', 'write', 'net', 'env' or 'all'"),
        ("read:", "bad capability 'read:': empty target after ':'"),
        ("all:/x", "bad capability 'all:/x': 'all' takes no target and cannot be denied"),
        ("deny-all", "bad capability 'deny-all': 'all' takes no target and cannot be denied"),
        ("net:host:99999", "bad capability 'net:host:99999': bad port in 'host:99999'"),
        ("net:host:http", "bad capability 'net:host:http': bad port in 'host:http'"),
        ("net:a b", "bad capability 'net:a b': bad host 'a b'"),
        ("env:A=B", "bad capability 'env:A=B': bad environment variable name 'A=B'"),
        ("math.compute", "unknown capability 'math.compute'"),
        ("", "unknown capability ''"),
    ],
)
def test_bad_strings_raise_value_error_naming_the_string(text, message):
    with pytest.raises(ValueError) as info:
        Grants.from_strings([text])
    assert str(info.value).startswith(message)


def test_non_string_capability_is_rejected():
    with pytest.raises(ValueError, match="capability 3 is not a string"):
        Grants.from_strings([3])  # type: ignore[list-item]


def test_from_cli_absent_empty_and_lists(tmp_path):
    grants = Grants.from_cli(allow_read="", allow_net="a.test, b.test:443", allow_env=None,
                             deny_read=str(tmp_path))
    assert grants.describe() == ["read", "net:a.test", "net:b.test:443", f"deny-read:{tmp_path}"]
    assert Grants.from_cli() == Grants.none()
    assert Grants.from_cli(allow_all=True, deny_env="SECRET").describe() == ["all", "deny-env:SECRET"]
    assert Grants.from_cli(allow_write=["x", "y"]).allowed_scope("write").targets == frozenset(
        {os.path.realpath("x"), os.path.realpath("y")})


def test_merge_adds_allows_and_denies(tmp_path):
    a = Grants.from_strings([f"read:{tmp_path}/a"])
    b = Grants.from_strings([f"read:{tmp_path}/b", "deny-net:x.test"])
    merged = a.merge(b)
    assert merged.describe() == [f"read:{tmp_path}/a", f"read:{tmp_path}/b", "deny-net:x.test"]
    assert a.merge(Grants.from_strings(["read"])).describe() == ["read"]


# ----------------------------------------------------------------------------- matching


def test_path_grant_covers_subtree_by_components(tmp_path):
    grants = Grants.from_strings([f"read:{tmp_path}/data"])
    assert grants.allows("read", f"{tmp_path}/data")
    assert grants.allows("read", f"{tmp_path}/data/x/y.txt")
    assert not grants.allows("read", f"{tmp_path}/database")
    assert not grants.allows("read", f"{tmp_path}/dat")
    assert not grants.allows("read", str(tmp_path))
    assert not grants.allows("write", f"{tmp_path}/data/x")


def test_dotdot_cannot_leave_the_granted_directory(tmp_path):
    grants = Grants.from_strings([f"read:{tmp_path}/data"])
    assert not grants.allows("read", f"{tmp_path}/data/../secret.txt")
    assert grants.allows("read", f"{tmp_path}/other/../data/ok.txt")


def test_symlink_escaping_a_granted_directory_is_refused(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    outside = tmp_path / "secret.txt"
    outside.write_text("s")
    (data / "link.txt").symlink_to(outside)
    (data / "linkdir").symlink_to(tmp_path)
    grants = Grants.from_strings([f"read:{data}"])
    assert not grants.allows("read", data / "link.txt")
    assert not grants.allows("read", data / "linkdir" / "secret.txt")
    assert grants.allows("read", data / "linkdir" / "data" / "x")


def test_symlinked_grant_is_resolved_too(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "alias").symlink_to(real)
    grants = Grants.from_strings([f"read:{tmp_path}/alias"])
    assert grants.allows("read", real / "f")


def test_relative_targets_resolve_against_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    grants = Grants.from_strings([f"read:{tmp_path}"])
    assert grants.allows("read", "notes.txt")
    assert not grants.allows("read", "../notes.txt")


def test_root_grant_covers_everything():
    assert Grants.from_strings(["read:/"]).allows("read", "/etc/passwd")


def test_deny_wins_over_allow(tmp_path):
    grants = Grants.from_strings(["read", f"deny-read:{tmp_path}/secret"])
    assert grants.allows("read", tmp_path / "public")
    decision = grants.decide("read", f"{tmp_path}/secret/key")
    assert not decision.allowed
    assert decision.denied_by == f"deny-read:{tmp_path}/secret"
    assert not Grants.from_strings(["all", "deny-env"]).allows("env", "HOME")


def test_net_host_and_port_matching():
    grants = Grants.from_strings(["net:Example.com", "net:api.test:443", "deny-net:example.com:25"])
    assert grants.allows("net", "example.com:80")
    assert grants.allows("net", "EXAMPLE.COM.")
    assert grants.allows("net", "https://Example.com/path")
    assert not grants.allows("net", "example.com:25")
    assert grants.allows("net", "api.test:443")
    assert grants.allows("net", "https://api.test/v1")
    assert not grants.allows("net", "http://api.test/v1")
    assert not grants.allows("net", "api.test")
    assert not grants.allows("net", "sub.example.com")
    assert not grants.allows("net", "example.com.evil.test")


def test_parse_host_forms():
    assert parse_host("Host.Test:8080") == ("host.test", 8080)
    assert parse_host("[::1]:443") == ("::1", 443)
    assert parse_host("::1") == ("::1", None)
    assert parse_host("http://u:p@h.test:81/x") == ("h.test", 81)
    assert parse_host("wss://h.test") == ("h.test", 443)


def test_env_names_match_exactly():
    grants = Grants.from_strings(["env:HOME"])
    assert grants.allows("env", "HOME")
    assert not grants.allows("env", "HOMEPATH")
    assert not grants.allows("env", "home")
    assert not grants.allows("env", None)
    assert Grants.from_strings(["env"]).allows("env", None)
    assert not Grants.from_strings(["env", "deny-env:X"]).allows("env", None)


# ----------------------------------------------------------------------------- require / check


def _ctx(*strings: str) -> ExecutionContext:
    return ExecutionContext(grants=Grants.from_strings(list(strings)))


def test_require_without_grant_names_function_target_grant_and_flag():
    with use(_ctx()), pytest.raises(MLCapabilityError) as info:
        require("read", "/etc/passwd", function="file.read")
    assert info.value.message == (
        "file.read: reading '/etc/passwd' is not allowed (no read grant). "
        "Run with --allow-read=/etc/passwd to allow it.")
    assert info.value.format().startswith("<ml>: CapabilityError: file.read: reading '/etc/passwd'")


def test_require_reports_the_deny_flag():
    with use(_ctx("read", "deny-read:/etc")), pytest.raises(MLCapabilityError) as info:
        require("read", "/etc/passwd", function="file.read")
    assert info.value.message == "file.read: reading '/etc/passwd' is denied by --deny-read=/etc"


def test_require_with_a_grant_that_does_not_cover(tmp_path):
    with use(_ctx(f"write:{tmp_path}/out")), pytest.raises(MLCapabilityError) as info:
        require("file.write", tmp_path / "x", function="file.write")
    assert info.value.message == (
        f"file.write: writing '{tmp_path}/x' is not allowed (no write grant covers it). "
        f"Run with --allow-write={tmp_path}/x to allow it.")


def test_require_net_env_and_whole_kind_messages():
    with use(_ctx()):
        with pytest.raises(MLCapabilityError) as info:
            require("net", "https://Api.Test/x", function="http.get")
        assert info.value.message == ("http.get: connecting to 'api.test:443' is not allowed (no net "
                                      "grant). Run with --allow-net=api.test:443 to allow it.")
        with pytest.raises(MLCapabilityError) as info:
            require("env", "TOKEN", function="env.get")
        assert info.value.message == ("env.get: accessing environment variable 'TOKEN' is not allowed "
                                      "(no env grant). Run with --allow-env=TOKEN to allow it.")
        with pytest.raises(MLCapabilityError) as info:
            require("env", None, function="env.all")
        assert info.value.message == ("env.all: accessing all environment variables is not allowed "
                                      "(no env grant). Run with --allow-env to allow it.")
    with use(_ctx("env", "deny-env:SECRET")), pytest.raises(MLCapabilityError) as info:
        require("env", None, function="env.all")
    assert info.value.message == "env.all: accessing all environment variables is denied by --deny-env=SECRET"


def test_require_returns_the_resolved_target(tmp_path):
    (tmp_path / "d").mkdir()
    with use(_ctx(f"read:{tmp_path}", "net:h.test")):
        assert require("read", f"{tmp_path}/d/../f.txt", function="file.read") == f"{tmp_path}/f.txt"
        assert require("net", "H.test:1", function="x") == "h.test:1"
        assert check("read", tmp_path / "f.txt")
        assert not check("read", "/etc/passwd")
        assert not check("read", "")  # a bad target is simply not allowed
        assert check("math.compute", None)


def test_require_bad_target_is_a_capability_error():
    with use(_ctx("read")), pytest.raises(MLCapabilityError) as info:
        require("read", "", function="file.read")
    assert info.value.message == "file.read: empty path"


def test_require_outside_any_run_denies_everything():
    with pytest.raises(MLCapabilityError):
        require("read", "/tmp", function="file.read")


def test_require_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown grant kind 'exec'"):
        require("exec", "/bin/sh", function="x")


def test_capability_error_is_fatal():
    from mlpy.errors import is_fatal

    with use(_ctx()), pytest.raises(MLCapabilityError) as info:
        require("write", "/tmp/x", function="file.write")
    assert is_fatal(info.value)


# ----------------------------------------------------------------------------- has()


def test_has_maps_stdlib_names_onto_kinds(tmp_path):
    grants = Grants.from_strings([f"read:{tmp_path}", "env:HOME", "net:h.test:443"])
    assert grants.has("read") and grants.has("file.read") and grants.has("path.read")
    assert not grants.has("write") and not grants.has("file.write") and not grants.has("file.delete")
    assert grants.has("network.http") and grants.has("network.https") and grants.has("net")
    assert grants.has("env.read") and grants.has("env.write")
    assert grants.has(f"read:{tmp_path}/x") and not grants.has("read:/etc/passwd")
    assert grants.has("file.read:" + str(tmp_path))
    assert grants.has("net:h.test:443") and not grants.has("net:h.test:80")
    assert grants.has("env:HOME") and not grants.has("env:PATH")
    assert grants.has("math.compute") and grants.has("console.write") and grants.has("crypto.hash")
    assert not grants.has("all") and Grants.all().has("all")
    assert not Grants.none().has("read") and Grants.none().has("json.parse")


def test_capability_kinds_table():
    assert CAPABILITY_KINDS["file.append"] == "write"
    assert CAPABILITY_KINDS["path.write"] == "write"
    assert CAPABILITY_KINDS["network.https"] == "net"
    assert "math.compute" not in CAPABILITY_KINDS


def test_grants_are_immutable_and_hashable():
    grants = Grants.from_strings(["read"])
    with pytest.raises(AttributeError):
        grants.allow = ()  # type: ignore[misc]
    assert hash(grants) == hash(Grants.from_strings(["read"]))


# ----------------------------------------------------------------------------- requests


def _decl(name: str, *items: tuple[str, list[str], list[str]]) -> nodes.CapabilityDecl:
    return nodes.CapabilityDecl(
        line=1, col=1, name=name,
        items=[nodes.CapabilityItem(line=2 + i, col=5, kind=k, words=w, args=a)
               for i, (k, w, a) in enumerate(items)])


def test_requests_from_decls(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    decl = _decl("Files", ("resource", [], ["data"]), ("allow", ["read"], ["data"]),
                 ("allow", ["write"], []), ("allow", ["network"], ["api.test:443"]),
                 ("allow", ["execute"], []))
    requests = requests_from_decls([decl])
    root = os.path.realpath(tmp_path)
    assert requests == [
        Request("read", f"{root}/data", "read", "Files", 3, 5),
        Request("write", f"{root}/data", "write", "Files", 4, 5),
        Request("net", "api.test:443", "network", "Files", 5, 5),
        Request(None, None, "execute", "Files", 6, 5),
    ]
    assert str(requests[0]) == f"capability Files requests read of '{root}/data'"
    assert requests[0].flag == f"--allow-read={root}/data"
    assert requests[2].capability == "net:api.test:443"


def test_glob_request_targets_the_fixed_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (request,) = requests_from_decls([_decl("G", ("allow", ["read"], ["data/*.json"]))])
    assert request.target == f"{os.path.realpath(tmp_path)}/data"


def test_allow_without_resources_requests_the_whole_kind():
    (request,) = requests_from_decls([_decl("E", ("allow", ["env"], []))])
    assert request == Request("env", None, "env", "E", 2, 5)
    assert request.flag == "--allow-env"


def test_missing_requests_and_message(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    requests = requests_from_decls([_decl("F", ("allow", ["read"], ["a"]), ("allow", ["write"], ["a"]),
                                          ("allow", ["frobnicate"], []))])
    grants = Grants.from_strings([f"read:{tmp_path}"])
    missing = missing_requests(requests, grants)
    root = os.path.realpath(tmp_path)
    assert [m.kind for m in missing] == ["write"]
    assert format_missing(missing) == (
        "the program requests capabilities that were not granted:\n"
        f"  line 3: capability F requests write of '{root}/a' (grant with --allow-write={root}/a)")
    assert missing_requests(requests, Grants.all()) == []


def test_module_docstring_documents_require_for_extension_authors():
    doc = capabilities.__doc__ or ""
    assert "require(\"read\", path, function=\"notes.read\")" in doc
    assert "@ml_function" in doc


def test_require_default_function_names():
    with use(_ctx()):
        for kind, name in [("read", "file.read"), ("write", "file.write"), ("net", "network.http"),
                           ("env", "env.read")]:
            with pytest.raises(MLCapabilityError) as info:
                require(kind, "x")
            assert info.value.message.startswith(name + ": ")
