"""Grading submitted notebooks: each one run in isolation, every answer checked by the grader.

:func:`grade_submissions` runs each submission in its own worker process
(:mod:`sanclab.exercises._worker`) and jailed kernel (:mod:`sanclab.exercises._jail`), then
scores it **in the grader's own process**:

* **What is graded.** For each exercise of the lesson, the answer passed to the *last*
  ``check(...)`` call of that exercise in the run (``check`` verdicts, attempts and the best
  of them do not count), or, when ``check`` was never called, the final value of the
  variable ``answer_e<n>`` (the function's name for a function exercise). It is compared
  with the instructor's bank here, never in the student's kernel. Function exercises run
  on the public and the hidden cases inside the jail, one separate process per call with
  the case's time limit; only the arguments go in, the expected values stay here.
* **Rows.** Every exercise of the lesson gets a row, also when the notebook lost its cells
  (``not attempted``, 0 points). Points are the bank's (an exercise is right or wrong, so
  at most its points). Free responses are never credited automatically: their points stay
  empty and their text is exported to ``<output>_free_responses.csv`` for marking
  (:func:`merge_marks` brings the marks back). ``check`` calls of other lessons' exercises
  are ignored and named in the notebook's row (``exercise_id`` empty), which also holds
  the notebook's status, errors and the answer key's fingerprint.
* **Isolation** (Linux): the kernel runs in new mount, PID, network, IPC and UTS namespaces
  whose filesystem holds only the system folders, the Python environment and the course
  package (all read-only) and a fresh working folder with a copy of the notebook, the
  lesson's public files (exercise banks *without answers* and the readings) and a private
  ``/tmp``. The instructor's banks, the other submissions and the output do not exist
  there, the network is cut, and when the run ends every process it started dies with the
  namespace. As root, the kernel also runs under an unprivileged user id (one per job
  slot: ``SANDBOX_UID_BASE + slot``); as another user, the namespaces are entered through a
  user namespace. Limits: see :class:`GradingLimits`. Where namespaces are unavailable,
  grading refuses to start unless ``isolation="none"`` is chosen knowingly (then a
  submission runs with your permissions: limits, the process group and the answer-key
  check still apply, but it can read your files).
* **Nothing graded is lost.** Each submission's rows are appended to the CSV (and flushed)
  as soon as it finishes; a re-run skips the students already in the file and ends with the
  same, sorted, CSV. The output paths are checked before anything runs; the answer key is
  hashed before and after every run (a change stops grading); text cells that a
  spreadsheet would read as a formula (``=``, ``+``, ``-``, ``@``) get a leading ``'``.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import json
import math
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._paths import existing_notebooks
from .bank import _FILE_RE, _ID_RE, Bank, Exercise, answer_variable, load_bank_file
from .bank import exercises_dir as find_exercises_dir

__all__ = [
    "COLUMNS",
    "FREE_COLUMNS",
    "ISOLATIONS",
    "STATUSES",
    "GradingLimits",
    "grade_notebook",
    "grade_submissions",
    "isolation_available",
    "merge_marks",
    "neutralize",
]

#: Columns of the grade table.
COLUMNS = (
    "student", "exercise_id", "correct", "points_awarded", "points_possible", "status", "detail",
)
#: Columns of the free-response export (fill in ``points_awarded`` and ``comment``).
FREE_COLUMNS = (
    "student", "exercise_id", "points_possible", "words", "rubric", "response",
    "points_awarded", "comment",
)
#: Notebook outcomes: ran to the end; a cell raised; a cell hit its time limit and was
#: interrupted; the run was stopped (total time, memory) or the kernel died; not a notebook.
STATUSES = ("ok", "error", "timeout", "killed", "invalid")
#: ``auto``: namespaces as root, else through a user namespace; refuses if neither works.
ISOLATIONS = ("auto", "namespaces", "user-namespaces", "none")
#: The unprivileged user id of job slot ``k`` is ``SANDBOX_UID_BASE + k`` (grading as root).
SANDBOX_UID_BASE = 4_000_000_000
#: Seconds added to the notebook's limit for the answers cell (plus the function cases').
REPORT_RESERVE = 15.0

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_KEY_TAG = "answer key "


@dataclass(frozen=True)
class GradingLimits:
    """Limits applied to each submission's run.

    Attributes
    ----------
    cell_timeout : float
        Seconds a cell may run, in (0, inf); a cell over it is interrupted (status
        ``timeout``) and the next cell runs.
    notebook_timeout : float
        Seconds for the whole notebook, in (0, inf); cells left when it runs out are not
        run, the answers are still collected (the answers cell has its own reserve).
    memory_mb : int
        Address space of the kernel and of each process it starts (``RLIMIT_AS``), MB.
    processes : int
        Processes of the sandbox user (``RLIMIT_NPROC``; only when grading as root).
    file_mb : int
        Largest file the kernel may write (``RLIMIT_FSIZE``), MB.
    workdir_mb, tmp_mb : int
        Size of the working folder's and of the private ``/tmp``'s in-memory file systems.

    CPU time (``RLIMIT_CPU``) is the notebook timeout; output is never kept (only the
    errors' names and messages), however much is printed.

    Examples
    --------
    >>> GradingLimits(cell_timeout=0)
    Traceback (most recent call last):
    ...
    ValueError: cell_timeout must be a number of seconds in (0, inf), got 0
    """

    cell_timeout: float = 120.0
    notebook_timeout: float = 600.0
    memory_mb: int = 4096
    processes: int = 256
    file_mb: int = 64
    workdir_mb: int = 256
    tmp_mb: int = 256

    def __post_init__(self) -> None:
        for name in ("cell_timeout", "notebook_timeout"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not (
                    value > 0 and math.isfinite(value)):
                raise ValueError(f"{name} must be a number of seconds in (0, inf), got {value!r}")
        for name in ("memory_mb", "processes", "file_mb", "workdir_mb", "tmp_mb"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be an integer in [1, inf), got {value!r}")

    def rlimits(self) -> dict[str, int]:
        return {
            "memory_bytes": self.memory_mb * 2**20,
            "cpu_seconds": int(math.ceil(self.notebook_timeout + REPORT_RESERVE)),
            "processes": self.processes,
            "file_bytes": self.file_mb * 2**20,
            "open_files": 1024,
            "tmp_mb": self.tmp_mb,
            "workdir_mb": self.workdir_mb,
        }


# --------------------------------------------------------------------------- CSV helpers


def neutralize(text: str) -> str:
    """Text as a spreadsheet shows it, never as a formula: a leading ``'`` where needed.

    Examples
    --------
    >>> neutralize('=HYPERLINK("http://x", "click")')
    '\\'=HYPERLINK("http://x", "click")'
    >>> neutralize("ana"), neutralize("-1 point")
    ('ana', "'-1 point")
    """
    text = str(text)
    return "'" + text if text.startswith(_FORMULA_PREFIXES) else text


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return f"{value:g}"
    return neutralize(value) if isinstance(value, str) else str(value)


def _parse_bool(text: str) -> bool | None:
    return {"True": True, "False": False}.get(text)


def _parse_float(text: str) -> float | None:
    try:
        return float(text) if text != "" else None
    except ValueError:
        return None


def _typed(row: dict[str, str]) -> dict[str, Any]:
    return {
        "student": row["student"],
        "exercise_id": row["exercise_id"],
        "correct": _parse_bool(row["correct"]),
        "points_awarded": _parse_float(row["points_awarded"]),
        "points_possible": _parse_float(row["points_possible"]),
        "status": row["status"],
        "detail": row["detail"],
    }


def _check_output(path: Path, protected: list[Path]) -> None:
    """Fail now, naming ``path``, if it cannot be written or would overwrite an input."""
    resolved = path.resolve() if path.exists() else path.parent.resolve() / path.name
    for other in protected:
        other = other.resolve()
        if resolved == other or other in resolved.parents:
            raise ValueError(f"output {str(path)!r} would overwrite or sit in {str(other)!r}")
    if path.exists() and not path.is_file():
        raise ValueError(f"output {str(path)!r} exists and is not a file")
    existed = path.exists()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8"):
            pass
        if not existed:
            path.unlink()
    except OSError as exc:
        raise ValueError(
            f"output {str(path)!r} cannot be written ({exc.strerror or exc}); choose another "
            "--output"
        ) from None


def _read_table(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    if not path.is_file() or path.stat().st_size == 0:
        return []
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != columns:
            raise ValueError(
                f"{str(path)!r} exists but is not a sanclab table (columns "
                f"{list(reader.fieldnames or [])}, expected {list(columns)}); choose another "
                "--output or delete it"
            )
        return [row for row in reader if None not in row and len(row) == len(columns)]


def _write_table(path: Path, columns: tuple[str, ...], rows: list[dict]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


# --------------------------------------------------------------------------- key and banks


def _bank_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if _FILE_RE.match(p.name) and p.is_file())


def key_fingerprint(folder: str | os.PathLike[str]) -> str:
    """SHA-256 of every bank file of the folder (names and bytes), in hex.

    Examples
    --------
    >>> len(key_fingerprint(find_exercises_dir()))
    64
    """
    digest = hashlib.sha256()
    for path in _bank_files(Path(folder)):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _infer_lesson(paths: list[Path], lessons: set[int]) -> int:
    counts: dict[int, int] = {}
    for path in paths:
        try:
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError, AttributeError):
            continue
        seen = set()
        for cell in cells if isinstance(cells, list) else []:
            stamp = (cell.get("metadata") or {}).get("sanclab") if isinstance(cell, dict) else None
            ex_id = stamp.get("exercise") if isinstance(stamp, dict) else None
            match = _ID_RE.match(ex_id) if isinstance(ex_id, str) else None
            if match and int(match.group(1)) in lessons:
                seen.add(int(match.group(1)))
        for lesson in seen:
            counts[lesson] = counts.get(lesson, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        raise ValueError(
            "lesson could not be inferred from the submissions' exercise cells "
            f"(found {dict(counts) or 'none'}); pass lesson= (--lesson)"
        )
    return ranked[0][0]


# --------------------------------------------------------------------------- isolation


def _isolation_mode(isolation: str) -> str:
    if isolation not in ISOLATIONS:
        raise ValueError(f"isolation must be one of {', '.join(ISOLATIONS)}, got {isolation!r}")
    if isolation == "auto":
        isolation = "namespaces" if os.geteuid() == 0 else "user-namespaces"
    if isolation == "namespaces" and os.geteuid() != 0:
        raise ValueError("isolation='namespaces' needs root; use 'user-namespaces' or 'auto'")
    return isolation


def _candidates(isolation: str) -> list[str]:
    mode = _isolation_mode(isolation)
    if isolation == "auto" and mode == "namespaces":
        return ["namespaces", "user-namespaces"]  # root in a container may lack the first
    return [mode]


def _choose_isolation(isolation: str) -> str:
    reasons = []
    for mode in _candidates(isolation):
        reason = _probe(mode)
        if reason is None:
            return mode
        reasons.append(f"{mode}: {reason}")
    raise ValueError(
        f"cannot isolate the submissions here ({'; '.join(reasons)}). Grade as root or "
        "where user namespaces are allowed, or pass isolation='none' (--no-isolation) only "
        "for submissions you trust"
    )


def isolation_available(isolation: str = "auto") -> str | None:
    """``None`` if a jailed kernel can start here with this isolation, else the reason.

    ``auto`` tries namespaces (as root), then a user namespace.

    Examples
    --------
    >>> isolation_available("none") is None
    True
    """
    try:
        _choose_isolation(isolation)
    except ValueError as exc:
        return str(exc).split(". Grade as root")[0].removeprefix(
            "cannot isolate the submissions here (").rstrip(")")
    return None


def _probe(mode: str) -> str | None:
    if mode == "none":
        return None
    if not sys.platform.startswith("linux"):
        return f"isolation needs Linux namespaces (this is {sys.platform})"
    code = (
        "import os, sys, tempfile\n"
        "from sanclab.exercises import _jail\n"
        "base = tempfile.mkdtemp(prefix='sanclab-probe-')\n"
        f"_jail.enter_private_mounts(user_namespace={mode == 'user-namespaces'}, folder=base,\n"
        "                            size_mb=16)\n"
        "os.makedirs(base + '/root'); os.makedirs(base + '/rw')\n"
        "keep = [p for p in sys.path if p and os.path.isdir(p)] + [sys.prefix, sys.base_prefix]\n"
        "config = dict(mode='namespaces', new_root=base + '/root', read_only=keep,\n"
        "              rw=[base + '/rw'], cwd=base + '/rw', parent=os.getpid(), limits={},\n"
        f"              uid={SANDBOX_UID_BASE if mode == 'namespaces' else None})\n"
        "import subprocess\n"
        "r = subprocess.run([sys.executable, '-m', 'sanclab.exercises._jail',\n"
        "    _jail.encode_config(config), '--', sys.executable, '-c', 'print(42)'],\n"
        "    capture_output=True, text=True, timeout=60)\n"
        "print(r.stdout.strip() or r.stderr.strip()[-300:])\n"
    )

    before = set(Path(tempfile.gettempdir()).glob("sanclab-probe-*"))
    try:
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                timeout=120, env=_python_env())
    except (OSError, subprocess.SubprocessError) as exc:
        return f"the probe could not run ({exc})"
    finally:
        for folder in set(Path(tempfile.gettempdir()).glob("sanclab-probe-*")) - before:
            shutil.rmtree(folder, ignore_errors=True)
    if result.stdout.strip() == "42":
        return None
    reason = (result.stdout.strip() or result.stderr.strip().splitlines()[-1:] or ["?"])
    return reason if isinstance(reason, str) else reason[-1]


def _pythonpath() -> str:
    """This very copy of sanclab first, so workers and kernels run the grader's code."""
    here = str(Path(__file__).resolve().parents[2])
    rest = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p and p != here]
    return os.pathsep.join([here, *rest])


