"""``mlpy dap``: the Debug Adapter Protocol over stdio, a thin layer over ``mlpy.tools.debugger``.

``framing`` reads and writes Content-Length framed JSON messages; ``adapter`` turns requests into
calls of a ``DebugSession`` and the session's events into protocol events; ``serve`` runs it on the
process's stdin/stdout.
"""
