"""``mlpy lsp``: the ML language server (pygls), a thin protocol layer over ``features``.

The server keeps one ``Analysis`` per open document (re-made when its text changed) and one
``ModuleIndex`` per set of module paths (read from the project file nearest to each document).
Diagnostics are published when a document opens and, debounced, after it changes; when a module
file changes on disk (``workspace/didChangeWatchedFiles``, or its modification time on the next
lookup) what was read from it is dropped and the open documents are checked again.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

from lsprotocol import types as t
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from mlpy import __version__
from mlpy.tools.check import IMPORT_SCANS
from mlpy.tools.lsp import features
from mlpy.tools.lsp.analysis import Analysis, analyse, diagnose, project_paths
from mlpy.tools.lsp.module_index import ModuleIndex

DEBOUNCE_SECONDS = float(os.environ.get("MLPY_LSP_DEBOUNCE", "0.3"))
"""Quiet time after the last change before a document is checked again."""
_PROJECT_FILES = ("mlpy.toml", "mlpy.json")
_SKIPPED_DIRS = {"node_modules", "__pycache__", "venv", ".venv", "build", "dist"}
_MAX_WORKSPACE_FILES = 5000


class MLLanguageServer(LanguageServer):
    """The language server's state: analyses of open documents, module indexes, pending checks."""

    def __init__(self) -> None:
        super().__init__("mlpy", __version__)
        self.analyses: dict[str, Analysis] = {}
        self.disk_analyses: dict[Path, tuple[int, Analysis]] = {}
        self.indexes: dict[tuple[tuple[str, ...], tuple[str, ...]], ModuleIndex] = {}
        self.paths: dict[Path | None, tuple[list[str], list[str]]] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}

    # ------------------------------------------------------------------ state

    def document_path(self, uri: str) -> Path | None:
        path = to_fs_path(uri)
        return Path(path) if path else None

    def module_paths(self, uri: str) -> tuple[list[str], list[str]]:
        """Extension and ML module paths for a document (from its project file; cached)."""
        path = self.document_path(uri)
        directory = path.parent if path is not None else None
        if directory not in self.paths:
            self.paths[directory] = project_paths(path)
        return self.paths[directory]

    def index_for(self, uri: str) -> ModuleIndex:
        ext, ml = self.module_paths(uri)
        key = (tuple(ext), tuple(ml))
        index = self.indexes.get(key)
        if index is None:
            index = self.indexes[key] = ModuleIndex(ext, ml)
        return index

    def analysis(self, uri: str) -> Analysis:
        """The analysis of the current text of an open document."""
        document = self.workspace.get_text_document(uri)
        current = self.analyses.get(uri)
        if current is None or current.source != document.source:
            path = self.document_path(uri)
            current = analyse(document.source, str(path) if path else f"<{uri}>", current)
            self.analyses[uri] = current
        return current

    # ------------------------------------------------------------------ diagnostics

    async def publish(self, uri: str) -> None:
        """Check a document and publish its diagnostics (the checker runs off the event loop)."""
        if uri not in self.workspace.text_documents:
            return
        analysis = self.analysis(uri)
        ext, ml = self.module_paths(uri)
        found = await asyncio.to_thread(diagnose, analysis, ext, ml)
        if uri not in self.workspace.text_documents or self.analysis(uri) is not analysis:
            return  # closed or changed meanwhile: a newer check is pending
        self.text_document_publish_diagnostics(t.PublishDiagnosticsParams(
            uri=uri, diagnostics=features.lsp_diagnostics(found),
            version=self.workspace.get_text_document(uri).version))

    def schedule(self, uri: str, delay: float) -> None:
        """Check ``uri`` after ``delay`` seconds without further changes (earlier requests dropped)."""
        previous = self.pending.pop(uri, None)
        if previous is not None:
            previous.cancel()

        async def later() -> None:
            await asyncio.sleep(delay)
            self.pending.pop(uri, None)
            await self.publish(uri)

        self.pending[uri] = asyncio.ensure_future(later())

    def files_changed(self, paths: list[Path]) -> None:
        """Forget what was read from changed files and check every open document again."""
        for path in paths:
            for index in self.indexes.values():
                index.forget(path)
            IMPORT_SCANS.forget(path)
            self.disk_analyses.pop(path, None)
            if path.name in _PROJECT_FILES:
                self.paths.clear()
        for uri in list(self.workspace.text_documents):
            self.schedule(uri, 0)

    # ------------------------------------------------------------------ workspace

    def workspace_files(self) -> Iterator[Path]:
        """The ``.ml`` files under the workspace folders (hidden and build folders skipped)."""
        roots = [to_fs_path(folder.uri) for folder in self.workspace.folders.values()]
        if not roots and self.workspace.root_path:
            roots = [self.workspace.root_path]
        count = 0
        for root in filter(None, roots):
            for directory, subdirs, files in os.walk(root):
                subdirs[:] = [d for d in subdirs if not d.startswith(".") and d not in _SKIPPED_DIRS]
                for name in files:
                    if name.endswith(".ml"):
                        count += 1
                        if count > _MAX_WORKSPACE_FILES:
                            return
                        yield Path(directory) / name

    def workspace_analyses(self) -> Iterator[tuple[str, Analysis]]:
        """Every open document, then every other ``.ml`` file of the workspace (cached by mtime)."""
        open_paths = set()
        for uri in list(self.workspace.text_documents):
            open_paths.add(self.document_path(uri))
            yield uri, self.analysis(uri)
        for path in self.workspace_files():
            if path in open_paths:
                continue
            try:
                stamp = path.stat().st_mtime_ns
                cached = self.disk_analyses.get(path)
                if cached is None or cached[0] != stamp:
                    cached = (stamp, analyse(path.read_text(encoding="utf-8"), str(path)))
                    self.disk_analyses[path] = cached
            except (OSError, UnicodeDecodeError):
                continue
            yield features.uri_of(path), cached[1]

    def indexed_workspace(self) -> Iterator[tuple[str, Analysis, ModuleIndex]]:
        """``workspace_analyses`` with the module index that applies to each document."""
        for uri, analysis in self.workspace_analyses():
            yield uri, analysis, self.index_for(uri)