def _python_env() -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8",
            "PYTHONPATH": _pythonpath()}


def _kernel_paths() -> list[str]:
    """The folders the kernel's Python needs: its sys.path, prefixes, the package."""
    code = ("import json, sys, sanclab, ipykernel\n"
            "print(json.dumps([*sys.path, sys.prefix, sys.base_prefix, sys.exec_prefix,\n"
            "    *sanclab.__path__]))")
    with tempfile.TemporaryDirectory() as cwd:
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             timeout=120, env=_python_env(), cwd=cwd, check=True).stdout
        paths = [p for p in json.loads(out) if p and not p.startswith(cwd)]
    paths.append(os.path.dirname(os.path.realpath(sys.executable)))
    return sorted({p for p in paths if os.path.exists(p)})


def _visible_roots(keep: list[str]) -> list[Path]:
    from ._jail import SYSTEM_DIRS

    roots = {Path(p).resolve() for p in keep}
    roots |= {Path(p).resolve() for p in SYSTEM_DIRS if os.path.exists(p)}
    return sorted(roots)


def _check_hidden(paths: Iterable[Path], roots: list[Path], what: str) -> None:
    for path in paths:
        real = path.resolve()
        for root in roots:
            if real == root or root in real.parents:
                raise ValueError(
                    f"{what} {str(path)!r} lies inside {str(root)!r}, which the submissions "
                    "can read while they are graded; move it out of the Python environment "
                    "and the system folders"
                )


