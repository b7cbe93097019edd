"""Tests for sanclab.exercises.sandbox: running a student's function safely."""

from __future__ import annotations

import os
import threading
import warnings

import numpy as np
import pytest

from sanclab.exercises.sandbox import fork_available, run_call, to_plain

METHODS = ["thread"] + (["fork"] if fork_available() else [])


def _loop_forever(*args):
    while True:
        pass


def _noisy(x):
    print("debug output from the student's function")
    warnings.warn("a student's warning", stacklevel=1)
    return x + 1


@pytest.mark.parametrize("method", METHODS)
def test_returned_value_is_plain_python(method):
    """numpy results come back as plain Python: (np.int64(3), array) -> [3, [0.5, 1.0]]."""
    result = run_call(lambda: (np.int64(3), np.array([0.5, 1.0])), method=method)
    assert result.status == "ok"
    assert result.value == [3, [0.5, 1.0]]
    assert type(result.value[0]) is int


@pytest.mark.parametrize("method", METHODS)
def test_exception_type_and_message_are_reported(method):
    """1/0 gives status 'error', ZeroDivisionError, 'division by zero'."""
    result = run_call(lambda x: 1 / x, (0,), method=method)
    assert (result.status, result.error_type) == ("error", "ZeroDivisionError")
    assert result.error_message == "division by zero"


@pytest.mark.skipif(not fork_available(), reason="needs the fork start method")
def test_infinite_loop_times_out():
    """A function that never returns gives status 'timeout' instead of hanging."""
    assert run_call(_loop_forever, (1,), timeout=0.3, method="fork").status == "timeout"


def test_thread_fallback_reports_a_timeout():
    """In the thread fallback, a call still blocked after the limit is a 'timeout'.

    (The thread itself cannot be killed: here it waits on an event released afterwards.)
    """
    release = threading.Event()
    try:
        assert run_call(release.wait, (60,), timeout=0.3, method="thread").status == "timeout"
    finally:
        release.set()


@pytest.mark.skipif(not fork_available(), reason="needs the fork start method")
def test_forked_loop_is_killed():
    """After a timeout with fork, no worker process is left alive."""
    import multiprocessing

    run_call(_loop_forever, timeout=0.3, method="fork")
    assert [p for p in multiprocessing.active_children() if p.is_alive()] == []


@pytest.mark.skipif(not fork_available(), reason="needs the fork start method")
def test_system_exit_is_an_error_not_a_crash():
    """sys.exit(3) inside the function is reported as SystemExit with message '3'."""
    import sys

    result = run_call(lambda: sys.exit(3), method="fork")
    assert (result.status, result.error_type, result.error_message) == ("error", "SystemExit", "3")


@pytest.mark.skipif(not fork_available(), reason="needs the fork start method")
def test_dead_worker_is_reported_as_crashed():
    """os._exit(7) kills the worker before it answers: status 'crashed', exit code 7."""
    result = run_call(lambda: os._exit(7), method="fork")
    assert result.status == "crashed"
    assert "exited with code 7" in result.error_message


@pytest.mark.skipif(not fork_available(), reason="needs the fork start method")
def test_unpicklable_result_comes_back_as_its_repr():
    """A function returning a lambda: status ok, a value that equals nothing, repr kept."""
    result = run_call(lambda: (lambda: 0), method="fork")
    assert result.status == "ok"
    assert result.value != result.value
    assert "lambda" in repr(result.value)


@pytest.mark.skipif(not fork_available(), reason="needs the fork start method")
def test_student_output_stays_out_of_the_notebook(capfd):
    """Prints and warnings inside the forked call write nothing to stdout or stderr."""
    result = run_call(_noisy, (1,), method="fork")
    assert result.value == 2
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")


@pytest.mark.skipif(not fork_available(), reason="needs the fork start method")
def test_fork_in_a_threaded_process_emits_no_warning():
    """With another thread alive and warnings as errors, forking still works silently.

    (Python >= 3.12 warns about fork in multi-threaded processes; run_call silences it.)
    """
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert run_call(abs, (-2,), method="fork").value == 2
    finally:
        stop.set()
        thread.join()


def test_thread_fallback_does_not_mutate_the_callers_arguments():
    """The thread runner deep-copies its arguments: the caller's list is unchanged."""
    data = [1, 2]
    result = run_call(lambda xs: xs.append(3) or xs, (data,), method="thread")
    assert result.value == [1, 2, 3]
    assert data == [1, 2]


@pytest.mark.parametrize("kwargs, fragment", [
    ({"timeout": 0}, r"timeout must be a number of seconds in \(0, inf\), got 0"),
    ({"timeout": "2"}, "timeout must be a number"),
    ({"method": "spawn"}, "method must be one of"),
])
def test_bad_parameters_raise_value_error(kwargs, fragment):
    """Invalid timeout or method is a ValueError naming the parameter and its value."""
    with pytest.raises(ValueError, match=fragment):
        run_call(abs, (1,), **kwargs)


def test_to_plain_converts_nested_numpy():
    """to_plain({'a': (np.float64(0.5), {2, 1})}) == {'a': [0.5, [1, 2]]}."""
    assert to_plain({"a": (np.float64(0.5), {2, 1})}) == {"a": [0.5, [1, 2]]}


@pytest.mark.parametrize("value, plain", [
    (np.str_("join"), "join"),
    (np.float64(0.5), 0.5),
    ([np.str_("a"), {"k": np.float64(1.0)}], ["a", {"k": 1.0}]),
])
def test_to_plain_gives_exact_builtin_types(value, plain):
    """np.str_ and np.float64 subclass str and float but become exactly str and float."""
    result = to_plain(value)
    assert result == plain
    assert repr(result) == repr(plain)


class _UnprintableError(Exception):
    """An exception whose message cannot be built."""

    def __str__(self):
        raise RuntimeError("no message")


def _raise_unprintable():
    raise _UnprintableError()


@pytest.mark.parametrize("method", METHODS)
def test_exception_with_a_broken_str_is_an_error_not_a_crash(method):
    """An exception whose __str__ raises is still reported by its type name."""
    result = run_call(_raise_unprintable, method=method)
    assert (result.status, result.error_type) == ("error", "_UnprintableError")