server = MLLanguageServer()


@server.feature(t.INITIALIZED)
async def initialized(ls: MLLanguageServer, params: t.InitializedParams) -> None:
    """Ask the client to report changes of ML, Python and project files (when it can)."""
    watched = ls.client_capabilities.workspace
    dynamic = watched and watched.did_change_watched_files and watched.did_change_watched_files.dynamic_registration
    if not dynamic:
        return
    watchers = [t.FileSystemWatcher(glob_pattern=pattern)
                for pattern in ("**/*.ml", "**/*.py", "**/mlpy.toml", "**/mlpy.json")]
    try:
        await ls.client_register_capability_async(t.RegistrationParams(registrations=[t.Registration(
            id="mlpy-watched-files", method=t.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=t.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))]))
    except Exception:  # noqa: BLE001 - without watching, modification times still catch changes
        return


@server.feature(t.TEXT_DOCUMENT_DID_OPEN)
async def did_open(ls: MLLanguageServer, params: t.DidOpenTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, 0)


@server.feature(t.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(ls: MLLanguageServer, params: t.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, DEBOUNCE_SECONDS)


@server.feature(t.TEXT_DOCUMENT_DID_SAVE)
async def did_save(ls: MLLanguageServer, params: t.DidSaveTextDocumentParams) -> None:
    path = ls.document_path(params.text_document.uri)
    ls.files_changed([path] if path is not None else [])


@server.feature(t.TEXT_DOCUMENT_DID_CLOSE)
async def did_close(ls: MLLanguageServer, params: t.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    task = ls.pending.pop(uri, None)
    if task is not None:
        task.cancel()
    ls.analyses.pop(uri, None)
    ls.text_document_publish_diagnostics(t.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(t.WORKSPACE_DID_CHANGE_WATCHED_FILES)
async def did_change_watched_files(ls: MLLanguageServer, params: t.DidChangeWatchedFilesParams) -> None:
    paths = [Path(p) for p in (to_fs_path(change.uri) for change in params.changes) if p]
    ls.files_changed([p.resolve() for p in paths])


@server.feature(t.TEXT_DOCUMENT_COMPLETION, t.CompletionOptions(trigger_characters=["."]))
def completion(ls: MLLanguageServer, params: t.CompletionParams) -> t.CompletionList:
    uri = params.text_document.uri
    return features.completions(ls.analysis(uri), ls.index_for(uri), params.position)


@server.feature(t.TEXT_DOCUMENT_HOVER)
def hover(ls: MLLanguageServer, params: t.HoverParams) -> t.Hover | None:
    uri = params.text_document.uri
    return features.hover(ls.analysis(uri), ls.index_for(uri), params.position)


@server.feature(t.TEXT_DOCUMENT_SIGNATURE_HELP, t.SignatureHelpOptions(trigger_characters=["(", ","]))
def signature_help(ls: MLLanguageServer, params: t.SignatureHelpParams) -> t.SignatureHelp | None:
    uri = params.text_document.uri
    return features.signature_help(ls.analysis(uri), ls.index_for(uri), params.position)


@server.feature(t.TEXT_DOCUMENT_DEFINITION)
def definition(ls: MLLanguageServer, params: t.DefinitionParams) -> list[t.Location]:
    uri = params.text_document.uri
    return features.definition(ls.analysis(uri), ls.index_for(uri), uri, params.position)


@server.feature(t.TEXT_DOCUMENT_REFERENCES)
def references(ls: MLLanguageServer, params: t.ReferenceParams) -> list[t.Location]:
    uri = params.text_document.uri
    return features.references(ls.analysis(uri), ls.index_for(uri), uri, params.position,
                               params.context.include_declaration, ls.indexed_workspace)


@server.feature(t.TEXT_DOCUMENT_PREPARE_RENAME)
def prepare_rename(ls: MLLanguageServer, params: t.PrepareRenameParams) -> t.Range | None:
    return features.prepare_rename(ls.analysis(params.text_document.uri), params.position)


@server.feature(t.TEXT_DOCUMENT_RENAME)
def rename(ls: MLLanguageServer, params: t.RenameParams) -> t.WorkspaceEdit | None:
    uri = params.text_document.uri
    return features.rename(ls.analysis(uri), ls.index_for(uri), uri, params.position, params.new_name,
                           ls.indexed_workspace)


@server.feature(t.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def document_symbol(ls: MLLanguageServer, params: t.DocumentSymbolParams) -> list[t.DocumentSymbol]:
    return features.document_symbols(ls.analysis(params.text_document.uri))


@server.feature(t.WORKSPACE_SYMBOL)
def workspace_symbol(ls: MLLanguageServer, params: t.WorkspaceSymbolParams) -> list[t.WorkspaceSymbol]:
    return features.workspace_symbols(ls.workspace_analyses(), params.query)


@server.feature(t.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL, features.SEMANTIC_LEGEND)
def semantic_tokens(ls: MLLanguageServer, params: t.SemanticTokensParams) -> t.SemanticTokens:
    return features.semantic_tokens(ls.analysis(params.text_document.uri))


@server.feature(t.TEXT_DOCUMENT_FORMATTING)
def formatting(ls: MLLanguageServer, params: t.DocumentFormattingParams) -> list[t.TextEdit] | None:
    return features.formatting(ls.analysis(params.text_document.uri))


def serve(tcp_port: int | None = None, host: str = "127.0.0.1") -> None:
    """Run the server on stdin/stdout, or on ``host:tcp_port`` when a port is given."""
    if tcp_port is not None:
        server.start_tcp(host, tcp_port)
    else:
        server.start_io()
