"""The ML language server (``mlpy lsp``): editor features as libraries, pygls as a thin front end.

- ``symbols``: the symbol table of one file (definitions, references, scopes) from the AST;
- ``module_index``: standard, extension and ML modules described statically (never executed);
- ``analysis``: one document parsed with recovery, its symbols and its diagnostics;
- ``lookup``: what a position refers to, what may be completed there, which call it is in;
- ``features``: each LSP feature as a function returning ``lsprotocol`` objects;
- ``server``: the pygls server routing requests to ``features`` (the only module importing pygls).

Nothing here is imported by ``import mlpy`` or ``mlpy run``.
"""
