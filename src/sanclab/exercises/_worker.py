"""Grade one submission in a separate process: ``python -m sanclab.exercises._worker``.

:func:`sanclab.exercises.grade.grade_submissions` starts one worker per submission and
writes the job (a JSON object) on its standard input. The worker

1. reads the submitted notebook and the public course files into memory, then (isolated
   mode) enters a private mount namespace in which its job folder (made by the grader) is a
   size-limited ``tmpfs``;
2. writes a fresh course folder there (``notebooks/<the copy>``, ``exercises/`` without
   answers, ``seeds/``);
3. runs every code cell in a jailed kernel (:mod:`sanclab.exercises._jail`) with a time limit
   per cell (a cell over it is interrupted and the next one runs) and a total time limit,
   keeping none of the outputs but the errors;
4. runs its own code, which reports each exercise's final answer (and the results of the
   function exercises on the grader's cases) as JSON, returned in the execute reply (the
   shell channel), so that nothing done to the output channel can lose it;
5. prints one JSON object: the notebook's status and the raw answers. It never sees the
   expected values: the grader compares them in its own process.

The worker dies with the grader (parent-death signal), and the jail dies with the worker.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import resource
import signal
import sys
import threading
import time
from pathlib import Path

from . import _jail

#: Largest kernel message the worker accepts (bigger ones drop the connection's message).
MAX_MESSAGE_BYTES = 64 * 2**20
#: The worker's own address-space limit, so a flood of output cannot exhaust the machine.
WORKER_MEMORY_BYTES = 6 * 2**30


def _read_public(folder: str | None) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    if not folder:
        return files
    root = Path(folder)
    for path in sorted(root.rglob("*")):
        if path.is_file():
            files[path.relative_to(root).as_posix()] = path.read_bytes()
    return files


def _write_tree(base: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        target = base / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _chown_tree(path: Path, uid: int) -> None:
    os.chown(path, uid, uid)
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            os.chown(os.path.join(root, name), uid, uid, follow_symlinks=False)


def _kernel_manager_class():
    from jupyter_client.manager import AsyncKernelManager

    class JailedKernelManager(AsyncKernelManager):
        """Starts ipykernel through the jail launcher."""

        jail_config: dict = {}
        jail_uid: int | None = None

        def format_kernel_cmd(self, extra_arguments=None):
            connection = os.path.realpath(self.connection_file)
            if self.jail_uid is not None:
                os.chown(connection, self.jail_uid, self.jail_uid)
            config = dict(self.jail_config, parent=os.getpid())
            return [
                sys.executable, "-m", "sanclab.exercises._jail", _jail.encode_config(config),
                "--", sys.executable, "-m", "ipykernel_launcher", "-f", connection,
                *(extra_arguments or []),
            ]

        def client(self, **kwargs):
            kwargs.setdefault("context", self.context)  # keeps the message size limit
            return super().client(**kwargs)

    return JailedKernelManager


def _client_class():
    from nbclient import NotebookClient

    class QuietClient(NotebookClient):
        """Keeps no output but errors and the grader's answers; counts the rest."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.output_bytes = 0
            self.errors: list[dict] = []
            self.timeouts: list[int] = []
            self.answers_payload = None

        def output(self, outs, msg, display_id, cell_index):
            content = msg.get("content") or {}
            msg_type = msg.get("msg_type")
            size = 0
            for value in (content.get("text"), content.get("evalue")):
                if isinstance(value, str):
                    size += len(value)
            data = content.get("data")
            if isinstance(data, dict):
                for value in data.values():
                    size += len(value) if isinstance(value, str) else 0
            self.output_bytes += size
            if msg_type == "error" and len(self.errors) < 50:
                self.errors.append({
                    "cell": cell_index,
                    "ename": str(content.get("ename", ""))[:200],
                    "evalue": str(content.get("evalue", ""))[:300],
                })
            return None

        def handle_comm_msg(self, outs, msg, cell_index):
            return None  # widget state is not needed to grade

        def _update_display_id(self, display_id, msg):
            return None

        def clear_output(self, outs, msg, cell_index):
            return None

        async def _async_handle_timeout(self, timeout, cell=None):
            if cell is not None:
                self.timeouts.append(int(cell.get("metadata", {}).get("sanclab_index", -1)))
            return await super()._async_handle_timeout(timeout, cell)

    return QuietClient


