"""Compatibility re-export: the decorators live in ``mlpy.modules.decorators``.

Extension authors write ``from mlpy.stdlib.decorators import ml_module, ml_function, ml_class``;
that keeps working.
"""

from mlpy.modules.decorators import *  # noqa: F403
from mlpy.modules.decorators import __all__ as __all__  # noqa: PLC0414