# --------------------------------------------------------------------------- scoring


def _extract_spec(bank: Bank, token: str) -> tuple[str, float]:
    from .check import expected_cases

    items, reserve = [], REPORT_RESERVE
    for ex in bank:
        item: dict[str, Any] = {"id": ex.id, "kind": ex.kind, "variable": answer_variable(ex)}
        if ex.kind == "function":
            cases = expected_cases(ex, include_hidden=True)
            item["cases"] = [[args, kwargs] for args, kwargs, _ in cases]
            item["timeout"] = ex.answer.get("timeout", 2.0)
            reserve += len(cases) * item["timeout"]
        items.append(item)
    spec = {"token": token, "exercises": items}
    return base64.b64encode(json.dumps(spec).encode()).decode(), reserve


def _describe_value(value: Any) -> str:
    text = repr(value)  # plain data decoded from JSON: its repr is short and safe
    return text if len(text) <= 60 else text[:57] + "..."


def _score_function(ex: Exercise, entry: dict, expected: list) -> tuple[bool, str]:
    from .check import _values_equal

    if "not_callable" in entry:
        return False, f"expected a function named {ex.answer['name']}, got {entry['not_callable']}"
    results = entry.get("results")
    if not isinstance(results, list) or len(results) != len(expected):
        return False, "the function's results were not reported"
    public = len(ex.answer["cases"])
    tolerance = ex.answer.get("tolerance", 0.0)
    for number, (result, (_, _, want)) in enumerate(zip(results, expected, strict=True), 1):
        which = f"case {number}" if number <= public else f"hidden case {number - public}"
        status = result.get("status") if isinstance(result, dict) else None
        if status == "ok" and _values_equal(want, result.get("value"), tolerance):
            continue
        if status == "ok":
            return False, f"{which}: returned {_describe_value(result.get('value'))}"
        if status == "timeout":
            return False, f"{which}: did not finish within {ex.answer.get('timeout', 2.0):g} s"
        error = str(result.get("error", ""))[:200] if isinstance(result, dict) else ""
        return False, f"{which}: {'raised ' + error if status == 'error' else 'crashed'}"
    return True, ""


