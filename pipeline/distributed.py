"""The same batch on a Dask cluster: the per-notice function is shipped to the workers.

``scheduler`` is a scheduler address (``tcp://host:8786``) or ``local`` for a
LocalCluster on this machine.  Install with ``pip install -e .[dask]``.

Each task parses its notice in a child process of the Dask worker
(the batch's ``process_isolated``), so the limits hold there as in a local batch: the worker
kills the child at the deadline, the child's memory is bounded, and a crash ends the
child, not the worker; each is the notice's error line, with the same codes.  The client
keeps as many tasks in flight as the cluster has threads and gives each a deadline of its
own from when it starts running (``--timeout`` and some slack): a task still running past
it (a worker wedged or lost) is cancelled and the notice is E-LIMIT-TIME.  A worker that
died with the task is E-READ-CRASH.  A LocalCluster's workers end with this process.
The run's Options (limits, the user's unit file) go to the workers with each task, in its
arguments: nothing is set up on a worker beforehand but the shared resources.
"""
from __future__ import annotations

import time
from collections import deque
from typing import Callable, Iterator

from .errors import CrashError, MissingDependencyError
from .limits import Limits
from .options import Options

SLACK = 5.0  # seconds past --timeout before the client gives up on a task the worker should have stopped
POLL = 0.5  # seconds between looks at which tasks the workers are running


def run_on_dask(jobs, scheduler: str, workers: int, options: Options, work: Callable, failed: Callable) -> Iterator:
    """Run ``work(*job)`` for every job on the cluster, yielding outcomes as they finish; a job whose
    task died, was cancelled or raised gets ``failed(job, error)``.  The batch passes its own
    ``process_isolated`` and ``failed_job``: this engine knows nothing of notices."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise MissingDependencyError("the Dask engine needs dask[distributed]: pip install -e .[dask]") from None
    from .resources import warm

    cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                           dashboard_address=None) if scheduler == "local" else None
    client = Client(cluster if cluster is not None else scheduler)
    try:
        client.run(warm, options.units)  # a cache only: each task brings its own options
        yield from _run(client, jobs, options.limits, work, failed)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _run(client, jobs, limits: Limits, work: Callable, failed_job: Callable) -> Iterator:
    from dask.distributed import wait

    pending = deque(jobs)
    live: dict = {}  # future -> job
    started: dict = {}  # key -> when a worker was first seen running it
    looked = counted = 0.0
    slots = 1
    try:
        while pending or live:
            if time.monotonic() - counted >= POLL * 4:  # a cluster can grow or shrink
                counted = time.monotonic()
                slots = max(1, sum(client.nthreads().values()))
            while pending and len(live) < slots:
                job = pending.popleft()
                live[client.submit(work, *job, pure=False)] = job
            timeout = None
            if limits.timeout > 0:
                now = time.monotonic()
                if now - looked >= POLL and any(f.key not in started for f in live):
                    looked = now
                    for keys in client.processing().values():
                        for key in keys:
                            started.setdefault(key, now)
                ends = [started[f.key] + limits.timeout + SLACK for f in live if f.key in started]
                timeout = max(0.0, min(ends) - now) if ends else None
                if any(f.key not in started for f in live):
                    timeout = POLL if timeout is None else min(timeout, POLL)
            try:
                done = wait(list(live), timeout=timeout, return_when="FIRST_COMPLETED").done
            except TimeoutError:
                done = set()
            for future in done:
                job = live.pop(future)
                started.pop(future.key, None)
                yield _outcome(future, job, failed_job)
            if limits.timeout > 0:
                now = time.monotonic()
                for future in [f for f in live if f.key in started]:
                    if now - started[future.key] >= limits.timeout + SLACK:
                        job = live.pop(future)
                        started.pop(future.key)
                        future.cancel()
                        from .isolate import time_error

                        yield failed_job(job, time_error(limits))
    finally:
        for future in live:
            future.cancel()


def _outcome(future, job, failed_job):
    from dask.distributed import KilledWorker

    try:
        return future.result()
    except KilledWorker as exc:
        return failed_job(job, CrashError(f"the Dask worker parsing it died ({exc})"))
    except Exception as exc:  # noqa: BLE001 - one notice's failure never stops the batch
        return failed_job(job, exc)