def _environment(job: dict, course: Path) -> dict[str, str]:
    python_dir = os.path.dirname(sys.executable)
    env = {
        "PATH": f"{python_dir}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(course),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TMPDIR": "/tmp",
        "SANCLAB_EXERCISES": str(course / "exercises"),
        "SANCLAB_SEEDS": str(course / "seeds"),
        "MPLCONFIGDIR": str(course / ".matplotlib"),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }
    if job.get("pythonpath"):
        env["PYTHONPATH"] = job["pythonpath"]
    return env


def run_job(job: dict) -> dict:
    """Run one submission as described by ``job``; return the report."""
    started = time.monotonic()
    report = {"status": "ok", "detail": "", "answers": None, "errors": [], "timeouts": [],
              "cells": 0, "skipped_from": None, "output_bytes": 0, "isolation": job["isolation"]}
    try:
        data = Path(job["notebook"]).read_bytes()
    except OSError as exc:
        return dict(report, status="invalid", detail=f"cannot read the notebook ({exc.strerror})")
    import hashlib

    if job.get("sha256") and hashlib.sha256(data).hexdigest() != job["sha256"]:
        return dict(report, status="invalid",
                    detail="the submission changed on disk after grading started")
    public = _read_public(job.get("public_dir"))
    uid = job.get("uid")
    base = Path(job["base"])
    if job["isolation"] == "namespaces":
        _jail.enter_private_mounts(user_namespace=job.get("user_namespace", False),
                                   folder=str(base), size_mb=job["limits"].get("workdir_mb", 256))
    course, comm, new_root = base / "course", base / "comm", base / "root"
    for folder in (course, comm, new_root):
        folder.mkdir()
    _write_tree(course, public)
    notebooks = course / "notebooks"
    notebooks.mkdir(exist_ok=True)
    copy = notebooks / job["notebook_name"]
    copy.write_bytes(data)
    if uid is not None:
        _chown_tree(course, uid)
        _chown_tree(comm, uid)
    return _execute(job, report, data, course, comm, new_root, notebooks, started)