def _score_exercise(ex: Exercise, entry: Any, expected: list | None) -> dict:
    from .check import _CHECKERS, _WORD_RE

    variable = answer_variable(ex)
    if not isinstance(entry, dict) or entry.get("source") not in ("check", "variable"):
        what = f"function {variable}" if ex.kind == "function" else f"variable {variable}"
        return {"correct": False, "points_awarded": 0.0,
                "detail": f"not attempted: no check({ex.id!r}, ...) call and no {what}"}
    calls = entry.get("calls") if isinstance(entry.get("calls"), int) else 0
    notes = []
    if entry["source"] == "variable":
        notes.append(f"answer taken from {variable} (check was not called)")
    elif calls > 1:
        notes.append(f"last of {calls} check calls")
    if ex.kind == "function":
        correct, message = _score_function(ex, entry, expected or [])
    else:
        value = entry.get("value")
        if isinstance(value, dict) and "unsupported" in value:
            correct, message = False, f"not an answer: {str(value['unsupported'])[:100]}"
        elif ex.kind == "free":
            if not isinstance(value, str):
                correct, message = False, "expected text, got " + _describe_value(value)
            else:
                words = len(_WORD_RE.findall(value))
                short = words < max(ex.answer.get("min_words", 0), 1)
                detail = f"free response, {words} words: mark it by hand"
                if short:
                    detail += f" (fewer than the {ex.answer.get('min_words', 1)} asked for)"
                return {"correct": None, "points_awarded": None,
                        "detail": "; ".join([detail, *notes]), "text": value, "words": words}
        else:
            verdict = _CHECKERS[ex.kind](ex, value)
            correct, message = bool(verdict.correct), "" if verdict.correct else verdict.message
    return {"correct": correct, "points_awarded": float(ex.points) if correct else 0.0,
            "detail": "; ".join(x for x in [message, *notes] if x)}


def _cell_number(index: Any) -> str:
    """Code cells are counted from 1 in the notebook's order, as an instructor counts."""
    return str(index + 1) if isinstance(index, int) and not isinstance(index, bool) else "?"


def _notebook_detail(report: dict, answers_ok: bool, other_ids: list[str]) -> list[str]:
    parts = []
    if report.get("detail"):
        parts.append(str(report["detail"])[:400])
    errors = [e for e in report.get("errors", []) if isinstance(e, dict)]
    shown = [f"code cell {_cell_number(e.get('cell'))} raised {e.get('ename')}: "
             f"{e.get('evalue')}"[:200]
             for e in errors if e.get("ename") not in ("KeyboardInterrupt", "CellTimeoutError")]
    shown = shown[:3]
    if shown:
        more = len(errors) - len(shown)
        parts.append("; ".join(shown) + (f" (+{more} more)" if more > 0 else ""))
    timeouts = report.get("timeouts") or []
    if timeouts:
        parts.append("code cells " + ", ".join(str(_cell_number(t)) for t in timeouts[:10])
                     + " hit the time limit and were interrupted")
    if report.get("skipped_from") is not None:
        parts.append(f"out of time: code cells from {_cell_number(report['skipped_from'])} "
                     "on were not run")
    if (report.get("output_bytes") or 0) > 10 * 2**20:
        parts.append(f"printed {report['output_bytes'] / 2**20:.0f} MB of output (not kept)")
    if report.get("status") != "invalid" and not answers_ok:
        parts.append("the notebook did not report its answers")
    if other_ids:
        parts.append("ignored check calls for exercises of other lessons: "
                     + ", ".join(other_ids[:20]))
    return parts


