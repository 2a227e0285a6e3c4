"""Each file parsed in a child process that can die without taking the batch with it.

Native code (pdfium, image decoders, onnxruntime) can abort or segfault, hang where no
signal handler ever runs, or allocate without end; the system's OOM killer can SIGKILL
a worker.  So the parent forks its workers (after loading the heavy resources: they share
those pages), sends each its jobs down a pipe (the one it is on and the next, so it never
waits for the parent) and waits for the answers, each job with its deadline:

- past the deadline the parent kills the worker (SIGKILL, from outside: nothing inside can
  ignore it) and the file is E-LIMIT-TIME;
- a worker's memory is bounded inside it before its first job: ``setrlimit(RLIMIT_DATA)``
  to ``Limits.max_memory_bytes`` (what a runaway parser's heap fills; libraries' code and
  the address space threads reserve but never touch are not counted) and ``RLIMIT_AS`` to
  twice that beyond what the worker was forked with.  A MemoryError is E-LIMIT-MEMORY, and
  so is a worker that died after growing to the limit (native allocators abort when an
  allocation fails);
- a worker that dies otherwise (SIGSEGV, SIGABRT, SIGKILL) is E-READ-CRASH for its file;
- a dead or killed worker is replaced, and the batch goes on.

A worker serves file after file (a fork per file would cost more than a small notice takes)
and retires after a file that left it a quarter of the limit bigger, so what one big file
took is not held for the rest of the batch.  Workers die with the parent: PR_SET_PDEATHSIG on
Linux, else a thread watching ``getppid()``; an idle worker also ends when its pipe closes.

Workers are forked, so what the parent loaded before (resources, a test's monkeypatch) is
what they run with; the run's settings are not among it: each job carries its Options.
"""
from __future__ import annotations

import os
import resource
import signal
import sys
import threading
import time
import traceback
from collections import deque
from multiprocessing.connection import Pipe, wait
from typing import Any, Callable, Iterable, Iterator

from .errors import CrashError, LimitError, PipelineError
from .limits import MB, Limits

MEMORY_NEAR = 0.8  # a worker that died after growing to this share of its limit is put down to the limit
RETIRE_AT = 0.25  # a worker this share of the limit bigger than it started is replaced after its file
ADDRESS_SPACE = 2  # RLIMIT_AS: this many times the memory limit, beyond the address space forked with
PR_SET_PDEATHSIG = 1

_in_worker = False


def in_worker() -> bool:
    """Whether this process is a worker forked by ``supervise``."""
    return _in_worker


def memory_error(limits: Limits, path: str | None = None) -> LimitError:
    return LimitError(f"needed more than the memory limit of {limits.max_memory_bytes / MB:.0f} MB "
                      "(raise it with --max-memory-mb)", path, "E-LIMIT-MEMORY")


def time_error(limits: Limits, path: str | None = None) -> LimitError:
    return LimitError(f"took longer than {limits.timeout:g} s (raise it with --timeout)", path, "E-LIMIT-TIME")


def out_of_memory(exc: BaseException | None) -> bool:
    """Whether ``exc`` is a MemoryError, a C++ library's std::bad_alloc (onnxruntime's), or an error
    raised while handling one (a reader that wraps it)."""
    for _ in range(8):
        if exc is None:
            return False
        if isinstance(exc, MemoryError):
            return True
        try:
            if "std::bad_alloc" in str(exc):
                return True
        except Exception:  # noqa: BLE001 - an exception that cannot say what it is
            pass
        exc = exc.__cause__ or exc.__context__
    return False


