"""Compatibility re-export: the module registry lives in ``mlpy.modules.registry``.

Hosts and extension tests write ``from mlpy.stdlib.module_registry import get_registry,
ModuleRegistry``; that keeps working.
"""

from mlpy.modules.registry import *  # noqa: F403
from mlpy.modules.registry import __all__ as __all__  # noqa: PLC0414