def score_report(bank: Bank, student: str, report: dict, token: str,
                 fingerprint: str) -> tuple[list[dict], list[dict]]:
    """The grade rows and free-response rows of one notebook's worker report.

    Everything in ``report`` came from the student's kernel and is treated as untrusted
    data: only the answers are read from it, and each is checked against ``bank`` here.
    """
    from .check import expected_cases

    status = report.get("status") if report.get("status") in STATUSES else "killed"
    if status == "ok":
        if report.get("timeouts"):
            status = "timeout"
        elif any(isinstance(e, dict) and e.get("ename") not in ("KeyboardInterrupt",
                                                                 "CellTimeoutError")
                 for e in report.get("errors", [])):
            status = "error"
    payload = report.get("answers")
    answers_ok = (isinstance(payload, dict) and payload.get("token") == token
                  and isinstance(payload.get("answers"), dict))
    answers = payload["answers"] if answers_ok else {}
    other = payload.get("other_ids") if answers_ok else []
    other = sorted({o for o in (other if isinstance(other, list) else [])
                    if isinstance(o, str) and _ID_RE.match(o)})
    rows, free = [], []
    for ex in bank:
        expected = expected_cases(ex, include_hidden=True) if ex.kind == "function" else None
        if status == "invalid":
            scored = {"correct": False, "points_awarded": 0.0, "detail": "not graded"}
        elif not answers_ok:
            scored = {"correct": False, "points_awarded": 0.0,
                      "detail": "no answer collected: the run ended before the grader's cell"}
        else:
            scored = _score_exercise(ex, answers.get(ex.id), expected)
        rows.append({
            "student": student, "exercise_id": ex.id, "correct": scored["correct"],
            "points_awarded": scored["points_awarded"], "points_possible": float(ex.points),
            "status": status, "detail": scored["detail"],
        })
        if "text" in scored:
            free.append({
                "student": student, "exercise_id": ex.id, "points_possible": float(ex.points),
                "words": scored["words"], "rubric": " | ".join(ex.answer.get("rubric", [])),
                "response": scored["text"], "points_awarded": None, "comment": "",
            })
    detail = _notebook_detail(report, answers_ok, other)
    detail.append(_KEY_TAG + fingerprint[:12])
    rows.append({"student": student, "exercise_id": "", "correct": None, "points_awarded": None,
                 "points_possible": None, "status": status, "detail": "; ".join(detail)})
    return rows, free


# --------------------------------------------------------------------------- running


class _Progress:
    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.done, self.enabled = total, 0, enabled
        self.started = time.monotonic()
        self.tty = enabled and sys.stderr.isatty()

    def update(self, student: str, status: str) -> None:
        self.done += 1
        if not self.enabled:
            return
        elapsed = time.monotonic() - self.started
        rate = self.done / elapsed * 60 if elapsed > 0 else 0.0
        width = 24
        filled = int(width * self.done / max(self.total, 1))
        bar = "#" * filled + "-" * (width - filled)
        line = (f"grading [{bar}] {self.done}/{self.total} {rate:.1f}/min  "
                f"{student[:30]}: {status}")
        if self.tty:
            print("\r" + line.ljust(100), end="", file=sys.stderr, flush=True)
        else:
            print(line, file=sys.stderr, flush=True)

    def close(self) -> None:
        if not self.enabled:
            return
        elapsed = time.monotonic() - self.started
        if self.tty:
            print(file=sys.stderr)
        rate = self.done / elapsed * 60 if elapsed > 0 and self.done else 0.0
        print(f"graded {self.done} notebook(s) in {elapsed:.0f} s ({rate:.1f} per minute)",
              file=sys.stderr, flush=True)


