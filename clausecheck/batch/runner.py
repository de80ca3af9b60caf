"""Executors with one interface: ``run(tasks) -> iterator of Outcome`` as they finish.

- :class:`SerialRunner`: in this process (``--jobs 1``).
- :class:`LocalRunner`: a process pool, the library built once per worker,
  ``imap_unordered(chunksize=1)`` so progress is live; Ctrl+C terminates the workers and the
  caller keeps what is done.
- :class:`DaskRunner`: the same task on a dask.distributed cluster; documents are sent as
  bytes unless ``shared_paths`` says the workers see the same files.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Iterable, Iterator

from clausecheck.batch.worker import Outcome, Task, check_task, init_worker
from clausecheck.errors import UsageError


def resolve_jobs(jobs: int | None) -> int:
    cpus = os.cpu_count() or 1
    if jobs is None:
        return cpus
    return max(1, cpus + jobs if jobs <= 0 else jobs)


class SerialRunner:
    def __init__(self, libraries: tuple[str, ...] = ()) -> None:
        self.libraries = libraries

    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        for task in tasks:
            yield check_task(task)

    def close(self) -> None:
        pass


class LocalRunner:
    def __init__(self, jobs: int, libraries: tuple[str, ...] = ()) -> None:
        ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
        self.pool = ctx.Pool(jobs, initializer=init_worker, initargs=(libraries,))

    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        try:
            yield from self.pool.imap_unordered(check_task, tasks, chunksize=1)
        except KeyboardInterrupt:
            self.pool.terminate()
            raise

    def close(self) -> None:
        self.pool.close()
        self.pool.join()


class DaskRunner:
    def __init__(self, scheduler: str | object, libraries: tuple[str, ...] = (), shared_paths: bool = False) -> None:
        try:
            from distributed import Client
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise UsageError("--executor dask needs dask.distributed: pip install 'clausecheck[dask]'") from exc
        self.own_client = not hasattr(scheduler, "submit")
        self.client = Client(scheduler) if self.own_client else scheduler
        self.libraries = libraries
        self.shared_paths = shared_paths

    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        """Keep a bounded number of documents in flight, so bytes sent to workers never
        hold a whole archive in memory."""
        from distributed import as_completed

        it = iter(tasks)
        limit = max(4, 4 * len(self.client.scheduler_info().get("workers", {})))
        pending: dict[object, Task] = {}
        ac = as_completed()

        def submit_next() -> bool:
            task = next(it, None)
            if task is None:
                return False
            if not self.shared_paths and task.path is not None and task.data is None:
                with open(task.path, "rb") as fh:
                    task.data = fh.read()
                task.path = None
            fut = self.client.submit(check_task, task, pure=False)
            pending[fut] = task
            ac.add(fut)
            return True

        while len(pending) < limit and submit_next():
            pass
        for fut in ac:
            task = pending.pop(fut)
            try:
                yield fut.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker must not end the scan
                yield Outcome(task.display, task.sha256, False, "failed", error=f"dask task failed: {exc}")
            submit_next()

    def close(self) -> None:
        if self.own_client:
            self.client.close()
