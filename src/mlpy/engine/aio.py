"""``run_async``: an ML run the asyncio loop can await and cancel.

In process, the run executes in a worker thread under a ``CancelToken``; cancelling the awaiting
task cancels the token, so the program stops at its next step (it is compiled with step counting;
a single long C-level call finishes first -- use ``sandbox=True`` to have it killed). With
``sandbox=True`` the run goes to the shared ``SandboxPool``, where cancelling kills its process.
"""

from __future__ import annotations

import asyncio
from typing import Any

from mlpy.engine.result import RunResult


async def run_async(source: str, **options: Any) -> RunResult:
    """``await`` an ML run; keyword options as ``mlpy.run``. Cancelling the task stops the run."""
    if options.pop("sandbox", False):
        from mlpy.engine.pool import default_pool

        return await default_pool().run_async(source, **options)
    from mlpy.engine.cancel import CancelToken
    from mlpy.engine.options import embedded_options
    from mlpy.engine.pipeline import run_source

    filename = str(options.pop("filename", "<string>"))
    token = CancelToken()
    run_options = embedded_options(filename, cancel=token, **options)
    task = asyncio.ensure_future(asyncio.to_thread(run_source, source, filename, run_options))
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        token.cancel()
        try:
            await task  # the run ends at its next step; its limit error is the cancellation's echo
        except BaseException:  # noqa: BLE001, S110
            pass
        raise


__all__ = ["run_async"]
