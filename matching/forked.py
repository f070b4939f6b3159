"""Work in a forked child process, for a full run's two cores.

A full run's blocking is many short numpy steps and Python loops that hold the
GIL, so the threads that scored its pairs meanwhile mostly took turns with it
(84 CPU-s in 86 s wall at 1M). Forked, the child blocks on one core while this
process scores on the other: the child inherits the loaded mentions (copy on
write, nothing is pickled) and hands each array it produces back through a pipe
as soon as it has it.

``in_child(work, on_array)`` runs ``work(channel)`` in the child; every array the
child sends with ``channel.send_array`` is given to ``on_array`` here as it
arrives, the child's log records are handled by this process's loggers (so the
CLI and tests see them as before), and ``work``'s return value comes back
pickled. An exception in the child is raised here (``ChildFailed`` when it
cannot be pickled or the child died). The child never touches the parent's
SQLite connection and leaves by ``os._exit``, so nothing of the parent is
flushed, closed or rolled back twice. A child dies with its parent (a SIGKILLed
run leaves no blocking process behind) and is killed and reaped when this side
fails.

Where ``fork`` is unavailable (not Linux), or with ``NEKROLOG_NO_FORK=1``,
``work`` runs in this process with a channel that calls ``on_array`` directly:
the same results, without the second core.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import os
import pickle
import resource
import signal
import struct
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

import numpy as np

#: kind (A array, L log record, R result, E error), array dtype, payload bytes
_HEADER = struct.Struct("<c16sQ")
_PR_SET_PDEATHSIG = 1


class ChildFailed(RuntimeError):
    """The forked child failed without an exception this process could rebuild, or died."""


class _ChildGone(ChildFailed):
    """The pipe closed before a result: the child has been reaped already."""


def fork_available() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "fork") and os.environ.get("NEKROLOG_NO_FORK") != "1"


class Channel:
    """The child's side: sends arrays (and, internally, log records and the result)."""

    def __init__(self, write: Callable[[bytes, str, memoryview | bytes], None]) -> None:
        self._write = write

    def send_array(self, array: np.ndarray) -> None:
        array = np.ascontiguousarray(array)
        self._write(b"A", array.dtype.str, memoryview(array).cast("B") if array.size else b"")


class _Inline(Channel):
    def __init__(self, on_array: Callable[[np.ndarray], None]) -> None:
        self.on_array = on_array

    def send_array(self, array: np.ndarray) -> None:
        self.on_array(array)


def in_child(work: Callable[[Channel], Any], on_array: Callable[[np.ndarray], None] | None = None) -> Any:
    """``work(channel)`` in a forked child (see the module's docstring); its result."""
    return spawn(work).collect(on_array)


def spawn(work: Callable[[Channel], Any]) -> Child:
    """Fork now and start ``work(channel)`` in the child; ``collect`` its arrays and
    result later (or ``kill`` it). Call from the thread that uses SQLite, while no
    other thread is inside SQLite or holds a lock the child may need: only the
    forking thread lives on in the child."""
    if not fork_available():
        return Child(work, None, None)
    read_fd, write_fd = os.pipe()
    parent = os.getpid()
    # objects alive now are never collected in the child: its collector would
    # otherwise touch (and so copy) every page holding one
    gc.freeze()
    try:
        pid = os.fork()
    except BaseException:
        gc.unfreeze()
        os.close(read_fd)
        os.close(write_fd)
        raise
    if pid == 0:  # the child
        _child(work, read_fd, write_fd, parent)
    gc.unfreeze()
    os.close(write_fd)
    return Child(work, pid, read_fd)