def supervise(jobs: Iterable[tuple], work: Callable, limits: Limits,
              workers: int = 1) -> Iterator[tuple[tuple, Any, BaseException | None]]:
    """Run ``work(*job)`` for every job in at most ``workers`` forked processes within ``limits``
    (its ``timeout`` and ``max_memory_bytes``); yield ``(job, result, None)`` or ``(job, None, error)``
    as each finishes.  ``error`` is what ``work`` raised (its traceback in the worker added as a
    note), or the PipelineError its worker's death or deadline became (without a path).

    Each worker has up to ``QUEUED`` jobs in its pipe, so it goes from one to the next without
    waiting for the parent; the first is the one it is on, whose deadline runs from when the
    worker took it up.  When a worker dies or is killed, its current job gets the error and the
    jobs queued behind it go to another."""
    pending = deque(jobs)
    size = max(1, min(workers, len(pending)))
    live: dict = {}  # connection -> worker
    try:
        while pending or any(w.queue for w in live.values()):
            while pending:
                worker = _free(live, size, work, limits)
                if worker is None:
                    break
                job = pending.popleft()
                try:
                    worker.conn.send(job)
                except OSError:
                    del live[worker.conn]
                    if worker.answers or worker.queue:  # it died after some work: another takes the job
                        pending.appendleft(job)
                        if worker.queue:
                            yield _lost(worker, pending, worker.died(limits))
                        else:
                            worker.stop()
                    else:  # a new worker that cannot take a job: the job fails, not the batch
                        yield job, None, worker.died(limits)
                    continue
                if not worker.queue:
                    worker.started = time.monotonic()
                worker.queue.append(job)
            working = [conn for conn, w in live.items() if w.queue]
            if not working:
                continue
            timeout = None
            if limits.timeout > 0:
                first = min(live[conn].started for conn in working)
                timeout = max(0.0, first + limits.timeout - time.monotonic())
            for conn in wait(working, timeout):
                worker = live[conn]
                try:
                    ok, value, trace, retire = conn.recv()
                except (EOFError, OSError):  # it died: of what, and how big, the kernel says
                    del live[conn]
                    yield _lost(worker, pending, worker.died(limits))
                    continue
                except Exception as exc:  # noqa: BLE001 - an answer that cannot be unpickled
                    del live[conn]
                    worker.stop()
                    yield _lost(worker, pending, exc)
                    continue
                job = worker.queue.popleft()
                worker.answers += 1
                worker.started = time.monotonic()  # it took up the next one as it answered
                if retire:  # it leaves the jobs queued behind unread
                    del live[conn]
                    worker.stop()
                    pending.extendleft(reversed(worker.queue))
                    worker.queue.clear()
                yield job, (value if ok else None), (None if ok else _noted(value, trace))
            if limits.timeout > 0:
                now = time.monotonic()
                for conn, worker in list(live.items()):
                    if worker.queue and now - worker.started >= limits.timeout:
                        del live[conn]
                        worker.stop()
                        yield _lost(worker, pending, time_error(limits))
    finally:
        for worker in live.values():
            worker.stop()


QUEUED = 2  # jobs in a worker's pipe at once: the one it is on and the next


def _free(live: dict, size: int, work: Callable, limits: Limits) -> _Worker | None:
    """A worker to give a job: an idle one, a new one while fewer than ``size``, else one with room
    in its queue; None when all are full.  An idle worker that died meanwhile is dropped."""
    for conn, worker in list(live.items()):
        if not worker.queue and conn.poll():  # idle, yet readable: it died (the OOM killer takes idle ones too)
            del live[conn]
            worker.stop()
    idle = [w for w in live.values() if not w.queue]
    if idle:
        return idle[0]
    if len(live) < size:
        worker = _Worker(work, limits, list(live.values()))
        live[worker.conn] = worker
        return worker
    return min((w for w in live.values() if len(w.queue) < QUEUED), key=lambda w: len(w.queue), default=None)


def _lost(worker: _Worker, pending: deque, error: BaseException) -> tuple:
    """The dead or killed ``worker``'s current job with ``error``; the jobs queued behind it back
    to the front of ``pending``, in their order."""
    worker.stop()
    head, *rest = worker.queue
    worker.queue.clear()
    pending.extendleft(reversed(rest))
    return head, None, error


def call(work: Callable, args: tuple, limits: Limits) -> Any:
    """``work(*args)`` in one supervised worker: its result, or the error it raised or died of."""
    [(_, value, error)] = list(supervise([args], work, limits, 1))
    if error is not None:
        raise error
    return value


def _noted(exc: BaseException, trace: str | None) -> BaseException:
    if trace and isinstance(exc, BaseException) and hasattr(exc, "add_note"):
        exc.add_note(f"in the worker process:\n{trace}")
    return exc


