"""mlpy.tools: the developer tools, as libraries first (the CLI, the language server and the debug
adapter are thin front ends over them).

- ``check``: every problem of a program as data (``check_source`` -> ``CheckReport``), rendered as
  text, JSON (``report_json``) or SARIF 2.1.0 (``sarif``);
- ``grants_inference``: the grants a program needs, from the standard-library calls it makes;
- ``fmt``: the canonical layout of ML source (``format_source``);
- ``transpile``: the readable Python an ML program compiles to.

Nothing here is imported by ``import mlpy``; each module loads what it needs when it is used.
"""