class Child:
    """A forked child running ``work`` (``spawn``), or, without fork, ``work``
    itself, run by ``collect``."""

    def __init__(self, work: Callable[[Channel], Any], pid: int | None, read_fd: int | None) -> None:
        self._work, self.pid, self._fd = work, pid, read_fd
        self._done = pid is None

    def collect(self, on_array: Callable[[np.ndarray], None] | None = None) -> Any:
        """Hand each array the child sends to ``on_array`` as it arrives; the
        child's result (its exception raised here). The child is reaped either way."""
        on_array = on_array or _refuse_arrays
        if self.pid is None:
            if self._work is None:
                raise ChildFailed("collected twice")
            work, self._work = self._work, None
            return work(_Inline(on_array))
        pid, finished = self.pid, False
        try:
            with open(self._fd, "rb", buffering=0) as pipe:
                self._fd = None
                while True:
                    kind, dtype, size = _HEADER.unpack(_read(pipe, _HEADER.size, pid))
                    if kind == b"A":
                        array = np.empty(size // np.dtype(dtype.rstrip(b"\0").decode()).itemsize,
                                         dtype.rstrip(b"\0").decode())
                        if size:
                            _read_into(pipe, memoryview(array).cast("B"), pid)
                        on_array(array)
                        del array
                        continue
                    payload = _read(pipe, size, pid)
                    if kind == b"L":
                        record = logging.makeLogRecord(pickle.loads(payload))  # noqa: S301 - our own child's bytes
                        logging.getLogger(record.name).handle(record)
                    elif kind == b"R":
                        finished = True
                        return pickle.loads(payload)  # noqa: S301 - our own child's bytes
                    else:
                        exc, text = pickle.loads(payload)  # noqa: S301 - our own child's bytes
                        finished = True
                        if exc is None:
                            raise ChildFailed(f"the forked child failed:\n{text}")
                        raise exc
        except _ChildGone:
            finished = True
            self._done = True  # reaped by _read_into
            raise
        finally:
            if not finished:
                self.kill()
            self._reap()

    def kill(self) -> None:
        """Stop the child now (after a failure on this side) and reap it."""
        if self.pid is None or self._done:
            return
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self._reap()

    def _reap(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if not self._done:
            self._done = True
            os.waitpid(self.pid, 0)


def cpu_seconds() -> float:
    """CPU seconds of this process (all threads) and of its finished children:
    a forked child's blocking counts in the run's figures."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def forked_candidate_pairs(m, dirty: np.ndarray, cap: int, window: int,
                           sink: Callable[[np.ndarray], None]):
    """A full run's ``candidate_pairs(m, dirty, cap, window, sink=sink)`` blocked
    in a forked child: ``sink`` gets each pass's new pair codes here, in the same
    order, while the child blocks the next pass. Returns the ``BlockReport``."""
    from matching.blocking import candidate_pairs

    return in_child(lambda channel: candidate_pairs(m, dirty, cap, window, sink=channel.send_array)[2], sink)


def _refuse_arrays(array: np.ndarray) -> None:
    raise ChildFailed("the child sent an array but no on_array was given")


def _read(pipe, size: int, pid: int) -> bytes:
    buffer = bytearray(size)
    if size:
        _read_into(pipe, memoryview(buffer), pid)
    return bytes(buffer)


def _read_into(pipe, view: memoryview, pid: int) -> None:
    done = 0
    while done < len(view):
        got = pipe.readinto(view[done:])
        if not got:
            _, status = os.waitpid(pid, 0)
            raise _ChildGone(f"the forked child (pid {pid}) ended without a result"
                             f" (status {os.waitstatus_to_exitcode(status)})")
        done += got


def _child(work: Callable[[Channel], Any], read_fd: int, write_fd: int, parent: int) -> None:
    status = 1
    try:
        os.close(read_fd)
        # die with the run: a SIGKILLed parent must leave no child blocking on
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
        if os.getppid() != parent:  # the parent died before the line above
            os._exit(1)

        def write(kind: bytes, dtype: str, payload) -> None:
            view = memoryview(payload).cast("B")
            os.write(write_fd, _HEADER.pack(kind, dtype.encode(), len(view)))
            done = 0
            while done < len(view):
                done += os.write(write_fd, view[done:done + (1 << 24)])

        channel = Channel(write)
        _forward_logs(write)
        try:
            result = work(channel)
        except BaseException as exc:  # noqa: BLE001 - every failure goes to the parent
            text = traceback.format_exc()
            try:
                payload = pickle.dumps((exc, text))
                pickle.loads(payload)  # noqa: S301 - a rebuildable exception only
            except Exception:  # noqa: BLE001
                payload = pickle.dumps((None, text))
            write(b"E", "", payload)
        else:
            write(b"R", "", pickle.dumps(result))
            status = 0
    finally:
        os._exit(status)


class _ForwardHandler(logging.Handler):
    def __init__(self, write) -> None:
        super().__init__()
        self._send = write

    def emit(self, record: logging.LogRecord) -> None:
        try:
            state = dict(record.__dict__)
            state["msg"], state["args"] = record.getMessage(), None
            if record.exc_info:
                state["exc_text"] = logging.Formatter().formatException(record.exc_info)
            state["exc_info"] = None
            self._send(b"L", "", pickle.dumps(state))
        except Exception:  # noqa: BLE001 - a log line must never fail the work
            self.handleError(record)


def _forward_logs(write) -> None:
    """The child's log records go to the parent, whose handlers (and levels) apply."""
    handler = _ForwardHandler(write)
    for logger in list(logging.Logger.manager.loggerDict.values()):
        if isinstance(logger, logging.Logger):
            logger.handlers = []
    logging.getLogger().handlers = [handler]


__all__ = ["Channel", "Child", "ChildFailed", "cpu_seconds", "fork_available", "forked_candidate_pairs", "in_child", "spawn"]