class _Grader:
    """Shared state of one grading run."""

    def __init__(self, bank: Bank, ex_dir: Path, limits: GradingLimits, isolation: str,
                 hidden: list[Path]) -> None:
        self.bank, self.ex_dir, self.limits = bank, ex_dir, limits
        self.mode = _choose_isolation(isolation)
        self.keep = _kernel_paths() if self.mode != "none" else []
        if self.mode != "none":
            roots = _visible_roots(self.keep)
            _check_hidden(_bank_files(ex_dir), roots, "the answer key")
            _check_hidden(hidden, roots, "the file")
        self.fingerprint = key_fingerprint(ex_dir)
        self.token = secrets.token_hex(16)
        self.spec, self.reserve = _extract_spec(bank, self.token)
        self.public = Path(tempfile.mkdtemp(prefix="sanclab-public-"))
        os.chmod(self.public, 0o755)
        self._write_public()
        self.lock = threading.Lock()

    def _write_public(self) -> None:
        from sanclab.readings import load_seeds

        from .release import student_bank_text

        (self.public / "exercises").mkdir()
        for path in _bank_files(self.ex_dir):
            text = student_bank_text(path, practice=False)
            (self.public / "exercises" / path.name).write_text(text, encoding="utf-8")
        (self.public / "seeds").mkdir()
        for reading in load_seeds():
            shutil.copyfile(reading.source_path, self.public / "seeds" / reading.source_path.name)
        # matplotlib's font list, so that each kernel does not rebuild it (a few seconds)
        try:
            import matplotlib

            fonts = sorted(Path(matplotlib.get_cachedir()).glob("fontlist-*.json"))
        except Exception:
            fonts = []
        if fonts:
            (self.public / ".matplotlib").mkdir()
            shutil.copyfile(fonts[-1], self.public / ".matplotlib" / fonts[-1].name)

    def close(self) -> None:
        shutil.rmtree(self.public, ignore_errors=True)

    def run(self, path: Path, student: str, slot: int,
            sha256: str | None = None) -> tuple[list[dict], list[dict]]:
        """Grade one notebook (``sha256``: its digest when grading started)."""
        limits = self.limits
        job = {
            "notebook": str(path),
            "notebook_name": "submission.ipynb",
            "sha256": sha256 or hashlib.sha256(path.read_bytes()).hexdigest(),
            "public_dir": str(self.public),
            "isolation": "none" if self.mode == "none" else "namespaces",
            "user_namespace": self.mode == "user-namespaces",
            "uid": SANDBOX_UID_BASE + slot if self.mode == "namespaces" else None,
            "read_only": self.keep,
            "cell_timeout": float(limits.cell_timeout),
            "notebook_timeout": float(limits.notebook_timeout),
            "reserve": self.reserve,
            "limits": limits.rlimits(),
            "pythonpath": _pythonpath(),
            "parent": os.getpid(),
            "extract_code": (
                "from sanclab.exercises.check import _report_answers as _sanclab_report\n"
                f"_sanclab_answers = _sanclab_report({self.spec!r}, globals())\n"
            ),
        }
        if self.mode != "namespaces":
            # without a user id of its own, RLIMIT_NPROC would count every process of
            # your account
            job["limits"]["processes"] = None
        budget = limits.notebook_timeout + self.reserve + 90
        # the worker's folder: isolated, a tmpfs mounted on it for the worker alone
        base = Path(tempfile.mkdtemp(prefix="sanclab-grade-"))
        job["base"] = str(base)
        try:
            result = subprocess.run(
                [sys.executable, "-m", "sanclab.exercises._worker"],
                input=json.dumps(job).encode(), capture_output=True, timeout=budget,
                env=dict(_python_env(), HOME=tempfile.gettempdir()), start_new_session=True,
            )
            lines = result.stdout.strip().splitlines()
            report = json.loads(base64.b64decode(lines[-1])) if lines else None
            if not isinstance(report, dict):
                tail = result.stderr.decode(errors="replace").strip().splitlines()[-1:]
                report = {"status": "killed",
                          "detail": "the grader's worker failed" + (f": {tail[0][:200]}"
                                                                    if tail else "")}
        except subprocess.TimeoutExpired:
            report = {"status": "killed", "detail": f"no result within {budget:.0f} s"}
        except (ValueError, OSError) as exc:
            report = {"status": "killed", "detail": f"the grader's worker failed ({exc})"}
        finally:
            shutil.rmtree(base, ignore_errors=True)
        if not isinstance(report.get("errors", []), list) or not isinstance(
                report.get("timeouts", []), list):
            report = {"status": "killed", "detail": "the worker's report was malformed"}
        try:
            return score_report(self.bank, student, report, self.token, self.fingerprint)
        except Exception as exc:  # untrusted data must never stop the whole run
            broken = {"status": "killed",
                      "detail": f"the grader could not read this notebook's answers "
                                f"({type(exc).__name__})"}
            return score_report(self.bank, student, broken, self.token, self.fingerprint)


def _student_name(path: Path) -> str:
    return neutralize(path.stem)


def grade_notebook(
    path: str | os.PathLike[str],
    *,
    lesson: int | None = None,
    exercises_dir: str | os.PathLike[str] | None = None,
    limits: GradingLimits | None = None,
    isolation: str = "auto",
) -> list[dict]:
    """Grade one submitted notebook; return its rows (see :func:`grade_submissions`).

    Examples
    --------
    >>> import nbformat, tempfile, pathlib
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
    ...     "from sanclab.exercises import check\\ncheck('l1.e1', 'not a number')")])
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ana.ipynb"
    >>> nbformat.write(nb, path)
    >>> # isolation="none" only because this notebook is our own (and runs anywhere):
    >>> rows = grade_notebook(path, lesson=1, isolation="none")
    >>> rows[0]["student"], rows[0]["exercise_id"], rows[0]["correct"], rows[0]["status"]
    ('ana', 'l1.e1', False, 'ok')
    >>> rows[0]["detail"]
    "expected a number, got the string 'not a number'"
    """
    path = existing_notebooks("path", path)[0]
    ex_dir = Path(exercises_dir) if exercises_dir is not None else find_exercises_dir()
    banks = {b.lesson: b for b in (load_bank_file(p) for p in _bank_files(ex_dir))}
    lesson = lesson if lesson is not None else _infer_lesson([path], set(banks))
    if lesson not in banks:
        raise ValueError(f"lesson {lesson!r} has no bank in {str(ex_dir)!r}")
    grader = _Grader(banks[lesson], ex_dir, limits or GradingLimits(), isolation, [path])
    try:
        rows, _ = grader.run(path, _student_name(path), 0)
    finally:
        grader.close()
    return rows


