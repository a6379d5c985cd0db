"""Run one parsing job on an untrusted file in a forked child limited in time and memory. Pure: no Flask.

A PDF can be built to make a parser recurse, allocate or loop without end; inside a web worker that would take the
worker (and everyone's requests on it) down. :func:`run_isolated` forks, lowers the child's address-space and CPU
limits, runs ``function(*args)`` there and returns its result; the child's expected errors come back as the same
exception, anything else as ``crash``'s, and a child that does not answer in time is killed (``timeout``'s error).
Linux only for the limits; elsewhere the parent's time limit still holds.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable

MEMORY_BYTES = 1024 * 1024 * 1024


class IsolationError(Exception):
    """The child crashed, ran out of memory or time: the message says so, for the user."""


def run_isolated(
    function: Callable,
    args: tuple,
    *,
    seconds: float,
    expected: tuple[type[Exception], ...],
    crash: Exception,
    timeout: Exception,
    memory_bytes: int = MEMORY_BYTES,
):
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, function, args, expected, seconds, memory_bytes), daemon=True)
    child.start()
    sender.close()
    outcome = receiver.recv() if receiver.poll(seconds) else None
    child.join(timeout=1)
    if child.is_alive():
        child.kill()
        child.join()
    receiver.close()
    if outcome is None:
        raise timeout
    kind, value = outcome
    if kind == "result":
        return value
    raise value if kind == "expected" else crash


def _limit(seconds: float, memory_bytes: int) -> None:
    import resource

    try:
        with open("/proc/self/statm") as statm:  # noqa: PTH123
            used = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        resource.setrlimit(resource.RLIMIT_AS, (used + memory_bytes, used + memory_bytes))
        cpu = int(seconds) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    except (OSError, ValueError):
        pass  # not Linux: the parent's time limit still holds


def _child(sender, function, args, expected, seconds: float, memory_bytes: int) -> None:
    try:
        _limit(seconds, memory_bytes)
        sender.send(("result", function(*args)))
    except expected as error:
        sender.send(("expected", error))
    except BaseException:  # noqa: BLE001 - memory, recursion or a parser's own bug: the parent answers for it
        sender.send(("crash", None))
    finally:
        sender.close()
        os._exit(0)


def outside_event_loop(function: Callable, *args, **kwargs):
    """``function(*args, **kwargs)`` where no asyncio loop runs, for libraries that call ``asyncio.run`` inside.

    pyHanko's synchronous API does, and ``asyncio.run`` refuses to start in a thread whose loop is running (an async
    server, or a test worker that also drives Playwright): there the call moves to a short-lived thread of its own.
    """
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()
