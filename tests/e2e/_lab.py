"""A throw-away JupyterLab server for the browser tests.

The server runs from the project's virtual environment on a free loopback port with a random
token, with every Jupyter directory (config, data, runtime, settings, workspaces, IPython) in a
temporary folder, and serves a *copy* of ``notebooks/`` and ``exercises/`` so that running the
lessons never touches the committed notebooks.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from sanclab.lessons import lesson_notebooks as registered_notebooks
from sanclab.lessons import lesson_of_notebook

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS_ENV = "SANCLAB_E2E_NOTEBOOKS"

#: JupyterLab settings for the test server: no news or update checks (no network), no
#: notebook windowing (every cell stays in the DOM so the tests can read it).
LAB_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {
        "checkForUpdates": False,
        "fetchNews": "false",
    },
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
}


def lesson_number(name: str) -> int | None:
    """Lesson number of a lesson notebook's file name (the lesson registry's), else ``None``.

    >>> lesson_number("01_coalition_coordination.ipynb")
    1
    >>> lesson_number("scratch.ipynb") is None
    True
    """
    lesson = lesson_of_notebook(name)
    return None if lesson is None else lesson.number


def notebooks_dir() -> Path:
    """Folder the lesson notebooks are taken from: ``$SANCLAB_E2E_NOTEBOOKS`` or ``notebooks/``."""
    return Path(os.environ.get(NOTEBOOKS_ENV) or REPO / "notebooks")


def lesson_notebooks(folder: Path | None = None) -> list[Path]:
    """The registered lessons' notebooks in ``folder``, in lesson order."""
    return [path for _, path in registered_notebooks(notebooks_dir() if folder is None
                                                     else folder)]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LabServer:
    """A running ``jupyter lab`` (see :func:`start_lab`)."""

    process: subprocess.Popen
    url: str
    token: str
    root: Path
    log: Path

    def lab_url(self, path: str) -> str:
        """URL that opens ``path`` (relative to the server root) in JupyterLab, alone:
        ``reset`` starts from an empty workspace, or JupyterLab would reopen (and render)
        every notebook opened before, each lesson slower than the last."""
        return f"{self.url}/lab/tree/{path}?reset&token={self.token}"

    def log_tail(self, lines: int = 40) -> str:
        """The last lines of the server's log."""
        text = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def api(self, path: str, method: str = "GET") -> object:
        """Call the server's REST API; return the decoded JSON (or ``None`` if empty)."""
        request = urllib.request.Request(
            f"{self.url}/api/{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """Shut down every running kernel (frees the CPU between lessons)."""
        for kernel in self.api("kernels") or []:
            self.api(f"kernels/{kernel['id']}", method="DELETE")

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after 10 s)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def prepare_root(root: Path, notebooks: Path, exercises: Path) -> None:
    """Copy ``notebooks`` and ``exercises`` (when they exist) into ``root``."""
    for source, name in ((notebooks, "notebooks"), (exercises, "exercises")):
        target = root / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        else:
            target.mkdir(parents=True)


def lab_environment(tmp: Path, root: Path) -> dict[str, str]:
    """Environment for the server and its kernels: Jupyter state in ``tmp``, data in ``root``."""
    env = dict(os.environ)
    venv_bin = str(Path(sys.executable).parent)
    env["PATH"] = venv_bin + os.pathsep + env.get("PATH", "")
    for var, sub in (
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_DATA_DIR", "data"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("JUPYTERLAB_SETTINGS_DIR", "user-settings"),
        ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"),
        ("IPYTHONDIR", "ipython"),
    ):
        path = tmp / sub
        path.mkdir(parents=True, exist_ok=True)
        env[var] = str(path)
    env["SANCLAB_EXERCISES"] = str(root / "exercises")
    env["SANCLAB_SEEDS"] = str(REPO / "seeds")
    env.pop("SANCLAB_GRADE_LOG", None)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def start_lab(tmp: Path, notebooks: Path, exercises: Path, timeout: float = 120.0) -> LabServer:
    """Start JupyterLab on a copy of ``notebooks``/``exercises`` and wait until it answers.

    Raises ``RuntimeError`` with the end of the server log if it exits or does not answer
    within ``timeout`` seconds.
    """
    root = tmp / "root"
    root.mkdir(parents=True)
    prepare_root(root, notebooks, exercises)
    settings = tmp / "app-settings"
    settings.mkdir()
    (settings / "overrides.json").write_text(json.dumps(LAB_OVERRIDES), encoding="utf-8")
    env = lab_environment(tmp, root)
    port = free_port()
    token = secrets.token_hex(24)
    log = tmp / "jupyter-lab.log"
    command = [
        sys.executable, "-m", "jupyterlab",
        "--no-browser",
        "--expose-app-in-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.open_browser=False",
        f"--LabApp.app_settings_dir={settings}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.news_url=None",
        "--LabApp.extension_manager=readonly",
        "--ServerApp.terminals_enabled=False",
    ]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # CI and containers run as root
    with open(log, "wb") as out:
        process = subprocess.Popen(
            command, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
    server = LabServer(process, f"http://127.0.0.1:{port}", token, root, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"jupyter lab exited with code {process.returncode}:\n{server.log_tail()}"
            )
        try:
            server.api("status")
            return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    server.stop()
    raise RuntimeError(f"jupyter lab did not answer within {timeout} s:\n{server.log_tail()}")


# --------------------------------------------------------------------------- the page side

_OPEN_JS = """
async (path) => {
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  if (!panel || !panel.context || panel.context.path !== path) {
    const shown = panel && panel.context && panel.context.path;
    throw new Error(`the current tab is ${shown}, not ${path}`);
  }
  await panel.context.ready;
  await panel.sessionContext.ready;
  return panel.sessionContext.session.kernel.name;
}
"""

_RUN_ALL_JS = """
async (timeoutMs) => {
  const app = window.jupyterapp;
  const timer = new Promise((_, reject) => setTimeout(
      () => reject(new Error(`Run All Cells did not finish within ${timeoutMs / 1000} s`)),
      timeoutMs));
  return await Promise.race([app.commands.execute('notebook:run-all-cells'), timer]);
}
"""

_KERNEL_IDLE_JS = """
() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const queued = panel.content.widgets.some(
      c => c.model.type === 'code' && c.model.executionState === 'running');
  return kernel && kernel.status === 'idle' && !queued;
}
"""

_CELLS_JS = """
() => window.jupyterapp.shell.currentWidget.content.widgets.map((cell, index) => {
  cell.node.setAttribute('data-e2e-cell', String(index));
  const model = cell.model;
  const tags = model.getMetadata('tags') || [];
  const sanclab = model.getMetadata('sanclab') || {};
  const outputs = model.type === 'code' ? model.outputs.toJSON() : [];
  const rendered = cell.node.querySelector('.jp-MarkdownOutput, .myst, .jp-RenderedMarkdown');
  return {
    index, type: model.type, tags, sanclab,
    source: model.sharedModel.getSource(),
    outputs: outputs.map(o => ({
      output_type: o.output_type, name: o.name || null, ename: o.ename || null,
      evalue: o.evalue || null, text: Array.isArray(o.text) ? o.text.join('') : (o.text || null),
    })),
    rendered_text: rendered ? rendered.innerText : null,
    exercise_boxes: Array.from(cell.node.querySelectorAll('.myst-exercise')).map(
        box => (box.querySelector('.myst-exercise-title') || box).innerText),
    stderr_shown: cell.node.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').length,
  };
})
"""

_APPEND_CELL_JS = """
async (source) => {
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  const notebook = panel.content;
  notebook.activeCellIndex = notebook.widgets.length - 1;
  await app.commands.execute('notebook:insert-cell-below');
  const index = notebook.activeCellIndex;
  const cell = notebook.widgets[index];
  cell.node.setAttribute('data-e2e-cell', String(index));
  cell.model.sharedModel.setSource(source);
  return index;
}
"""

_RUN_CELL_JS = """
async ([index, source, timeoutMs]) => {
  const app = window.jupyterapp;
  const notebook = app.shell.currentWidget.content;
  notebook.activeCellIndex = index;
  notebook.widgets[index].model.sharedModel.setSource(source);
  const timer = new Promise((_, reject) => setTimeout(
      () => reject(new Error(`the cell did not finish within ${timeoutMs / 1000} s`)), timeoutMs));
  return await Promise.race([app.commands.execute('notebook:run-cell'), timer]);
}
"""

#: SHA-256 of the bytes behind an <img> (data:, blob: or same-origin URL), in the page.
IMAGE_DIGEST_JS = """
async (img) => {
  if (!img.src) return null;
  const bytes = await (await fetch(img.src)).arrayBuffer();
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest)).map(b => b.toString(16).padStart(2, '0')).join('');
}
"""


class LessonPage:
    """A lesson notebook opened in JupyterLab in a Playwright page.

    Uses ``window.jupyterapp`` (exposed with ``--expose-app-in-browser``) to run commands
    exactly as the Run menu does, and reads cells through the notebook model and the DOM.
    """

    def __init__(self, page, server: LabServer, path: str) -> None:
        self.page = page
        self.server = server
        self.path = path

    def open(self, timeout_ms: int = 90_000) -> str:
        """Open the notebook, wait for its kernel; return the kernel name."""
        self.page.goto(self.server.lab_url(self.path), timeout=timeout_ms)
        self.page.wait_for_function(
            "(path) => window.jupyterapp && window.jupyterapp.shell.currentWidget"
            " && window.jupyterapp.shell.currentWidget.context"
            " && window.jupyterapp.shell.currentWidget.context.path === path",
            arg=self.path,
            timeout=timeout_ms,
        )
        return self.page.evaluate(_OPEN_JS, self.path)

    def run_all(self, timeout_ms: int = 240_000) -> bool:
        """Run > Run All Cells; wait until the kernel is idle. True if no cell failed."""
        ok = self.page.evaluate(_RUN_ALL_JS, timeout_ms)
        self.wait_idle(timeout_ms)
        return bool(ok)

    def wait_idle(self, timeout_ms: int = 60_000) -> None:
        """Wait until the kernel is idle and no cell is running."""
        self.page.wait_for_function(_KERNEL_IDLE_JS, timeout=timeout_ms)

    def cells(self) -> list[dict]:
        """Every cell: index, type, tags, source, outputs, rendered markdown text, ...

        Also stamps each cell's DOM node with ``data-e2e-cell="<index>"`` so that
        :meth:`cell_locator` can find it.
        """
        return self.page.evaluate(_CELLS_JS)

    def cell_locator(self, index: int):
        """Playwright locator of one cell (after :meth:`cells` or :meth:`append_cell`)."""
        return self.page.locator(f'[data-e2e-cell="{index}"]')

    def append_cell(self, source: str = "") -> int:
        """Add a code cell at the end; return its index."""
        return self.page.evaluate(_APPEND_CELL_JS, source)

    def run_cell(self, index: int, source: str, timeout_ms: int = 60_000) -> bool:
        """Replace the source of cell ``index`` and run it (Run > Run Selected Cell)."""
        ok = self.page.evaluate(_RUN_CELL_JS, [index, source, timeout_ms])
        self.wait_idle(timeout_ms)
        return bool(ok)

    def image_digest(self, locator) -> str | None:
        """SHA-256 of the image bytes shown by an ``<img>`` locator."""
        return locator.evaluate(IMAGE_DIGEST_JS)
