"""The ML ``env`` module: environment variables, each access checked against the env grant.

Every function checks the ``env`` grant for the variable name inside the function (``--allow-env`` or
``--allow-env=NAME``). ``all()`` never raises: it returns only the variables the current grant covers
(all of them with a plain ``--allow-env``, none without a grant), so a program limited to
``--allow-env=HOME`` sees ``{"HOME": ...}`` and learns nothing about other names.

``set`` and ``delete`` change the program's own view of the environment (kept in its execution
context), never the host process's: the host, other runs and mlpy's own settings never see them.

``get_bool`` accepts ``true/false``, ``1/0``, ``yes/no``, ``on/off`` (any case); ``get_int`` and
``get_float`` parse the value. A value that does not parse raises a ValueError naming the variable.
"""

from __future__ import annotations

from typing import Any

from mlpy.modules.bridge_support import allowed, expect_str
from mlpy.modules.bridge_support import require as _require_grant
from mlpy.modules.decorators import ml_function, ml_module
from mlpy.runtime.context import current
from mlpy.runtime.environ import EnvironmentView

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off", ""}


def _name(function: str, key: Any) -> str:
    name = expect_str(function, "key", key)
    if not name or "=" in name or "\x00" in name:
        raise ValueError(f"{function}: invalid environment variable name {name!r}")
    return name


def _view() -> EnvironmentView:
    """The running program's own environment view: its changes never reach ``os.environ``."""
    return current().environ


def _read(function: str, key: Any) -> tuple[str, str | None]:
    name = _name(function, key)
    _require_grant("env", name, function)
    return name, _view().get(name)


@ml_module(
    name="env",
    description="Environment variables (needs the env grant)",
    capabilities=["env.read", "env.write"],
    version="1.0.0",
)
class Env:
    """Read environment variables, and change them for the running program only."""

    @ml_function(description="A variable's value, or default when it is not set", capabilities=["env.read"])
    def get(self, key: str, default: str | None = None) -> str | None:
        _, value = _read("env.get", key)
        return default if value is None else value

    @ml_function(description="A variable's value; an error when it is not set", capabilities=["env.read"])
    def require(self, key: str) -> str:
        name, value = _read("env.require", key)
        if value is None:
            raise ValueError(f"env.require: environment variable '{name}' is not set")
        return value

    @ml_function(description="Set a variable", capabilities=["env.write"])
    def set(self, key: str, value: str) -> None:
        name = _name("env.set", key)
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            text = expect_str("env.set", "value", value)
        else:
            text = str(value)
        if "\x00" in text:
            raise ValueError("env.set: the value may not contain a NUL character")
        _require_grant("env", name, "env.set")
        _view().set(name, text)

    @ml_function(description="Whether a variable is set", capabilities=["env.read"])
    def has(self, key: str) -> bool:
        return _read("env.has", key)[1] is not None

    @ml_function(description="The variables the current grant covers", capabilities=["env.read"])
    def all(self) -> dict[str, str]:
        return {name: value for name, value in _view().items() if allowed("env", name)}

    @ml_function(description="Remove a variable", capabilities=["env.write"])
    def delete(self, key: str) -> None:
        name = _name("env.delete", key)
        _require_grant("env", name, "env.delete")
        _view().delete(name)

    @ml_function(description="A variable parsed as an integer, or default", capabilities=["env.read"])
    def get_int(self, key: str, default: int = 0) -> int:
        name, value = _read("env.get_int", key)
        if value is None or value.strip() == "":
            return default
        try:
            return int(value.strip())
        except ValueError:
            raise ValueError(f"env.get_int: '{name}' is not an integer: {value!r}") from None

    @ml_function(description="A variable parsed as a boolean, or default", capabilities=["env.read"])
    def get_bool(self, key: str, default: bool = False) -> bool:
        name, value = _read("env.get_bool", key)
        if value is None:
            return default
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ValueError(f"env.get_bool: '{name}' is not a boolean: {value!r}")

    @ml_function(description="A variable parsed as a number, or default", capabilities=["env.read"])
    def get_float(self, key: str, default: float = 0.0) -> float:
        name, value = _read("env.get_float", key)
        if value is None or value.strip() == "":
            return default
        try:
            return float(value.strip())
        except ValueError:
            raise ValueError(f"env.get_float: '{name}' is not a number: {value!r}") from None


env = Env()
