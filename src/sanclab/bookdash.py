"""The book's dashboards without a kernel: precomputed figures behind working sliders.

A published book has no Python kernel, so it cannot call a dashboard's model. Instead, when
the book is built, every lesson's dashboard (:meth:`sanclab.lessons.Lesson.dashboard`) is run
for the finite set of settings it offers (:meth:`sanclab.widgets.Dashboard.book_settings`),
and for each setting its figure (the exact PNG JupyterLab would show) and its readout text
are stored. On the lesson page the dashboard cell then holds plain HTML sliders, labelled as
in JupyterLab, and a small script (``book/_offline/sanclab/dashboard.js``) that shows the
stored figure and readout of the stored setting nearest to the sliders
(:func:`nearest_frame`), saying so whenever that is not exactly the setting chosen.

This module does the build-time side, for every lesson alike:

- :func:`export_dashboard` runs one dashboard in fresh worker processes (``python -m
  sanclab.bookdash``), a share of the settings each, and keeps the result in a cache folder:
  the figures as content-addressed PNG files and ``export.json`` (the settings, file names,
  SHA-256 sums and readouts). The record also lists what the figures were computed from:
  every file of the library the workers imported or opened (with its SHA-256) and the
  versions of the packages they imported, so a rebuild reuses the figures until one of those
  changes (:func:`cached_export`);
- :class:`DashboardExports` runs the exports of all lessons in the background while the
  book executes the notebooks;
- :func:`static_dashboard_html` writes the HTML that replaces the dashboard's widget view
  on the page (the stored settings and readouts are embedded; the figures are separate
  files, loaded when shown), and :func:`copy_frames` puts the figures next to the page.

The book's Sphinx extension (``book/_ext/sanclab_book.py``) calls these.

Examples
--------
>>> controls = [{"min": 0.0, "max": 1.0}, {"min": 0, "max": 10}]
>>> settings = [[0.0, 0], [0.5, 5], [1.0, 10], [0.5, 10]]
>>> nearest_frame(settings, controls, [0.45, 6])
1
>>> nearest_frame(settings, controls, [0.5, 5])
1
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "FORMAT",
    "DashboardExports",
    "cached_export",
    "copy_frames",
    "export_dashboard",
    "frames_folder_name",
    "nearest_frame",
    "page_data",
    "static_dashboard_html",
]

#: Version of the cache record and page data; a change invalidates every cached export.
FORMAT = 1
RECORD = "export.json"
FRAMES = "frames"

_PACKAGE = Path(__file__).resolve().parent


def _repo_root() -> Path:
    from sanclab.lessons import REPO_ROOT

    return REPO_ROOT


# --------------------------------------------------------------------------- snapping


def nearest_frame(settings: Sequence[Sequence[float]], controls: Sequence[Mapping[str, Any]],
                  wanted: Sequence[float]) -> int:
    """Index of the stored setting nearest to ``wanted`` (the rule the book's script uses).

    Distance: the Euclidean distance after scaling each control's range to 1, so one slider
    moved by half its range counts as much as another moved by half of its own. Ties go to
    the setting stored first. When every setting of a product grid is stored, this is each
    slider snapped to its nearest stored value.

    Parameters
    ----------
    settings : sequence of sequence of float
        The stored settings, one value per control, in control order.
    controls : sequence of mapping
        Each with ``min`` and ``max``.
    wanted : sequence of float
        The sliders' values.
    """
    spans = [float(c["max"]) - float(c["min"]) for c in controls]
    best, best_distance = -1, float("inf")
    for index, values in enumerate(settings):
        distance = sum(((float(v) - float(w)) / s) ** 2
                       for v, w, s in zip(values, wanted, spans, strict=True))
        if distance < best_distance - 1e-12:
            best, best_distance = index, distance
    return best


# --------------------------------------------------------------------------- the cache


def _digest(path: Path) -> str:
    """A dependency's digest (:func:`sanclab.bookgen.source_digest`: for a Python source,
    that of its code without docstrings, which cannot change a figure or a readout)."""
    from sanclab.bookgen import source_digest

    return source_digest(path)


def _dependency_key(path: Path) -> str | None:
    """``pkg:<path in the sanclab package>`` or ``repo:<path in the repository>``, else None
    (files outside both, e.g. installed packages, are covered by their versions)."""
    path = path.resolve()
    if "__pycache__" in path.parts:
        return None
    if path.is_relative_to(_PACKAGE):
        return "pkg:" + path.relative_to(_PACKAGE).as_posix()
    root = _repo_root().resolve()
    if path.is_relative_to(root):
        return "repo:" + path.relative_to(root).as_posix()
    return None


def _dependency_path(key: str) -> Path:
    where, _, relative = key.partition(":")
    return (_PACKAGE if where == "pkg" else _repo_root()) / relative


def cached_export(folder: str | os.PathLike[str]) -> dict[str, Any] | None:
    """The export record in ``folder`` if it is complete and still valid, else ``None``.

    Valid: same :data:`FORMAT` and Python version, every dependency file unchanged (SHA-256;
    for a Python source, of its code without docstrings and comments),
    every recorded package at the recorded version, every figure file present.
    """
    from importlib.metadata import PackageNotFoundError, version

    folder = Path(folder)
    try:
        record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if record.get("format") != FORMAT or record.get("python") != platform.python_version():
        return None
    for key, digest in record.get("dependencies", {}).items():
        path = _dependency_path(key)
        if not path.is_file() or _digest(path) != digest:
            return None
    for dist, wanted in record.get("versions", {}).items():
        try:
            if version(dist) != wanted:
                return None
        except PackageNotFoundError:
            return None
    frames = folder / FRAMES
    if not all((frames / f["png"]).is_file() for f in record.get("frames", [])):
        return None
    return record


def _jobs(jobs: int | None) -> int:
    if jobs is not None:
        return max(1, int(jobs))
    env = os.environ.get("SANCLAB_BOOK_JOBS")
    return max(1, int(env)) if env else max(1, min(os.cpu_count() or 1, 4))


def _worker_env() -> dict[str, str]:
    """The environment of a worker: it must import this very copy of sanclab."""
    env = dict(os.environ)
    src = str(_PACKAGE.parent)
    env["PYTHONPATH"] = os.pathsep.join([src, *filter(None, [env.get("PYTHONPATH")])])
    env.setdefault("PYTHONHASHSEED", "0")
    env.setdefault("MPLBACKEND", "agg")
    return env


def _run_worker(module: str, chunk: int, chunks: int, frames: Path,
                scratch: Path) -> dict[str, Any]:
    job = scratch / f"chunk{chunk}.in.json"
    result = scratch / f"chunk{chunk}.out.json"
    job.write_text(json.dumps({"module": module, "chunk": chunk, "chunks": chunks,
                               "frames": str(frames)}), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "sanclab.bookdash", str(job), str(result)],
                          env=_worker_env(), capture_output=True, text=True, check=False)
    if proc.returncode != 0 or not result.is_file():
        raise RuntimeError(f"the worker exporting {module} failed (exit {proc.returncode}):\n"
                           f"{(proc.stderr or proc.stdout)[-3000:]}")
    return json.loads(result.read_text(encoding="utf-8"))


def export_dashboard(module: str, folder: str | os.PathLike[str], *, jobs: int | None = None,
                     pool: ThreadPoolExecutor | None = None) -> dict[str, Any]:
    """Export the dashboard ``<module>.dashboard()`` into ``folder`` (or reuse it there).

    Parameters
    ----------
    module : str
        The dashboard's module, e.g. ``"sanclab.dashboards.coalition_coordination"``.
    folder : path-like
        The cache folder of this dashboard: ``export.json`` and ``frames/*.png``.
    jobs : int, optional
        Worker processes sharing the settings (default: ``$SANCLAB_BOOK_JOBS`` or the number
        of CPUs, at most 4).
    pool : ThreadPoolExecutor, optional
        Run the workers through this pool (shared by several dashboards) instead of a new one.

    Returns
    -------
    dict
        The record: the dashboard's title, figure description and size, controls, the
        frames (``setting``, ``png``, ``sha256``, ``readout``) in the order of
        :meth:`~sanclab.widgets.Dashboard.book_settings`, ``seconds`` (wall time of the
        export when it was made), ``cpu_seconds`` (the workers' CPU time), ``bytes`` (of
        the figures), ``reused``, the dependencies and versions.
    """
    folder = Path(folder)
    found = cached_export(folder)
    if found is not None:
        return {**found, "reused": True}
    start = time.perf_counter()
    frames = folder / FRAMES
    scratch = folder / "work"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    frames.mkdir(parents=True, exist_ok=True)
    (folder / RECORD).unlink(missing_ok=True)
    # Each worker builds the dashboard, lists its settings (book_settings) and exports every
    # count-th one, starting at its own index; nothing of the dashboard is imported here.
    count = _jobs(jobs)
    own = pool is None
    runner = ThreadPoolExecutor(max_workers=count) if own else pool
    try:
        futures = [runner.submit(_run_worker, module, i, count, frames, scratch)
                   for i in range(count)]
        results = [f.result() for f in futures]
    finally:
        if own:
            runner.shutdown()
    plan = results[0]
    settings = plan["settings"]
    if any(r["settings"] != settings for r in results):
        raise RuntimeError(f"{module}: the workers listed different book settings")
    by_setting: dict[str, dict[str, Any]] = {}
    dependencies: dict[str, str] = {}
    versions: dict[str, str] = {}
    for result in results:
        for frame in result["frames"]:
            by_setting[json.dumps(frame["setting"], sort_keys=True)] = frame
        dependencies.update(result["dependencies"])
        versions.update(result["versions"])
    ordered = [by_setting[json.dumps(s, sort_keys=True)] for s in settings]
    keep = {f["png"] for f in ordered}
    for stale in frames.glob("*.png"):
        if stale.name not in keep:
            stale.unlink()
    record = {
        "format": FORMAT,
        "module": module,
        **{k: plan[k] for k in ("title", "figure_description", "width", "height", "plan",
                                "grid", "lines", "controls", "defaults")},
        "frames": ordered,
        "python": platform.python_version(),
        "dependencies": dict(sorted(dependencies.items())),
        "versions": dict(sorted(versions.items())),
        "jobs": count,
        "seconds": round(time.perf_counter() - start, 2),
        # CPU time of the workers (setup included): the export's cost on idle cores
        "cpu_seconds": round(sum(r["cpu_seconds"] for r in results), 2),
        "bytes": sum((frames / name).stat().st_size for name in keep),
    }
    tmp = folder / (RECORD + ".tmp")
    tmp.write_text(json.dumps(record, indent=1), encoding="utf-8")
    tmp.replace(folder / RECORD)
    shutil.rmtree(scratch, ignore_errors=True)
    return {**record, "reused": False}


# --------------------------------------------------------------------------- the worker


def _library_files(opened: set[str]) -> dict[str, str]:
    """Dependency key -> SHA-256 of every library file imported so far or in ``opened``."""
    files = {Path(m.__file__) for m in list(sys.modules.values())
             if isinstance(getattr(m, "__file__", None), str)}
    files |= {Path(p) for p in opened if os.path.isfile(p)}
    found = {}
    for path in files:
        key = _dependency_key(path)
        # this module only drives the export (the figures come from the dashboard and
        # sanclab.widgets): a change to it that alters the record must bump FORMAT
        if key is not None and key != "pkg:bookdash.py" and path.is_file():
            found[key] = _digest(path)
    return found



def _worker(job_path: Path, result_path: Path) -> None:
    """Run in a fresh process: export some settings of one dashboard, record what the
    figures depend on (every library file imported or opened, package versions)."""
    import importlib
    from importlib.metadata import packages_distributions, version

    job = json.loads(Path(job_path).read_text(encoding="utf-8"))
    # the export's own files (this job, the frames it writes) are outputs, not inputs: a
    # record depending on them would be invalid as soon as the scratch folder is removed
    outputs = (Path(job_path).resolve().parent, Path(job["frames"]).resolve())
    opened: set[str] = set()

    def audit(event: str, args: tuple[Any, ...]) -> None:
        if event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
            opened.add(os.fsdecode(args[0]))

    sys.addaudithook(audit)
    factory = importlib.import_module(job["module"]).dashboard
    dashboard = factory()
    imported = _library_files(opened=set())
    settings = dashboard.book_settings()
    manifest = dashboard.export(job["frames"], settings[job["chunk"]::job["chunks"]],
                                fresh=factory)
    manifest["settings"] = settings
    dependencies = _library_files({p for p in opened
                                   if not any(Path(p).resolve().is_relative_to(o)
                                              for o in outputs)})
    changed = sorted(k for k, digest in imported.items() if dependencies.get(k) != digest)
    if changed:
        raise RuntimeError(f"library files changed while {job['module']} was exported: "
                           f"{changed}; build again")
    top = {name.split(".")[0] for name in list(sys.modules)}
    dists = packages_distributions()
    versions = {}
    for name in sorted(top):
        for dist in dists.get(name, []):
            if dist.lower() != "sanclab":
                versions[dist] = version(dist)
    manifest.update(dependencies=dependencies, versions=versions,
                    cpu_seconds=time.process_time())
    Path(result_path).write_text(json.dumps(manifest), encoding="utf-8")


# --------------------------------------------------------------------------- background


@dataclass
class DashboardExports:
    """The exports of several dashboards, running in the background.

    Create with :meth:`start`; :meth:`result` waits for one (re-raising its error).
    ``ready`` maps each key whose cached export was valid at the start to that export.
    """

    folder: Path
    futures: dict[str, Future] = field(default_factory=dict)
    ready: dict[str, dict[str, Any]] = field(default_factory=dict)
    _pool: ThreadPoolExecutor | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def start(cls, modules: Mapping[str, str], folder: str | os.PathLike[str], *,
              jobs: int | None = None) -> DashboardExports:
        """Start exporting ``modules`` (key -> dashboard module) into ``folder/<key>``.

        Valid cached exports are taken as they are (no process started); the others run in
        worker processes, at most ``jobs`` at a time, until :meth:`result` is asked.
        """
        folder = Path(folder)
        exports = cls(folder)
        count = _jobs(jobs)
        pending = {}
        for key, module in modules.items():
            found = cached_export(folder / key)
            if found is not None:
                exports.ready[key] = {**found, "reused": True}
            else:
                pending[key] = module
        if pending:
            # one thread per dashboard drives its workers; the workers' own pool caps the
            # processes running at once
            exports._pool = ThreadPoolExecutor(max_workers=count)
            drivers = ThreadPoolExecutor(max_workers=len(pending))
            for key, module in pending.items():
                exports.futures[key] = drivers.submit(
                    export_dashboard, module, folder / key, jobs=count, pool=exports._pool)
            drivers.shutdown(wait=False)
        return exports

    def keys(self) -> list[str]:
        return sorted({*self.ready, *self.futures})

    def result(self, key: str) -> dict[str, Any]:
        """The export of ``key``, waiting for it if it is still running."""
        if key in self.ready:
            return self.ready[key]
        record = self.futures[key].result()
        with self._lock:
            self.ready[key] = record
        return record

    def close(self) -> None:
        """Wait for every export (errors are left in their futures) and free the pool."""
        for future in self.futures.values():
            future.exception()
        if self._pool is not None:
            self._pool.shutdown()


# --------------------------------------------------------------------------- the page


def frames_folder_name(docname: str) -> str:
    """Folder (next to the page) holding a page's figures.

    >>> frames_folder_name("lessons/01_coalition_coordination")
    '01_coalition_coordination_dashboard'
    """
    return f"{docname.rsplit('/', 1)[-1]}_dashboard"


def page_data(record: Mapping[str, Any]) -> dict[str, Any]:
    """What the page's script needs: controls, the stored settings (one list of values per
    setting, in control order), figure file names and readouts (each distinct text once)."""
    names = [c["name"] for c in record["controls"]]
    readouts: list[str] = []
    index: dict[str, int] = {}
    for frame in record["frames"]:
        index.setdefault(frame["readout"], len(readouts))
        if len(readouts) < len(index):
            readouts.append(frame["readout"])
    return {
        "format": FORMAT,
        "controls": [{k: c[k] for k in ("name", "symbol", "min", "max", "step", "value",
                                        "labels")} for c in record["controls"]],
        "settings": [[f["setting"][n] for n in names] for f in record["frames"]],
        "png": [f["png"] for f in record["frames"]],
        "readout": [index[f["readout"]] for f in record["frames"]],
        "readouts": readouts,
    }


def _readout_html(text: str) -> str:
    return "<br>".join(html.escape(line) for line in text.splitlines())


def static_dashboard_html(record: Mapping[str, Any], frames_url: str, uid: str) -> str:
    """The HTML of a static dashboard (what the page shows instead of the widget view).

    Without JavaScript it shows the initial setting's figure and readout with the sliders
    disabled; ``dashboard.js`` enables them.

    Parameters
    ----------
    record : mapping
        An export record (:func:`export_dashboard`).
    frames_url : str
        URL of the figures' folder relative to the page, ending in ``/``.
    uid : str
        A prefix for element ids, unique in the page.
    """
    data = page_data(record)
    first = record["frames"][0]
    esc = html.escape
    rows = []
    for control in record["controls"]:
        ident = f"{uid}-{control['name']}"
        value = control["value"]
        shown = control["labels"][_position(control, value)]
        rows.append(
            '<div class="sanclab-sd-control">'
            f'<label for="{esc(ident)}">{esc(control["label"])}</label>'
            '<span class="sanclab-sd-slider">'
            f'<input type="range" id="{esc(ident)}" name="{esc(control["name"])}" '
            f'min="{control["min"]}" max="{control["max"]}" step="{control["step"]}" '
            f'value="{value}" aria-valuetext="{esc(shown)}" autocomplete="off" disabled>'
            f'<output for="{esc(ident)}" aria-hidden="true">{esc(shown)}</output>'
            "</span></div>"
        )
    about = (f"The book stores the figure and numbers of {len(record['frames'])} settings of "
             f"this dashboard: {record['plan']}.")
    if record.get("grid"):
        values = "; ".join(
            f"{c['symbol']}: {', '.join(c['labels'][_position(c, v)] for v in c['book_grid'])}"
            for c in record["controls"])
        about += f" The few values combined: {values}."
    about += (" Between stored settings the dashboard shows the nearest one and says so; run "
              "the lesson in JupyterLab to compute any setting.")
    payload = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (
        f'<div class="sanclab-dashboard sanclab-dashboard-static" id="{esc(uid)}" '
        f'data-frames="{esc(frames_url)}" data-state="static">'
        f'<p class="sanclab-sd-title"><strong>{esc(record["title"])}</strong></p>'
        f'<div class="sanclab-sd-controls">{"".join(rows)}</div>'
        '<button type="button" class="sanclab-sd-reset" disabled>Reset</button>'
        '<p class="sanclab-sd-status" role="status">Computed when the book was built, for the '
        "initial setting.</p>"
        '<details class="sanclab-sd-about"><summary>Which settings were computed for the '
        f"book</summary><p>{esc(about)}</p></details>"
        '<div class="sanclab-readout"><div class="sanclab-readout-text">'
        f'{_readout_html(first["readout"])}</div></div>'
        '<div class="sanclab-figure">'
        f'<img class="sanclab-figure-img" alt="{esc(record["figure_description"])}" '
        f'src="{esc(frames_url + first["png"])}" width="{record["width"]}" '
        f'height="{record["height"]}"></div>'
        f'<script type="application/json" class="sanclab-sd-data">{payload}</script>'
        "</div>"
    )


def _position(control: Mapping[str, Any], value: float) -> int:
    k = round((float(value) - float(control["min"])) / float(control["step"]))
    return min(max(k, 0), len(control["labels"]) - 1)


def copy_frames(record: Mapping[str, Any], source: str | os.PathLike[str],
                target: str | os.PathLike[str]) -> tuple[int, int]:
    """Make ``target`` hold exactly the record's figures from ``source/frames``.

    Files already there with the same size are kept (names are content hashes), others are
    copied, files no longer used are removed. Returns (copied, removed).
    """
    source, target = Path(source) / FRAMES, Path(target)
    target.mkdir(parents=True, exist_ok=True)
    wanted = {f["png"] for f in record["frames"]}
    copied = removed = 0
    for name in sorted(wanted):
        src, dst = source / name, target / name
        if not (dst.is_file() and dst.stat().st_size == src.stat().st_size):
            shutil.copyfile(src, dst)
            copied += 1
    for path in target.iterdir():
        if path.name not in wanted:
            path.unlink()
            removed += 1
    return copied, removed


def summary(records: Iterable[Mapping[str, Any]]) -> str:
    """One line per export: frames, megabytes, seconds (for the build log)."""
    lines = []
    for r in records:
        how = "reused" if r.get("reused") else f"{r['seconds']:.1f} s on {r['jobs']} process(es)"
        lines.append(f"{r['module']}: {len(r['frames'])} settings, "
                     f"{r['bytes'] / 1e6:.1f} MB of figures, {how}")
    return "; ".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``python -m sanclab.bookdash JOB RESULT``: the worker (see :func:`export_dashboard`)."""
    parser = argparse.ArgumentParser(description="Export part of a dashboard for the book.")
    parser.add_argument("job", type=Path)
    parser.add_argument("result", type=Path)
    args = parser.parse_args(argv)
    _worker(args.job, args.result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
