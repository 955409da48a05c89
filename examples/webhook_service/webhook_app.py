"""A webhook service that runs tenants' ML rules, each request in a fresh sandboxed process.

Tenants upload rules (ML source) and call them with JSON events. Every run goes through one
``mlpy.SandboxPool`` (warm workers forking a fresh process per run) with the tenant's own grants
(read access to its data folder, nothing else), a time, step, memory and output limit, the event and
tenant settings passed in with ``inputs=``, and the output captured. A rule that breaks a rule of the
service -- reads another tenant's file, loops forever, allocates without end, tries a ``__`` name --
gets an HTTP error whose body carries the ML error text with file, line and column.

    PUT    /rules/NAME    body: ML source           -> 201, or 422 with the compile error
    GET    /rules                                   -> the tenant's rule names
    GET    /rules/NAME                              -> the rule's source
    DELETE /rules/NAME                              -> 204
    POST   /hooks/NAME    body: a JSON event        -> 200 {"result", "output", "stats"}, or 4xx

Every request names its tenant with ``Authorization: Bearer TOKEN``; rules are per tenant, so a
tenant can neither see nor run another's rules.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import re
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

import mlpy
from mlpy.errors import MLCapabilityError, MLError, MLSecurityError

RULE_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
RULE_INPUTS = ("event", "tenant")
"""The globals the service passes to every rule: the request's JSON event and the tenant's settings."""


@dataclass(frozen=True)
class Tenant:
    """A customer of the service: its API token and the folder its rules may read."""

    name: str
    token: str
    data_dir: Path


@dataclass(frozen=True)
class RuleLimits:
    """What one rule run may use, and how big what tenants send may be."""

    timeout: float = 1.0
    max_steps: int = 200_000
    max_memory_mb: int = 64
    max_output: int = 10_000
    max_rule_bytes: int = 20_000
    max_event_bytes: int = 100_000


@dataclass
class ServiceState:
    """The tenants, their compiled rules and the pool the rules run in."""

    tenants: list[Tenant]
    limits: RuleLimits
    pool: mlpy.SandboxPool | None = None
    rules: dict[tuple[str, str], mlpy.Program] = field(default_factory=dict)

    def tenant_for(self, request: Request) -> Tenant | None:
        """The tenant whose token the request carries (compared in constant time)."""
        scheme, _space, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            return None
        for tenant in self.tenants:
            if hmac.compare_digest(tenant.token.encode(), token.encode()):
                return tenant
        return None


def error_body(exc: MLError) -> dict[str, Any]:
    """An ML error as JSON: its kind, message, position and the full text a user reads."""
    return {"error": {"kind": exc.kind, "message": exc.message, "file": exc.filename, "line": exc.line,
                      "column": exc.column, "text": exc.format()}}


def problem(status: int, message: str) -> JSONResponse:
    """An HTTP error that is not an ML error (authentication, unknown rule, sizes)."""
    return JSONResponse({"error": {"kind": "RequestError", "message": message}}, status_code=status)


def ml_error_status(exc: MLError) -> int:
    """403 for a refused capability or security rule; 422 for everything else the rule did wrong."""
    return 403 if isinstance(exc, MLCapabilityError | MLSecurityError) else 422


def create_app(tenants: Iterable[Tenant], *, pool: mlpy.SandboxPool | None = None, workers: int = 2,
               limits: RuleLimits | None = None) -> Starlette:
    """The service. Without ``pool`` it starts a ``SandboxPool(workers)`` and closes it at shutdown."""
    state = ServiceState(list(tenants), limits or RuleLimits(), pool)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        owned = state.pool is None
        if owned:
            state.pool = mlpy.SandboxPool(workers=workers)
        try:
            yield
        finally:
            if owned and state.pool is not None:
                await asyncio.to_thread(state.pool.close)

    async def tenant_and_rule(request: Request) -> tuple[Tenant, str] | Response:
        tenant = state.tenant_for(request)
        if tenant is None:
            return problem(401, "send 'Authorization: Bearer TOKEN' with your tenant's token")
        name = request.path_params.get("name", "")
        if name and not RULE_NAME.fullmatch(name):
            return problem(400, f"rule names are 1-40 lower-case letters, digits and '_', starting with a letter: {name!r}")
        return tenant, name

    async def list_rules(request: Request) -> Response:
        checked = await tenant_and_rule(request)
        if isinstance(checked, Response):
            return checked
        tenant, _name = checked
        return JSONResponse({"rules": sorted(rule for owner, rule in state.rules if owner == tenant.name)})

    async def put_rule(request: Request) -> Response:
        checked = await tenant_and_rule(request)
        if isinstance(checked, Response):
            return checked
        tenant, name = checked
        body = await request.body()
        if len(body) > state.limits.max_rule_bytes:
            return problem(413, f"a rule may have at most {state.limits.max_rule_bytes} bytes")
        try:
            source = body.decode("utf-8")
        except UnicodeDecodeError:
            return problem(400, "the rule must be UTF-8 text")
        try:
            program = mlpy.compile(source, f"{tenant.name}/{name}.ml", inputs=RULE_INPUTS)
        except MLError as exc:
            return JSONResponse(error_body(exc), status_code=422)
        state.rules[tenant.name, name] = program
        return JSONResponse({"rule": name, "inputs": list(RULE_INPUTS)}, status_code=201)

    async def stored_rule(request: Request) -> tuple[Tenant, mlpy.Program] | Response:
        checked = await tenant_and_rule(request)
        if isinstance(checked, Response):
            return checked
        tenant, name = checked
        program = state.rules.get((tenant.name, name))
        if program is None:
            return problem(404, f"no rule {name!r}")
        return tenant, program

    async def get_rule(request: Request) -> Response:
        found = await stored_rule(request)
        return found if isinstance(found, Response) else PlainTextResponse(found[1].source)

    async def delete_rule(request: Request) -> Response:
        checked = await tenant_and_rule(request)
        if isinstance(checked, Response):
            return checked
        tenant, name = checked
        if state.rules.pop((tenant.name, name), None) is None:
            return problem(404, f"no rule {name!r}")
        return Response(status_code=204)

    async def run_hook(request: Request) -> Response:
        found = await stored_rule(request)
        if isinstance(found, Response):
            return found
        tenant, program = found
        body = await request.body()
        if len(body) > state.limits.max_event_bytes:
            return problem(413, f"an event may have at most {state.limits.max_event_bytes} bytes")
        try:
            event = json.loads(body or b"{}")
        except (ValueError, RecursionError) as exc:
            return problem(400, f"the event is not JSON: {exc}")
        assert state.pool is not None
        limits = state.limits
        try:
            result = await state.pool.run_async(
                program,
                inputs={"event": event, "tenant": {"name": tenant.name, "data_dir": str(tenant.data_dir)}},
                capabilities=[f"read:{tenant.data_dir}"],
                timeout=limits.timeout, max_steps=limits.max_steps, max_memory=limits.max_memory_mb,
                max_output=limits.max_output, capture_output=True,
            )
        except MLError as exc:
            return JSONResponse(error_body(exc), status_code=ml_error_status(exc))
        except (TypeError, ValueError) as exc:  # the event cannot become ML values (too deep, ...)
            reason = str(exc).rsplit(": ", 1)[-1]  # without the path into the event
            return problem(400, f"the event cannot be passed to a rule: {reason}")
        stats = result.stats
        return JSONResponse({
            "result": result.globals.get("result"),
            "output": result.output,
            "stats": {"steps": stats.steps, "wall_ms": round(stats.wall_time * 1000, 2),
                      "peak_memory_mb": round((stats.peak_memory or 0) / 2**20, 1)},
        })

    return Starlette(routes=[
        Route("/rules", list_rules, methods=["GET"]),
        Route("/rules/{name}", put_rule, methods=["PUT"]),
        Route("/rules/{name}", get_rule, methods=["GET"]),
        Route("/rules/{name}", delete_rule, methods=["DELETE"]),
        Route("/hooks/{name}", run_hook, methods=["POST"]),
    ], lifespan=lifespan)


def demo_tenants(data_root: Path) -> list[Tenant]:
    """One tenant per folder of ``data_root`` with the token ``NAME-token``: for the demo only; a real
    deployment reads tokens from its secret store."""
    return [Tenant(folder.name, f"{folder.name}-token", folder.resolve())
            for folder in sorted(data_root.iterdir()) if folder.is_dir()]


def main() -> None:
    """Serve the demo tenants of ``data/`` on http://127.0.0.1:8000."""
    import argparse

    import uvicorn

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parent / "data")
    args = parser.parse_args()
    uvicorn.run(create_app(demo_tenants(args.data)), host="127.0.0.1", port=args.port)


if __name__ == "__main__":
    main()
