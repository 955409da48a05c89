"""``mlpy lsp`` driven by a real LSP client (pytest-lsp) over stdio: one server for the module."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsp_project import MAIN_ML, position_of, write_project
from lsprotocol import types as t
from pytest_lsp import ClientServerConfig, LanguageClient

from mlpy.tools.fmt import format_source

pytestmark = pytest.mark.asyncio(loop_scope="module")

ROOT: dict[str, Path] = {}
REGISTRATIONS: list[t.Registration] = []


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(server_command=[sys.executable, "-m", "mlpy", "lsp"],
                              server_env={**os.environ, "MLPY_LSP_DEBOUNCE": "0.05"}),
)
async def client(lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory):
    root = write_project(tmp_path_factory.mktemp("lsp") / "proj")
    ROOT["path"] = root
    REGISTRATIONS.clear()

    @lsp_client.feature(t.CLIENT_REGISTER_CAPABILITY)
    def register(params: t.RegistrationParams) -> None:
        REGISTRATIONS.extend(params.registrations)
    capabilities = t.ClientCapabilities(
        text_document=t.TextDocumentClientCapabilities(
            hover=t.HoverClientCapabilities(content_format=[t.MarkupKind.Markdown, t.MarkupKind.PlainText])),
        workspace=t.WorkspaceClientCapabilities(
            did_change_watched_files=t.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True)))
    await lsp_client.initialize_session(t.InitializeParams(
        capabilities=capabilities, root_uri=root.as_uri(),
        workspace_folders=[t.WorkspaceFolder(uri=root.as_uri(), name="proj")]))
    yield
    await lsp_client.shutdown_session()


def _open(client: LanguageClient, path: Path | str, text: str, version: int = 1) -> str:
    uri = path if isinstance(path, str) else path.resolve().as_uri()
    client.diagnostics.pop(uri, None)
    client.text_document_did_open(t.DidOpenTextDocumentParams(
        text_document=t.TextDocumentItem(uri=uri, language_id="ml", version=version, text=text)))
    return uri


def _change(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.diagnostics.pop(uri, None)
    client.text_document_did_change(t.DidChangeTextDocumentParams(
        text_document=t.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[t.TextDocumentContentChangeWholeDocument(text=text)]))


async def _diagnostics(client: LanguageClient, uri: str) -> list[t.Diagnostic]:
    """The diagnostics published for ``uri`` since it was last opened or changed (polled: pygls'
    ``wait_for_notification`` can miss a notification that arrives right after another)."""
    async def wait() -> list[t.Diagnostic]:
        while uri not in client.diagnostics:
            await asyncio.sleep(0.02)
        return list(client.diagnostics[uri])
    return await asyncio.wait_for(wait(), 15)


def _main(client: LanguageClient) -> str:
    return _open(client, ROOT["path"] / "main.ml", MAIN_ML)


def _pos(text: str, needle: str, offset: int = 0, occurrence: int = 0) -> t.Position:
    line, character = position_of(text, needle, offset, occurrence)
    return t.Position(line, character)


async def test_diagnostics_on_open_and_after_change(client: LanguageClient) -> None:
    path = ROOT["path"] / "broken.ml"
    uri = _open(client, path, "x = 1;\nprint(y);\n")
    found = await _diagnostics(client, uri)
    assert [(d.range.start.line, d.range.start.character, d.range.end.character) for d in found] == [(1, 6, 7)]
    assert "'y'" in found[0].message and found[0].severity == t.DiagnosticSeverity.Error

    _change(client, uri, 2, "x = 1;\nprint(x +);\nz = ;\n")
    found = await _diagnostics(client, uri)
    assert found, "a syntax error must be reported"
    assert found[0].range.start.line == 1
    assert all(d.source == "mlpy" for d in found)

    _change(client, uri, 3, "x = 1;\nprint(x);\n")
    assert await _diagnostics(client, uri) == []


async def test_completion_of_math_members(client: LanguageClient) -> None:
    uri = _open(client, ROOT["path"] / "complete.ml", "import math;\nx = math.\n")
    result = await client.text_document_completion_async(t.CompletionParams(
        text_document=t.TextDocumentIdentifier(uri=uri), position=t.Position(1, 9)))
    assert isinstance(result, t.CompletionList)
    items = {item.label: item for item in result.items}
    assert {"sqrt", "floor", "pi"} <= set(items)
    assert items["sqrt"].detail is not None and items["sqrt"].detail.startswith("math.sqrt(x")
    assert "print" not in items  # only members after "math."


async def test_completion_of_names_in_scope(client: LanguageClient) -> None:
    uri = _main(client)
    inside = _pos(MAIN_ML, "return result", 0)
    result = await client.text_document_completion_async(t.CompletionParams(
        text_document=t.TextDocumentIdentifier(uri=uri), position=inside))
    assert isinstance(result, t.CompletionList)
    labels = {item.label for item in result.items}
    assert {"value", "factor", "result", "scale", "total", "math", "print", "while"} <= labels


async def test_hover_on_a_stdlib_function_shows_signature_doc_and_capability(client: LanguageClient) -> None:
    uri = _main(client)
    result = await client.text_document_hover_async(t.HoverParams(
        text_document=t.TextDocumentIdentifier(uri=uri), position=_pos(MAIN_ML, "sqrt", 1)))
    assert result is not None and isinstance(result.contents, t.MarkupContent)
    text = result.contents.value
    assert "math.sqrt(x: float) -> float" in text
    assert "Square root" in text
    assert "math.compute" in text


async def test_signature_help_in_an_extension_call(client: LanguageClient) -> None:
    uri = _main(client)
    result = await client.text_document_signature_help_async(t.SignatureHelpParams(
        text_document=t.TextDocumentIdentifier(uri=uri), position=_pos(MAIN_ML, '"ada"', 0)))
    assert result is not None
    assert result.signatures[0].label == 'greet.hello(name: str, punctuation: str = \'!\') -> str'
    assert result.active_parameter == 0


async def test_definition_across_ml_files(client: LanguageClient) -> None:
    uri = _main(client)
    result = await client.text_document_definition_async(t.DefinitionParams(
        text_document=t.TextDocumentIdentifier(uri=uri), position=_pos(MAIN_ML, "double", 2)))
    assert isinstance(result, list) and len(result) == 1
    assert result[0].uri == (ROOT["path"] / "lib" / "util.ml").resolve().as_uri()
    assert (result[0].range.start.line, result[0].range.start.character) == (1, 9)


async def test_definition_into_an_extension_module(client: LanguageClient) -> None:
    uri = _main(client)
    result = await client.text_document_definition_async(t.DefinitionParams(
        text_document=t.TextDocumentIdentifier(uri=uri), position=_pos(MAIN_ML, "hello", 1)))
    assert isinstance(result, list) and len(result) == 1
    bridge = ROOT["path"] / "ext" / "greet_bridge.py"
    assert result[0].uri == bridge.resolve().as_uri()
    def_line = next(i for i, line in enumerate(bridge.read_text().splitlines()) if "def hello" in line)
    assert result[0].range.start.line == def_line
    # Reading the extension for the editor never executes it.
    assert not (ROOT["path"] / "ext" / "executed.flag").exists()


async def test_definition_of_a_local_function(client: LanguageClient) -> None:
    uri = _main(client)
    result = await client.text_document_definition_async(t.DefinitionParams(
        text_document=t.TextDocumentIdentifier(uri=uri), position=_pos(MAIN_ML, "scale(util", 1)))
    assert isinstance(result, list)
    assert [(r.uri, r.range.start.line, r.range.start.character) for r in result] == [(uri, 5, 9)]


async def test_references_and_rename(client: LanguageClient) -> None:
    uri = _main(client)
    position = _pos(MAIN_ML, "result", 1)
    found = await client.text_document_references_async(t.ReferenceParams(
        text_document=t.TextDocumentIdentifier(uri=uri), position=position,
        context=t.ReferenceContext(include_declaration=True)))
    assert found is not None
    assert sorted((r.range.start.line, r.range.start.character) for r in found) == [(6, 4), (7, 11)]

    edit = await client.text_document_rename_async(t.RenameParams(
        text_document=t.TextDocumentIdentifier(uri=uri), position=position, new_name="product"))
    assert edit is not None and edit.changes is not None
    edits = edit.changes[uri]
    assert sorted((e.range.start.line, e.range.start.character, e.range.end.character) for e in edits) == [
        (6, 4, 10), (7, 11, 17)]
    assert {e.new_text for e in edits} == {"product"}


async def test_references_and_rename_across_ml_files(client: LanguageClient) -> None:
    uri = _main(client)
    util_uri = (ROOT["path"] / "lib" / "util.ml").resolve().as_uri()
    found = await client.text_document_references_async(t.ReferenceParams(
        text_document=t.TextDocumentIdentifier(uri=uri), position=_pos(MAIN_ML, "double", 1),
        context=t.ReferenceContext(include_declaration=True)))
    assert found is not None
    assert sorted((r.uri, r.range.start.line, r.range.start.character) for r in found) == sorted(
        [(util_uri, 1, 9), (uri, *position_of(MAIN_ML, "double"))])

    util_text = (ROOT["path"] / "lib" / "util.ml").read_text()
    util_doc = _open(client, ROOT["path"] / "lib" / "util.ml", util_text)
    edit = await client.text_document_rename_async(t.RenameParams(
        text_document=t.TextDocumentIdentifier(uri=util_doc), position=_pos(util_text, "double", 1),
        new_name="twice"))
    assert edit is not None and edit.changes is not None
    assert {u: [(e.range.start.line, e.range.start.character) for e in edits]
            for u, edits in edit.changes.items()} == {util_uri: [(1, 9)], uri: [position_of(MAIN_ML, "double")]}


async def test_document_and_workspace_symbols(client: LanguageClient) -> None:
    uri = _main(client)
    symbols = await client.text_document_document_symbol_async(t.DocumentSymbolParams(
        text_document=t.TextDocumentIdentifier(uri=uri)))
    assert symbols is not None
    by_name = {s.name: s for s in symbols if isinstance(s, t.DocumentSymbol)}
    assert ["math", "util", "greet", "scale", "total"] == list(by_name)
    assert by_name["scale"].kind == t.SymbolKind.Function
    assert by_name["scale"].children is not None
    assert [c.name for c in by_name["scale"].children] == ["value", "factor", "result"]

    found = await client.workspace_symbol_async(t.WorkspaceSymbolParams(query="doub"))
    assert found is not None
    # The client may decode the answer as SymbolInformation (same fields on the wire).
    assert [(s.name, s.location.uri) for s in found] == [
        ("double", (ROOT["path"] / "lib" / "util.ml").resolve().as_uri())]


async def test_semantic_tokens_classify_names(client: LanguageClient) -> None:
    uri = _main(client)
    result = await client.text_document_semantic_tokens_full_async(t.SemanticTokensParams(
        text_document=t.TextDocumentIdentifier(uri=uri)))
    assert result is not None
    data = result.data
    tokens, line, col = [], 0, 0
    for i in range(0, len(data), 5):
        line += data[i]
        col = data[i + 1] if data[i] else col + data[i + 1]
        tokens.append((line, col, data[i + 2], data[i + 3]))
    legend = ["namespace", "function", "parameter", "variable", "property"]
    kinds = {(line, col): legend[kind] for line, col, _length, kind in tokens}
    assert kinds[(0, 7)] == "namespace"  # math in the import
    assert kinds[position_of(MAIN_ML, "scale(value")] == "function"
    assert kinds[position_of(MAIN_ML, "factor")] == "parameter"
    assert kinds[position_of(MAIN_ML, "sqrt")] == "property"


async def test_formatting_uses_mlpy_fmt(client: LanguageClient) -> None:
    text = "x=1;\nif (x>0) {print(x);}\n"
    uri = _open(client, ROOT["path"] / "fmt.ml", text)
    edits = await client.text_document_formatting_async(t.DocumentFormattingParams(
        text_document=t.TextDocumentIdentifier(uri=uri), options=t.FormattingOptions(tab_size=4, insert_spaces=True)))
    expected = format_source(text, str(ROOT["path"] / "fmt.ml"))
    assert expected != text
    assert edits is not None and len(edits) == 1
    assert edits[0].new_text == expected


async def test_changed_ml_module_is_read_again(client: LanguageClient) -> None:
    assert [r.method for r in REGISTRATIONS] == [t.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    util = ROOT["path"] / "lib" / "util.ml"
    util.write_text(util.read_text() + "\nfunction triple(x) {\n    return x * 3;\n}\n")
    client.workspace_did_change_watched_files(t.DidChangeWatchedFilesParams(
        changes=[t.FileEvent(uri=util.resolve().as_uri(), type=t.FileChangeType.Changed)]))
    uri = _open(client, ROOT["path"] / "watch.ml", "import util;\nutil.\n")
    result = await client.text_document_completion_async(t.CompletionParams(
        text_document=t.TextDocumentIdentifier(uri=uri), position=t.Position(1, 5)))
    assert isinstance(result, t.CompletionList)
    assert {"double", "limit", "triple"} <= {item.label for item in result.items}


async def test_import_cycle_appears_when_a_watched_module_changes(client: LanguageClient) -> None:
    """The change is reported by the client: even an edit that keeps the file's size and
    modification time is read again."""
    root = ROOT["path"]
    (root / "cyc_a.ml").write_text("import cyc_b;\nA = 1;\n")
    cyc_b = root / "cyc_b.ml"
    cyc_b.write_text("B = 2; // no imports..\n")
    os.utime(cyc_b, ns=(10**18, 10**18))
    uri = _open(client, root / "cycle_main.ml", "import cyc_a;\nprint(cyc_a.A);\n")
    assert await _diagnostics(client, uri) == []
    cyc_b.write_text("import cyc_a;B = 2; //\n")  # same size
    os.utime(cyc_b, ns=(10**18, 10**18))
    client.diagnostics.pop(uri, None)
    client.workspace_did_change_watched_files(t.DidChangeWatchedFilesParams(
        changes=[t.FileEvent(uri=cyc_b.resolve().as_uri(), type=t.FileChangeType.Changed)]))
    found = await _diagnostics(client, uri)
    assert [(d.range.start.line, d.code, d.message.split("\n")[0]) for d in found] == [
        (0, "import-error", "import cycle: cyc_a.ml -> cyc_b.ml -> cyc_a.ml")]


async def test_untitled_document_gets_diagnostics(client: LanguageClient) -> None:
    uri = _open(client, "untitled:Untitled-1", "print(nope);\n")
    found = await _diagnostics(client, uri)
    assert [(d.range.start.line, d.range.start.character, d.code) for d in found] == [(0, 6, "unknown-name")]


async def test_formatting_leaves_a_file_with_syntax_errors_alone(client: LanguageClient) -> None:
    uri = _open(client, ROOT["path"] / "fmt_broken.ml", "x = ;\n")
    edits = await client.text_document_formatting_async(t.DocumentFormattingParams(
        text_document=t.TextDocumentIdentifier(uri=uri), options=t.FormattingOptions(tab_size=4, insert_spaces=True)))
    assert not edits
