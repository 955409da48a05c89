"""The names every ML program can use without defining or importing them.

The compiler resolves names against this set; the runtime's builtins table must define exactly
these (a test keeps the two in step). ``undefined`` is not here: the parser turns it into ``null``.
"""

from __future__ import annotations

BUILTIN_FUNCTION_NAMES: frozenset[str] = frozenset(
    """
    print input int float str bool typeof isinstance len range enumerate zip sorted reversed keys
    values abs min max round sum all any callable chr ord hex bin oct repr format iter next help
    methods modules available_modules has_module module_info hasCapability getCapabilities
    getCapabilityInfo requiredCapabilities hasattr getattr call
    """.split()
)

BUILTIN_NAMES: frozenset[str] = BUILTIN_FUNCTION_NAMES | {"builtin"}
"""Every predefined name: the builtin functions plus ``builtin``, the module holding them all."""