class _Worker:
    """One forked worker process and the parent's end of its pipe."""

    def __init__(self, work: Callable, limits: Limits, others: list[_Worker]):
        base = _memory()
        self.base_rss = base.get("VmRSS", 0)
        self.base_data = base.get("VmData", 0)
        self.data_bound = 0
        as_bound = 0
        if limits.max_memory_bytes > 0:
            # a worker forked from a parent that holds more already (a long test run, a Dask worker)
            # still has half the limit to work in
            self.data_bound = max(limits.max_memory_bytes, self.base_data + limits.max_memory_bytes // 2)
            if "VmSize" in base:
                as_bound = base["VmSize"] + ADDRESS_SPACE * limits.max_memory_bytes
        grown = RETIRE_AT * (limits.max_memory_bytes or 1024 * MB)
        prctl = _prctl()
        ours, theirs = Pipe()
        parent = os.getpid()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()  # nothing buffered is written twice
            except (OSError, ValueError, AttributeError):
                pass
        try:
            pid = os.fork()
        except OSError as exc:
            ours.close()
            theirs.close()
            raise PipelineError(f"cannot start a worker process ({exc.strerror or exc})") from None
        if pid == 0:  # the worker; it never returns into the parent's code
            code = 70
            try:
                ours.close()
                for other in others:
                    other.conn.close()  # else a sibling's pipe would not close when the parent dies
                _settle(parent, prctl, self.data_bound, as_bound)
                start = _memory()
                theirs.send(start)  # where it starts from, in its own counters, which its peak is measured in
                _serve(theirs, work, start.get("VmRSS", 0) + grown)
                code = 0
            except BaseException:  # noqa: BLE001 - the parent sees the exit status
                pass
            finally:
                os._exit(code)
        theirs.close()
        self.pid, self.conn = pid, ours
        self.queue: deque = deque()  # jobs sent and not answered, the one it is on first
        self.started = 0.0  # when it took up the first of them
        self.answers = 0
        self.reaped = False
        try:
            ready = ours.poll(60)
            if ready:
                start = ours.recv()
                self.base_rss, self.base_data = start.get("VmRSS", self.base_rss), start.get("VmData", self.base_data)
        except (EOFError, OSError):
            ready = True  # it died at once: its first job finds out
        if not ready:
            self.stop()
            raise PipelineError("a worker process did not start within 60 s")

    def died(self, limits: Limits) -> PipelineError:
        """What the death of this worker, with a job, makes of that job."""
        status, usage = self._reap()
        if usage is not None and self.data_bound:
            peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
            if peak - self.base_rss >= MEMORY_NEAR * (self.data_bound - self.base_data):
                return memory_error(limits)
        if status is None:
            return CrashError("the process parsing it ended without an answer")
        if os.WIFSIGNALED(status):
            number = os.WTERMSIG(status)
            try:
                name = signal.Signals(number).name
            except ValueError:
                name = f"signal {number}"
            why = ("killed from outside: the system's OOM killer does this when memory runs out"
                   if number == signal.SIGKILL else "a crash in native code")
            return CrashError(f"the process parsing it died of {name} ({why})")
        if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 70:
            return CrashError("the process parsing it failed without an answer (its answer could not be sent)")
        return CrashError(f"the process parsing it ended with status {os.waitstatus_to_exitcode(status)} "
                          "without an answer")

    def stop(self) -> None:
        """Kill the worker (at once: an idle one has nothing left to write) and reap it."""
        if not self.reaped:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self._reap()

    def _reap(self):
        self.conn.close()
        if self.reaped:
            return None, None
        self.reaped = True
        try:
            _, status, usage = os.wait4(self.pid, 0)
        except ChildProcessError:  # reaped already (SIGCHLD ignored)
            return None, None
        return status, usage


def _memory() -> dict[str, int]:
    """VmRSS, VmData and VmSize of this process in bytes (empty where /proc is missing)."""
    out = {}
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmData", "VmSize"):
                    out[key] = int(value.split()[0]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return out


_PRCTL: list = []


def _prctl():
    """libc's prctl, looked up once in the parent (None where there is none)."""
    if not _PRCTL:
        try:
            import ctypes

            _PRCTL.append(ctypes.CDLL(None, use_errno=True).prctl)
        except (OSError, AttributeError):
            _PRCTL.append(None)
    return _PRCTL[0]


def _settle(parent: int, prctl, data_bound: int, as_bound: int) -> None:
    """A new worker: dies with ``parent``, leaves Ctrl-C to it, and is held within its memory."""
    global _in_worker
    _in_worker = True
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it ends the workers
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    except ValueError:  # not the main thread (it is, after a fork, in CPython)
        pass
    try:
        import faulthandler

        faulthandler.disable()  # a crash is its file's one error line, not a dump of frames
    except ImportError:
        pass
    if prctl is None or prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)
    if data_bound:
        _cap(resource.RLIMIT_DATA, data_bound)
    if as_bound:
        _cap(resource.RLIMIT_AS, as_bound)


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _cap(which: int, bound: int) -> None:
    soft, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        bound = min(bound, hard)
    if soft == resource.RLIM_INFINITY or bound < soft:
        try:
            resource.setrlimit(which, (bound, hard))
        except (ValueError, OSError):
            pass


def _serve(conn, work: Callable, retire_rss: float) -> None:
    """The worker's loop: a job in, ``(ok, result or error, traceback, retire)`` out, until the pipe closes."""
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return  # the parent is done, or gone
        try:
            reply = (True, work(*job), None)
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, which decides
            reply = (False, exc, traceback.format_exc())
        retire = (not reply[0] and out_of_memory(reply[1])) or _memory().get("VmRSS", 0) > retire_rss
        try:
            conn.send((*reply, retire))
        except (OSError, EOFError):
            raise
        except Exception as exc:  # noqa: BLE001 - an answer that cannot be pickled
            conn.send((False, RuntimeError(f"the worker's answer cannot be sent back ({type(exc).__name__}: {exc})"),
                       traceback.format_exc(), True))
            return
        if retire:
            return
