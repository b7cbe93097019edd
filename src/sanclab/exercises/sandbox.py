"""Run a student's function on one test case, in a separate process, with a time limit.

On POSIX the call runs in a child process started with the ``fork`` start method, so
functions defined in a notebook need no pickling and an infinite loop is killed when the
time limit passes, leaving the notebook responsive. Where ``fork`` is unavailable
(Windows), the call runs in a daemon thread instead: a timeout is still reported, but the
runaway thread cannot be killed and keeps using a core until the kernel restarts; the
function also shares the notebook's memory there (arguments are deep-copied first).

The result is converted to plain Python (numpy scalars and arrays to numbers and lists,
tuples to lists) inside the worker, so it can cross the process boundary.
"""

from __future__ import annotations

import copy
import io
import multiprocessing
import sys
import threading
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["CallResult", "fork_available", "run_call", "to_plain"]

#: Possible ``CallResult.status`` values.
STATUSES = ("ok", "error", "timeout", "crashed")


@dataclass(frozen=True)
class CallResult:
    """The outcome of one sandboxed call.

    Attributes
    ----------
    status : str
        ``ok`` (returned), ``error`` (raised), ``timeout`` (did not finish in time) or
        ``crashed`` (the worker process died without an answer).
    value : Any
        The return value converted by :func:`to_plain` (``ok`` only).
    error_type, error_message : str
        The exception's type name and message (``error``), or a description
        (``crashed``).
    """

    status: str
    value: Any = None
    error_type: str = ""
    error_message: str = ""


def fork_available() -> bool:
    """Whether the ``fork`` start method exists on this platform.

    Examples
    --------
    >>> isinstance(fork_available(), bool)
    True
    """
    return "fork" in multiprocessing.get_all_start_methods()


def to_plain(value: Any) -> Any:
    """Convert numpy scalars/arrays, tuples and sets to plain Python values.

    Examples
    --------
    >>> import numpy as np
    >>> to_plain((np.int64(3), np.array([0.5, 1.0]), {"a": np.bool_(True)}))
    [3, [0.5, 1.0], {'a': True}]
    >>> type(to_plain(np.str_("join"))), type(to_plain(np.float64(0.5)))
    (<class 'str'>, <class 'float'>)
    """
    if value is None or type(value) in (bool, int, float, complex, str, bytes):
        return value
    # numpy scalars (np.float64 and np.str_ subclass float and str) and arrays
    if hasattr(value, "tolist") and callable(value.tolist):
        try:
            plain = value.tolist()
        except Exception:
            return value
        return plain if type(plain) is type(value) else to_plain(plain)
    if isinstance(value, (bool, int, float, complex, str, bytes)):
        return value
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        try:
            return sorted(to_plain(v) for v in value)
        except TypeError:
            return [to_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {to_plain(k): to_plain(v) for k, v in value.items()}
    return value


def _call(func: Callable, args: Sequence, kwargs: Mapping) -> tuple:
    """Call ``func`` and describe the outcome as a picklable tuple."""
    try:
        value = func(*args, **kwargs)
    except BaseException as exc:  # a student's code may raise anything, even SystemExit
        try:
            message = str(exc)
        except Exception:  # an exception class whose __str__ itself raises
            message = "(the exception's message could not be shown)"
        return ("error", type(exc).__name__, message)
    return ("ok", to_plain(value))


def _child(conn, func: Callable, args: Sequence, kwargs: Mapping) -> None:
    # Keep the student's prints and warnings out of the notebook (and out of nbval).
    sys.stdout = io.StringIO()
    sys.stderr = io.StringIO()
    outcome = _call(func, args, kwargs)
    try:
        conn.send(outcome)
    except Exception:  # the value could not be pickled: send its repr instead
        conn.send(("ok", _Unpicklable(repr(outcome[1]))))
    finally:
        conn.close()


class _Unpicklable:
    """Stands in for a return value that could not cross the process boundary."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text

    def __eq__(self, other: object) -> bool:
        return False

    __hash__ = None  # type: ignore[assignment]


def _run_forked(func: Callable, args: Sequence, kwargs: Mapping, timeout: float) -> CallResult:
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(sender, func, args, kwargs), daemon=True)
    with warnings.catch_warnings():
        # Python >= 3.12 warns when forking a multi-threaded process (a Jupyter kernel
        # is one); the child only runs the student's function, so the warning is noise
        # and stray stderr would break nbval.
        warnings.filterwarnings(
            "ignore", message=r".*fork\(\) may lead to deadlocks", category=DeprecationWarning
        )
        process.start()
    sender.close()
    try:
        if receiver.poll(timeout):
            try:
                outcome = receiver.recv()
            except (EOFError, OSError):
                outcome = None
        else:
            process.kill()
            return CallResult("timeout")
    finally:
        receiver.close()
        process.join(5)
        if process.is_alive():  # pragma: no cover - only if the child ignores SIGTERM/KILL
            process.kill()
            process.join(5)
    if outcome is None:
        return CallResult(
            "crashed",
            error_type="WorkerDied",
            error_message=f"the worker process exited with code {process.exitcode}",
        )
    return _from_outcome(outcome)


def _run_threaded(func: Callable, args: Sequence, kwargs: Mapping, timeout: float) -> CallResult:
    box: list[tuple] = []
    args, kwargs = copy.deepcopy(list(args)), copy.deepcopy(dict(kwargs))
    thread = threading.Thread(target=lambda: box.append(_call(func, args, kwargs)), daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive() or not box:
        return CallResult("timeout")
    return _from_outcome(box[0])


def _from_outcome(outcome: tuple) -> CallResult:
    if outcome[0] == "ok":
        return CallResult("ok", value=outcome[1])
    return CallResult("error", error_type=outcome[1], error_message=outcome[2])


def run_call(
    func: Callable,
    args: Sequence = (),
    kwargs: Mapping | None = None,
    *,
    timeout: float = 2.0,
    method: str = "auto",
) -> CallResult:
    """Call ``func(*args, **kwargs)`` in a sandbox with a time limit.

    Parameters
    ----------
    func : callable
        The student's function.
    args : sequence
        Positional arguments.
    kwargs : mapping, optional
        Keyword arguments.
    timeout : float
        Seconds allowed for the call, in (0, inf).
    method : {"auto", "fork", "thread"}
        ``auto`` uses ``fork`` where available, else ``thread``.

    Returns
    -------
    CallResult

    Raises
    ------
    ValueError
        If ``timeout`` or ``method`` is invalid (never because of ``func``).

    Examples
    --------
    >>> run_call(sum, ([1, 2, 3],)).value
    6
    >>> run_call(int, ("x",)).error_type
    'ValueError'
    """
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout > 0:
        raise ValueError(f"timeout must be a number of seconds in (0, inf), got {timeout!r}")
    if method not in ("auto", "fork", "thread"):
        raise ValueError(f"method must be one of 'auto', 'fork', 'thread', got {method!r}")
    if method == "fork" and not fork_available():
        raise ValueError("method='fork' is not available on this platform; use 'auto'")
    kwargs = dict(kwargs or {})
    if method == "thread" or (method == "auto" and not fork_available()):
        return _run_threaded(func, args, kwargs, timeout)
    return _run_forked(func, args, kwargs, timeout)