def grade_submissions(
    paths: Iterable[str | os.PathLike[str]],
    out_csv: str | os.PathLike[str],
    timeout: float = 120,
    *,
    lesson: int | None = None,
    exercises_dir: str | os.PathLike[str] | None = None,
    jobs: int = 1,
    limits: GradingLimits | None = None,
    isolation: str = "auto",
    progress: bool = False,
):
    """Grade submitted notebooks, each run in isolation, and write the grade table as CSV.

    Parameters
    ----------
    paths : iterable of path-like
        Submitted notebooks; the student is the file stem (``ana.ipynb`` -> ``ana``), so
        stems must be unique.
    out_csv : path-like
        The grade table; rows are appended as each notebook finishes, students already in
        the file are not graded again (delete it to start over). The free responses go to
        ``<stem>_free_responses.csv`` next to it.
    timeout : float
        Seconds per cell, in (0, inf) (``limits.cell_timeout``; ignored when ``limits`` is
        given).
    lesson : int, optional
        The lesson whose exercises are graded; by default the lesson most submissions'
        exercise cells belong to.
    exercises_dir : path-like, optional
        The instructor's banks (the answer key); found as usual by default.
    jobs : int
        Notebooks graded at the same time, in [1, inf).
    limits : GradingLimits, optional
        Time, memory, process and file limits per submission.
    isolation : {"auto", "namespaces", "user-namespaces", "none"}
        See the module documentation; ``none`` runs submissions with your permissions.
    progress : bool
        Show a progress bar and the throughput on stderr.

    Returns
    -------
    pandas.DataFrame
        The whole table (:data:`COLUMNS`): per student, one row per exercise of the lesson
        (``correct`` empty for a free response awaiting marks) and one notebook row with an
        empty ``exercise_id`` (status and problems of the run).

    Raises
    ------
    ValueError
        Before running anything: a bad path, duplicate student names, an output that cannot
        be written, a bad limit, an unknown lesson, an invalid bank, or no isolation.
    RuntimeError
        If the answer key changed on disk while grading (grading stops; rows written so far
        stay).
    """
    import pandas as pd

    if limits is None:
        limits = GradingLimits(cell_timeout=timeout)
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be an integer in [1, inf), got {jobs!r}")
    _isolation_mode(isolation)
    paths = existing_notebooks("paths", paths)
    links = [p for p in paths if p.is_symlink()]
    if links:
        raise ValueError(f"paths must be regular files, not links: {str(links[0])!r}")
    stems = [_student_name(p) for p in paths]
    clashes = sorted({s for s in stems if stems.count(s) > 1})
    if clashes:
        raise ValueError(f"paths: two submissions share the student name {clashes[0]!r}")
    ex_dir = Path(exercises_dir) if exercises_dir is not None else find_exercises_dir()
    if not ex_dir.is_dir():
        raise ValueError(f"exercises_dir must be an existing folder, got {str(ex_dir)!r}")
    banks = {b.lesson: b for b in (load_bank_file(p) for p in _bank_files(ex_dir))}
    if lesson is None:
        lesson = _infer_lesson(paths, set(banks))
    if lesson not in banks:
        raise ValueError(f"lesson {lesson!r} has no bank in {str(ex_dir)!r}")
    bank = banks[lesson]
    out = Path(out_csv)
    free_out = out.with_name(out.stem + "_free_responses.csv")
    protected = [*paths, ex_dir]
    _check_output(out, protected)
    _check_output(free_out, protected)
    existing = _read_table(out, COLUMNS)
    existing_free = _read_table(free_out, FREE_COLUMNS)

    grader = _Grader(bank, ex_dir, limits, isolation, [*paths, out, free_out])
    try:
        done = _completed(existing, grader.fingerprint, out)
        kept = [r for r in existing if r["student"] in done]
        kept_free = [r for r in existing_free if r["student"] in done]
        _write_table(out, COLUMNS, kept)
        _write_table(free_out, FREE_COLUMNS, kept_free)
        todo = [p for p in paths if _student_name(p) not in done]
        # each submission is run as it was when grading started, or not at all
        digests = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in todo}
        bar = _Progress(len(todo), progress)
        failure: list[str] = []
        slots = list(range(jobs))

        def one(path: Path) -> None:
            with grader.lock:
                slot = slots.pop()
            try:
                if failure:
                    return
                rows, free = grader.run(path, _student_name(path), slot, digests[path])
                with grader.lock:
                    if key_fingerprint(ex_dir) != grader.fingerprint:
                        failure.append(f"the answer key in {ex_dir} changed while grading "
                                       f"{path.name}; grading stopped")
                        return
                    _append(free_out, FREE_COLUMNS, free)
                    _append(out, COLUMNS, rows)
                    bar.update(path.stem, rows[-1]["status"])
            finally:
                with grader.lock:
                    slots.append(slot)

        with ThreadPoolExecutor(max_workers=jobs) as pool:
            for future in as_completed([pool.submit(one, p) for p in todo]):
                future.result()
        bar.close()
        if failure:
            raise RuntimeError(failure[0])
        order = {_student_name(p): i for i, p in enumerate(paths)}
        table = _sorted_rows(_read_table(out, COLUMNS), order, bank)
        _write_table(out, COLUMNS, table)
        free_rows = _sorted_rows(_read_table(free_out, FREE_COLUMNS), order, bank)
        _write_table(free_out, FREE_COLUMNS, free_rows)
    finally:
        grader.close()
    frame = pd.DataFrame([_typed(r) for r in table], columns=list(COLUMNS))
    frame["correct"] = frame["correct"].astype(object)
    frame.loc[frame["correct"].isna(), "correct"] = None
    return frame


