"""The same batch on a Dask cluster: the per-notice function is shipped to the workers.

``scheduler`` is a scheduler address (``tcp://host:8786``) or ``local`` for a
LocalCluster on this machine.  Install with ``pip install -e .[dask]``.
"""
from __future__ import annotations

import os
from typing import Iterator

from .errors import MissingDependencyError


def run_on_dask(jobs, scheduler: str, workers: int = 2) -> Iterator:
    """Run ``batch.process`` for every job on the cluster, yielding outcomes as they finish."""
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise MissingDependencyError("the Dask engine needs dask[distributed]: pip install -e .[dask]") from None
    from .batch import _warm, process

    cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                           dashboard_address=None) if scheduler == "local" else None
    client = Client(cluster if cluster is not None else scheduler)
    try:
        client.run(_warm)
        if os.environ.get("POLICY_PIPELINE_UNITS"):  # a user's own bodies, on every worker
            from .normalize.units import use_overrides

            client.run(use_overrides, os.environ["POLICY_PIPELINE_UNITS"])
        futures = [client.submit(process, *job, pure=False) for job in jobs]
        for future in as_completed(futures):
            yield future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