def _execute(job, report, data, course, comm, new_root, cwd, started) -> dict:
    import nbformat
    from nbclient.exceptions import DeadKernelError

    try:
        nb = nbformat.reads(data.decode("utf-8"), as_version=4)
    except Exception as exc:
        report.update(status="invalid",
                      detail=f"not a readable notebook ({type(exc).__name__}: {str(exc)[:200]})")
        return report
    code_cells = [c for c in nb.cells if c.get("cell_type") == "code"]
    for index, cell in enumerate(code_cells):
        cell.setdefault("metadata", {})["sanclab_index"] = index
        cell.outputs = []
    run_nb = nbformat.v4.new_notebook(cells=code_cells)

    limits = job["limits"]
    manager_class = _kernel_manager_class()
    jail_config = {
        "mode": job["isolation"],
        "new_root": str(new_root),
        "read_only": job.get("read_only", []),
        "rw": [str(course), str(comm)],
        "uid": job.get("uid"),
        "cwd": str(cwd),
        "tmp_mb": limits.get("tmp_mb", 64),
        "limits": {k: limits.get(k) for k in _jail.RLIMITS},
    }
    import zmq.asyncio

    context = zmq.asyncio.Context()
    context.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE_BYTES)
    km = manager_class(kernel_name="python3", transport="ipc",
                       connection_file=str(comm / "kernel.json"), context=context)
    km.jail_config = jail_config
    km.jail_uid = job.get("uid")
    client = _client_class()(
        run_nb, km=km, timeout=job["cell_timeout"], allow_errors=True,
        interrupt_on_timeout=True, record_timing=False, iopub_timeout=1,
        error_on_timeout={"ename": "CellTimeoutError",
                          "evalue": f"the cell ran longer than {job['cell_timeout']:g} s",
                          "traceback": []},
        shutdown_kernel="immediate", startup_timeout=120,
    )
    deadline = started + job["notebook_timeout"]
    reserve = job["reserve"]
    killer = threading.Timer(max(1.0, deadline + reserve - time.monotonic()),
                             _kill_kernel, args=(km,))
    killer.daemon = True

    log_path = comm.parent / "kernel.log"
    log = open(log_path, "wb")

    async def run() -> None:
        async with client.async_setup_kernel(env=_environment(job, course), cwd=str(cwd),
                                             stdout=log, stderr=log):
            killer.start()
            for index, cell in enumerate(run_nb.cells):
                left = deadline - time.monotonic()
                if left <= 0:
                    report["skipped_from"] = index
                    break
                client.timeout = max(1, int(min(job["cell_timeout"], left)))
                await client.async_execute_cell(cell, index, execution_count=index + 1)
                report["cells"] = index + 1
            # The answers come back in the execute reply on the shell channel, so that
            # nothing the notebook did to the output channel can lose them.
            client.timeout = max(5, int(deadline + reserve - time.monotonic()))
            client.interrupt_on_timeout = False
            msg_id = await _maybe_await(client.kc.execute(
                job["extract_code"], store_history=False, stop_on_error=False,
                user_expressions={"answers": "_sanclab_answers"}))
            reply = await client.async_wait_for_reply(msg_id)
            client.answers_payload = _answers_from_reply(reply)

    try:
        asyncio.run(run())
    except DeadKernelError:
        report["status"] = "killed"
    except Exception as exc:  # CellTimeoutError of the answers cell, a failed start...
        report["status"] = "killed"
        report["detail"] = f"{type(exc).__name__}: {str(exc)[:300]}"
    finally:
        killer.cancel()
        _kill_kernel(km)
        context.destroy(linger=0)
        log.close()
    if report["status"] == "killed":
        jail_lines = [line for line in log_path.read_bytes()[-20000:].decode(
            errors="replace").splitlines() if line.startswith("sanclab jail:")]
        if jail_lines:
            report["detail"] = (report["detail"] + " " + jail_lines[-1][:300]).strip()
    report["errors"] = client.errors
    report["timeouts"] = sorted(set(client.timeouts))
    report["output_bytes"] = client.output_bytes
    report["answers"] = client.answers_payload
    if report["status"] == "killed" and not report["detail"]:
        spent = time.monotonic() - started
        report["detail"] = (
            f"stopped after {spent:.0f} s (time limit {job['notebook_timeout']:g} s, memory "
            f"limit {limits.get('memory_bytes', 0) / 2**20:.0f} MB, or the kernel died)"
        )
    return report


async def _maybe_await(value):
    return await value if asyncio.iscoroutine(value) else value


def _answers_from_reply(reply) -> dict | None:
    """The answers report from the execute reply's user expression (a base64 string)."""
    import ast

    try:
        result = reply["content"]["user_expressions"]["answers"]
        text = result["data"]["text/plain"]
        if result.get("status") != "ok" or not text.startswith(("'", '"')):
            return None
        return json.loads(base64.b64decode(ast.literal_eval(text), validate=True))
    except Exception:  # missing, malformed or forged: no answers
        return None


def _kill_kernel(km) -> None:
    provisioner = getattr(km, "provisioner", None)
    process = getattr(provisioner, "process", None)
    if process is None:
        return
    for target in (getattr(provisioner, "pgid", None), process.pid):
        try:
            if target == getattr(provisioner, "pgid", None) and target:
                os.killpg(target, signal.SIGKILL)
            else:
                os.kill(target, signal.SIGKILL)
        except (OSError, TypeError):
            pass


def main() -> None:
    _jail.prctl(_jail.PR_SET_PDEATHSIG, signal.SIGKILL)
    # nbformat imports jsonschema, whose optional rfc3987_syntax checker builds a grammar at
    # import (about 4 s); notebooks never need that format, so skip the optional import.
    sys.modules.setdefault("rfc3987_syntax", None)
    job = json.loads(sys.stdin.buffer.read())
    if job.get("parent") is not None and os.getppid() != job["parent"]:
        os._exit(124)
    resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY_BYTES, WORKER_MEMORY_BYTES))
    try:
        report = run_job(job)
    except MemoryError:
        report = {"status": "killed", "detail": "the grader ran out of memory on this notebook"}
    except Exception as exc:
        report = {"status": "killed", "detail": f"grader error {type(exc).__name__}: {exc}"}
    out = base64.b64encode(json.dumps(report).encode())
    sys.stdout.buffer.write(out + b"\n")
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":  # pragma: no cover
    main()
