"""The ML debugging engine: a library that runs one ML program under a tracer and answers questions.

``DebugSession`` (``session.py``) takes a launch configuration, breakpoints and commands (continue,
step, pause, evaluate) and reports what happens as plain event objects (``events.py``); front ends
(``mlpy dap``, ``mlpy debug``) only translate. Nothing here is imported by a normal run: the tracer
is installed only in the thread of a debugged program, so debugging costs nothing when not debugging.

- ``lines``: which ML lines have code (breakpoints are verified or moved to the next such line);
- ``frames``: the stack of ML frames (names as ML spells them, no runtime internals);
- ``values``: variables as ML prints them, arrays and objects expandable by reference;
- ``evaluate``: ML expressions compiled by the normal compiler and run under the program's grants;
- ``session``: the program thread, the tracer and the commands.
"""