def _append(path: Path, columns: tuple[str, ...], rows: list[dict]) -> None:
    if not rows:
        return
    with open(path, "a", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writerows([{k: _csv_value(row[k]) for k in columns} for row in rows])
        handle.flush()
        os.fsync(handle.fileno())


def _completed(rows: list[dict[str, str]], fingerprint: str, out: Path) -> set[str]:
    """Students whose rows are complete (their notebook row was written last)."""
    done = set()
    for row in rows:
        if row["exercise_id"] != "":
            continue
        tag = row["detail"].rsplit(_KEY_TAG, 1)
        if len(tag) == 2 and not fingerprint.startswith(tag[1].strip()):
            raise ValueError(
                f"{str(out)!r} was written with another answer key ({tag[1].strip()}, now "
                f"{fingerprint[:12]}); delete it or choose another --output to grade again"
            )
        done.add(row["student"])
    return done


def _sorted_rows(rows: list[dict[str, str]], order: dict[str, int], bank: Bank) -> list[dict]:
    position = {ex.id: i for i, ex in enumerate(bank)}
    first_seen: dict[str, int] = {}
    for row in rows:
        first_seen.setdefault(row["student"], len(first_seen))

    def key(row: dict[str, str]):
        student = row["student"]
        return (order.get(student, len(order) + first_seen[student]), student,
                position.get(row["exercise_id"], len(position)))

    return sorted(rows, key=key)


# --------------------------------------------------------------------------- marks


def merge_marks(
    grades_csv: str | os.PathLike[str],
    marks_csv: str | os.PathLike[str],
    out_csv: str | os.PathLike[str],
) -> list[dict]:
    """Fill the free responses' points from the marked export into a copy of the grades.

    ``marks_csv`` is the ``*_free_responses.csv`` written by :func:`grade_submissions`, with
    ``points_awarded`` filled in (a number from 0 to ``points_possible``; leave it empty to
    keep a response pending). The merged rows get ``correct`` empty and the detail
    ``marked by hand`` plus the comment.

    Returns
    -------
    list of dict
        The merged rows, as written to ``out_csv``.

    Raises
    ------
    ValueError
        Naming the student, exercise and value of a mark that is not a number in
        ``[0, points_possible]`` or that matches no pending free response; nothing is written.
    """
    grades = _read_table(Path(grades_csv), COLUMNS)
    marks = _read_table(Path(marks_csv), FREE_COLUMNS)
    if not grades:
        raise ValueError(f"{str(grades_csv)!r} holds no grades")
    index = {(r["student"], r["exercise_id"]): r for r in grades}
    merged = {}
    for mark in marks:
        key = (mark["student"], mark["exercise_id"])
        text = mark["points_awarded"].strip()
        if text == "":
            continue
        row = index.get(key)
        if row is None or row["points_possible"] == "":
            raise ValueError(f"marks: no free response of {key[0]!r} for {key[1]!r} in the grades")
        try:
            points = float(text)
        except ValueError:
            points = math.nan
        possible = float(row["points_possible"])
        if not (0 <= points <= possible):
            raise ValueError(
                f"marks: {key[0]!r} {key[1]}: points_awarded must be a number in "
                f"[0, {possible:g}], got {text!r}"
            )
        merged[key] = (points, mark["comment"].strip())
    out_rows = []
    for row in grades:
        key = (row["student"], row["exercise_id"])
        row = dict(row)
        if key in merged:
            points, comment = merged[key]
            row["points_awarded"] = f"{points:g}"
            row["detail"] = neutralize("; ".join(x for x in ("marked by hand", comment) if x))
        out_rows.append(row)
    out = Path(out_csv)
    _check_output(out, [Path(grades_csv), Path(marks_csv)])
    _write_table(out, COLUMNS, out_rows)
    return [_typed(r) for r in out_rows]
