"""Turn a pure model and a plot function into an ipywidgets dashboard.

A :class:`Dashboard` owns one matplotlib ``Figure`` for its whole life: every update calls the
model, redraws onto that same figure and swaps the PNG (an ``<img>`` with a text alternative)
inside one ``ipywidgets.HTML``. The picture is therefore part of the saved widget state.

The published book has no kernel, so it cannot call the model. Instead the book asks each
dashboard for a finite set of settings (:meth:`Dashboard.book_settings`, chosen by the
dashboard's :class:`BookPlan` from each control's :meth:`Control.book_grid` and slider
positions) and stores, for every one of them, the figure and the readout
(:meth:`Dashboard.export`); the book's sliders then swap in the stored result of the nearest
setting (see :mod:`sanclab.bookdash`).

Examples
--------
>>> from sanclab.widgets import Control, Dashboard
>>> def model(a, b):
...     return {"sum": a + b}
>>> def draw(fig, result):
...     ax = fig.gca()
...     ax.clear()
...     ax.bar(["sum"], [result["sum"]])
>>> dash = Dashboard(
...     [Control("a", "a (units)", 0.0, 1.0, 0.1, 0.5), Control("b", "b (units)", 0, 10, 1, 2)],
...     model, draw, readout=lambda r: f"sum = {r['sum']:.1f}", title="Toy")
>>> dash.readout_text
'sum = 2.5'
>>> dash.set(b=4)["sum"]
4.5
>>> dash.reset()["sum"]
2.5
>>> dash
Dashboard('Toy': a, b)
>>> len(dash.book_settings())  # grid 5 x 6, lines 11 + 11 - 1, 10 settings in both
41
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import itertools
import math
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["BookPlan", "Control", "Dashboard"]

#: How many evenly spaced slider positions make a control's derived book values.
DERIVED_BOOK_VALUES = 5


@dataclass(frozen=True)
class Control:
    """One slider of a dashboard, bound to a keyword argument of the model.

    Parameters
    ----------
    name : str
        Keyword argument of the model function that this slider sets.
    label : str
        Readable label shown next to the slider, with units, e.g. ``"Penalty (share of trade)"``.
    min, max, step, value : float
        Slider range, step and initial value; ``value`` must lie in ``[min, max]``.
    integer : bool
        Use an integer slider (values passed to the model as ``int``).
    readout_format : str
        Format of the number shown beside the slider, e.g. ``".2f"``.
    symbol : str
        Short name used where the book says which setting a figure shows (``"p = 0.40"``);
        default: ``name``.
    book_values : sequence of float, optional
        The control's values in the book's coarse grid (see :meth:`book_grid`); each must
        be a slider position. Default: derived from ``min``, ``max`` and ``step``.

    Examples
    --------
    >>> Control("penalty", "Penalty", 0.0, 1.0, 0.05, 0.2).value
    0.2
    >>> Control("penalty", "Penalty", 0.0, 1.0, 0.05, 2.0)
    Traceback (most recent call last):
    ...
    ValueError: value of control 'penalty' must be in [0.0, 1.0], got 2.0
    >>> Control("penalty", "Penalty", 0.0, 1.0, 0.05, 0.2, book_values=(0.0, 0.33))
    Traceback (most recent call last):
    ...
    ValueError: book_values of control 'penalty' must be slider positions (min + k * step), got 0.33
    """

    name: str
    label: str
    min: float
    max: float
    step: float
    value: float
    integer: bool = False
    readout_format: str = ".2f"
    symbol: str = ""
    book_values: tuple[float, ...] | None = None

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise ValueError(f"name of a control must be a Python identifier, got {self.name!r}")
        for field in ("min", "max", "step", "value"):
            number = getattr(self, field)
            if not isinstance(number, (int, float)) or not math.isfinite(number):
                raise ValueError(
                    f"{field} of control {self.name!r} must be a finite number, got {number!r}"
                )
        if not self.min < self.max:
            raise ValueError(
                f"min of control {self.name!r} must be below max ({self.max!r}), got {self.min!r}"
            )
        if not self.step > 0:
            raise ValueError(f"step of control {self.name!r} must be > 0, got {self.step!r}")
        if not self.min <= self.value <= self.max:
            raise ValueError(
                f"value of control {self.name!r} must be in [{self.min}, {self.max}], "
                f"got {self.value!r}"
            )
        if self.book_values is not None:
            values = tuple(self.book_values)
            object.__setattr__(self, "book_values", values)
            if not values:
                raise ValueError(f"book_values of control {self.name!r} must not be empty")
            for v in values:
                if not isinstance(v, (int, float)) or not self.min <= v <= self.max:
                    raise ValueError(f"book_values of control {self.name!r} must lie in "
                                     f"[{self.min}, {self.max}], got {v!r}")
                if self._index(v) is None:
                    raise ValueError(f"book_values of control {self.name!r} must be slider "
                                     f"positions (min + k * step), got {v!r}")

    # -- the slider's positions and the book's values -------------------------------------
    def _index(self, value: float) -> int | None:
        """k such that ``value == min + k * step`` (to rounding error), else ``None``."""
        k = round((value - self.min) / self.step)
        if 0 <= k < len(self.positions()) and abs(self.position(k) - value) <= 1e-9 * max(
                1.0, abs(self.max - self.min)):
            return k
        return None

    def position(self, k: int) -> float:
        """Slider position ``k``: ``min + k * step``, rounded to 12 significant digits (so
        ``0.1 * 3`` is ``0.3``); an ``int`` for an integer control."""
        value = float(f"{self.min + k * self.step:.12g}")
        return int(round(value)) if self.integer else value

    def positions(self) -> tuple[float, ...]:
        """Every value the slider can take, ``min``, ``min + step``, ... up to ``max``.

        Examples
        --------
        >>> Control("d", "d", 0.0, 0.5, 0.1, 0.2).positions()
        (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
        """
        count = math.floor((self.max - self.min) / self.step + 1e-9) + 1
        return tuple(self.position(k) for k in range(count))

    def initial(self) -> float:
        """The initial value as the slider holds it (an ``int`` for an integer control)."""
        return int(self.value) if self.integer else self.value

    def book_grid(self) -> tuple[float, ...]:
        """The control's values in the book's coarse grid, sorted, always with the initial
        value: ``book_values`` if given, else :data:`DERIVED_BOOK_VALUES` evenly spaced
        slider positions from ``min`` to ``max``.

        Examples
        --------
        >>> Control("d", "d", 0.0, 1.0, 0.05, 0.5).book_grid()
        (0.0, 0.25, 0.5, 0.75, 1.0)
        >>> Control("d", "d", 0.0, 1.0, 0.05, 0.4, book_values=(0.0, 1.0)).book_grid()
        (0.0, 0.4, 1.0)
        """
        if self.book_values is not None:
            found = {self.position(self._index(v)) for v in self.book_values}
        else:
            positions = self.positions()
            last = len(positions) - 1
            count = min(DERIVED_BOOK_VALUES, len(positions))
            found = {positions[int(i * last / max(count - 1, 1) + 0.5)] for i in range(count)}
        return tuple(sorted(found | {self.initial()}))

    def format(self, value: float) -> str:
        """``value`` as the slider's readout shows it.

        Examples
        --------
        >>> Control("d", "d", 0.0, 1.0, 0.05, 0.5).format(0.25)
        '0.25'
        """
        if self.integer:
            return str(int(value))
        return format(value, self.readout_format)

    @property
    def short(self) -> str:
        """``symbol``, or the parameter name when no symbol was given."""
        return self.symbol or self.name

    def spec(self) -> dict[str, Any]:
        """The control as plain data (for the book's static dashboard)."""
        return {"name": self.name, "label": self.label, "symbol": self.short,
                "min": self.min, "max": self.max, "step": self.step, "value": self.initial(),
                "integer": self.integer, "book_grid": list(self.book_grid()),
                "labels": [self.format(v) for v in self.positions()]}

    def make_widget(self) -> Any:
        """Return a fresh ipywidgets slider for this control."""
        import ipywidgets as widgets

        common = dict(
            description=self.label,
            min=self.min,
            max=self.max,
            step=self.step,
            value=self.value,
            continuous_update=False,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="100%"),
        )
        if self.integer:
            return widgets.IntSlider(**common)
        return widgets.FloatSlider(readout_format=self.readout_format, **common)


def palette_png(rgba: Any, width: int, height: int) -> bytes:
    """PNG bytes (no metadata) of an RGBA pixel buffer, with a palette of at most 256 colours.

    A chart has a few dominant colours (background, fills, lines, text) and a fringe of
    anti-aliased edge colours. The 256 most frequent colours are kept exactly; every other
    colour is replaced by the nearest of them (Euclidean distance in RGBA, ties to the more
    frequent). In lesson 1's dashboard about 99% of the pixels stay exact and the file is
    about 2.5 times smaller than an RGBA PNG, which matters for the book, which stores a
    figure per precomputed setting. The result depends only on the pixels.

    Examples
    --------
    >>> import numpy as np
    >>> pixels = np.zeros((2, 3, 4), dtype=np.uint8); pixels[..., 3] = 255
    >>> pixels[0, 0, :3] = 200
    >>> from PIL import Image
    >>> image = Image.open(io.BytesIO(palette_png(pixels.tobytes(), 3, 2)))
    >>> image.mode, image.convert("RGB").getpixel((0, 0)), image.convert("RGB").getpixel((1, 0))
    ('P', (200, 200, 200), (0, 0, 0))
    """
    import numpy as np
    from PIL import Image

    # A chart's pixels come in long runs of one colour (about 10 per run): work on the runs.
    # The result is the one of mapping every pixel (same counts, same palette, same indices),
    # found in a few milliseconds instead of a pixel-by-pixel search.
    count = width * height
    pixels = np.frombuffer(rgba, dtype="<u4", count=count)
    starts = np.flatnonzero(np.concatenate(([True], pixels[1:] != pixels[:-1])))
    lengths = np.diff(np.append(starts, count))
    # the distinct colours as little-endian RGBA keys, sorted; each run's colour among them
    keys, run_colour = np.unique(pixels[starts], return_inverse=True)
    counts = np.bincount(run_colour, weights=lengths, minlength=len(keys)).astype(np.int64)
    values = (keys[:, None] >> np.array([0, 8, 16, 24], dtype=np.uint32)) & 0xFF
    if len(keys) <= 256:
        palette, nearest = values, np.arange(len(keys))
    else:
        top = np.lexsort((keys, -counts))[:256]  # most frequent first, ties by colour
        palette = values[top]
        # squared distances |a|^2 + |b|^2 - 2 a.b: whole numbers below 2^53, hence exact in
        # floating point whatever the order of the sums (one matrix product, ~1 ms)
        a, b = values.astype(np.float64), palette.astype(np.float64)
        distance = (a * a).sum(axis=1)[:, None] + (b * b).sum(axis=1)[None, :] - 2.0 * a @ b.T
        nearest = distance.argmin(axis=1)
    indices = np.repeat(nearest.astype(np.uint8)[run_colour.ravel()], lengths)
    out = Image.frombuffer("P", (width, height), indices.astype(np.uint8).tobytes(),
                           "raw", "P", 0, 1)
    if (palette[:, 3] == 255).all():
        out.putpalette(palette[:, :3].astype(np.uint8).tobytes(), rawmode="RGB")
    else:
        out.putpalette(palette.astype(np.uint8).tobytes(), rawmode="RGBA")
    buffer = io.BytesIO()
    out.save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()


#: CSS added inside every dashboard (scoped to it): each slider wraps below its label when
#: the row is narrower than label + 150 px of track + readout, so on a phone (360 px) the
#: track keeps most of the width instead of shrinking to nothing beside a long label; the
#: value beside it needs no more than 3.5 characters' width.
_LAYOUT_CSS = (
    "<style>"
    ".sanclab-dashboard .widget-hslider,.sanclab-dashboard .jupyter-widget-hslider"
    "{flex-wrap:wrap;height:auto}"
    ".sanclab-dashboard .widget-hslider>.widget-label,"
    ".sanclab-dashboard .jupyter-widget-hslider>.jupyter-widget-label"
    "{flex:0 1 auto;max-width:100%;white-space:normal;text-align:left;line-height:1.35;"
    "height:auto;padding:4px 0}"
    ".sanclab-dashboard .widget-hslider>.slider-container,"
    ".sanclab-dashboard .jupyter-widget-hslider>.slider-container"
    "{flex:1 1 160px;min-width:150px}"
    ".sanclab-dashboard .widget-hslider>.widget-readout,"
    ".sanclab-dashboard .jupyter-widget-hslider>.jupyter-widget-readout"
    "{min-width:3.5em}"
    "</style>"
)


@dataclass(frozen=True)
class BookPlan:
    """Which settings of a dashboard the published book precomputes.

    The book has no kernel: it stores the figure and readout of a finite set of settings and
    shows, for any position of the sliders, the stored setting nearest to it (saying so when
    it is not the one chosen). Two families of settings can be offered, alone or together:

    * the **grid**: every combination of the controls' coarse values
      (:meth:`Control.book_grid`), so that moving several sliders at once lands on or near
      a stored setting;
    * the **lines**: every slider position of one control with the others at their initial
      values, so that moving one slider away from the initial setting is always exact.

    Parameters
    ----------
    grid, lines : bool
        Which families to store (at least one).
    max_frames : int
        Upper bound on the number of settings; :meth:`Dashboard.book_settings` refuses more
        (each stored figure costs build time and disk space).

    Examples
    --------
    >>> BookPlan(grid=False, lines=False)
    Traceback (most recent call last):
    ...
    ValueError: a BookPlan must store the grid, the lines or both; got grid=False, lines=False
    """

    grid: bool = True
    lines: bool = True
    max_frames: int = 500

    def __post_init__(self) -> None:
        if not (self.grid or self.lines):
            raise ValueError("a BookPlan must store the grid, the lines or both; "
                             f"got grid={self.grid}, lines={self.lines}")
        if not (isinstance(self.max_frames, int) and self.max_frames >= 1):
            raise ValueError(f"max_frames must be a positive integer, got {self.max_frames!r}")

    def describe(self) -> str:
        """One sentence for the book and the documentation."""
        parts = []
        if self.grid:
            parts.append("every combination of a few values of each slider")
        if self.lines:
            parts.append("every position of one slider with the others at their initial "
                         "values")
        return " and ".join(parts)


class Dashboard:
    """An ipywidgets dashboard around a pure model.

    Parameters
    ----------
    controls : sequence of Control
        One slider per model parameter the reader may change.
    compute : callable
        ``compute(**params) -> result``: the pure model call. Parameters that are not controls
        can be bound beforehand with :func:`functools.partial`.
    draw : callable
        ``draw(fig, result)``: redraws ``result`` onto the dashboard's figure. It must not
        create a new figure. It may return the artists it changes (the same ones on every
        call); the dashboard then repaints only those (blitting), which is much faster.
    readout : callable
        ``readout(result) -> str``: a one- or two-line plain-text summary of the key numbers.
    title : str
        Heading shown above the controls.
    figsize : tuple of float
        Figure size in inches.
    dpi : int
        Resolution of the PNG shown in the dashboard.
    figure_description : str
        Text alternative of the figure (what it shows), for screen readers and tooltips.
    book : BookPlan, optional
        Which settings the published book precomputes (default: ``BookPlan()``, the grid
        and the lines).

    Notes
    -----
    The figure is a ``matplotlib.figure.Figure`` made without pyplot, so it never appears
    a second time as a stray inline output, and it is reused by every update. Its layout is
    computed once, for the initial setting, and then kept, so a setting always gives the
    same picture, however it was reached (the book relies on this).
    """

    def __init__(
        self,
        controls: Sequence[Control],
        compute: Callable[..., Any],
        draw: Callable[[Any, Any], None],
        readout: Callable[[Any], str],
        *,
        title: str = "",
        figsize: tuple[float, float] = (8.0, 4.0),
        dpi: int = 90,
        figure_description: str = "Figure of the model's current result",
        book: BookPlan | None = None,
    ) -> None:
        if not controls:
            raise ValueError("controls must hold at least one Control, got none")
        names = [c.name for c in controls]
        if len(set(names)) != len(names):
            raise ValueError(f"controls must have distinct names, got {names}")
        from matplotlib.figure import Figure

        self.controls = tuple(controls)
        self.compute = compute
        self.draw = draw
        self.readout = readout
        self.title = title
        self.dpi = dpi
        self.figure_description = figure_description
        self.book = BookPlan() if book is None else book
        from sanclab._textcache import TextReplayCanvas

        self.figure = Figure(figsize=figsize, dpi=dpi, layout="constrained")
        # an Agg canvas that redraws a string it drew before from its glyph images (same
        # pixels, a fraction of the time: see sanclab._textcache)
        self._canvas = TextReplayCanvas(self.figure)
        self._animated: tuple[Any, ...] | None = None
        self._background: Any = None
        self._widget: Any = None
        self.result = self._run(self.defaults())
        # Lay the figure out once, then freeze it: re-running the layout engine on every
        # update costs more than the model and the drawing together.
        self.figure.draw_without_rendering()
        self.figure.set_layout_engine("none")

    # -- model side (no widgets needed) -------------------------------------------------
    def defaults(self) -> dict[str, Any]:
        """Initial value of every control, by parameter name."""
        return {c.name: c.initial() for c in self.controls}

    @property
    def params(self) -> dict[str, Any]:
        """The parameter values of the current result."""
        return dict(self._params)

    @property
    def readout_text(self) -> str:
        """The plain-text readout of the current result."""
        return self.readout(self.result)

    def _run(self, params: dict[str, Any]) -> Any:
        result = self.compute(**params)
        changing = self.draw(self.figure, result)
        if changing is not None and self._animated is None:
            self._animated = tuple(changing)
        self._params = params
        self.result = result
        return result

    def set(self, **params: Any) -> Any:
        """Change some parameters, recompute, redraw and return the new result.

        Sliders (if the widget was built) move to the new values. Unknown names raise
        ``ValueError``.
        """
        unknown = sorted(set(params) - {c.name for c in self.controls})
        if unknown:
            allowed = [c.name for c in self.controls]
            raise ValueError(f"unknown dashboard parameter(s) {unknown}; allowed: {allowed}")
        new = {**self._params, **params}
        result = self._run(new)
        if self._widget is not None:
            self._sync_widgets()
        return result

    def reset(self) -> Any:
        """Return every control to its initial value and recompute."""
        return self.set(**self.defaults())

    # -- the book's precomputed settings -------------------------------------------------
    def book_settings(self) -> list[dict[str, Any]]:
        """The settings the published book precomputes (see :class:`BookPlan`), the initial
        setting first, then the grid, then the lines, without repeats.

        Raises
        ------
        ValueError
            If there are more than ``book.max_frames`` of them (the message gives the
            counts and what to change).
        """
        names = [c.name for c in self.controls]
        defaults = self.defaults()
        grids = [c.book_grid() for c in self.controls]
        grid_count = math.prod(len(g) for g in grids) if self.book.grid else 0
        line_count = sum(len(c.positions()) for c in self.controls) if self.book.lines else 0
        if grid_count > self.book.max_frames:
            sizes = " x ".join(f"{len(g)} ({c.name})" for c, g in zip(self.controls, grids,
                                                                       strict=True))
            raise ValueError(
                f"the book grid of dashboard {self.title!r} has {sizes} = {grid_count} "
                f"settings, more than max_frames={self.book.max_frames}: give the controls "
                "fewer book_values, or store only the lines (BookPlan(grid=False))")
        found: dict[tuple[Any, ...], dict[str, Any]] = {}

        def add(setting: Mapping[str, Any]) -> None:
            found.setdefault(tuple(setting[n] for n in names), dict(setting))

        add(defaults)
        if self.book.grid:
            for combo in itertools.product(*grids):
                add(dict(zip(names, combo, strict=True)))
        if self.book.lines:
            for control in self.controls:
                for value in control.positions():
                    add({**defaults, control.name: value})
        if len(found) > self.book.max_frames:
            raise ValueError(
                f"dashboard {self.title!r} would store {len(found)} settings in the book "
                f"({grid_count} in the grid, {line_count} slider positions on the lines), "
                f"more than max_frames={self.book.max_frames}: give the controls fewer "
                "book_values or a coarser step, or store only the grid or only the lines")
        return list(found.values())

    def export(self, folder: str | Path,
               settings: Iterable[Mapping[str, Any]] | None = None,
               fresh: Callable[[], Dashboard] | None = None) -> dict[str, Any]:
        """Compute the book's settings and write their figures into ``folder``.

        Each figure is the PNG of :meth:`png` for that setting, written as
        ``<first 20 hex digits of its SHA-256>.png`` (identical figures are stored once).
        Returns the manifest: the dashboard's title, figure description and size, its
        controls (:meth:`Control.spec`) and, for each setting in order, the setting, the
        PNG's file name and SHA-256 and the readout text.

        Parameters
        ----------
        folder : path-like
            Where the PNG files go (created if missing).
        settings : iterable of mapping, optional
            Default: :meth:`book_settings`. The dashboard is left at the setting it had.
        fresh : callable, optional
            Makes a new dashboard like this one (e.g. the lesson's ``dashboard``). If given,
            a new one draws the last setting and must give the same bytes.

        Raises
        ------
        RuntimeError
            If the picture of a setting depends on the moves before it: the first setting's
            figure changes when it is drawn again after the others, or a fresh dashboard
            draws the last setting differently (typically ``draw`` changes an artist it does
            not return, which blitting then leaves as it was first drawn).
        """
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        before = self.params
        frames = []
        first: tuple[dict[str, Any], bytes] | None = None
        for setting in (self.book_settings() if settings is None else settings):
            self.set(**setting)
            data = self.png()
            if first is None:
                first = (dict(setting), data)
            digest = hashlib.sha256(data).hexdigest()
            name = f"{digest[:20]}.png"
            path = folder / name
            if not path.is_file():
                tmp = path.with_name(f"{name}.{os.getpid()}.{id(self)}.tmp")
                tmp.write_bytes(data)
                tmp.replace(path)
            frames.append({"setting": {c.name: self._params[c.name] for c in self.controls},
                           "png": name, "sha256": digest, "readout": self.readout_text})
        problem = None
        if first is not None and len(frames) > 1:
            self.set(**first[0])
            if self.png() != first[1]:
                problem = f"the figure of {first[0]} changed when it was drawn again"
        if problem is None and fresh is not None and frames:
            other = fresh()
            other.set(**frames[-1]["setting"])
            if hashlib.sha256(other.png()).hexdigest() != frames[-1]["sha256"]:
                problem = (f"a new dashboard draws {frames[-1]['setting']} differently from "
                           "one that reached it after other settings")
        if problem is not None:
            raise RuntimeError(
                f"dashboard {self.title!r}: {problem}; its draw function changes an artist "
                "it does not return (see sanclab.dashboards)")
        self.set(**before)
        width, height = self._canvas.get_width_height()
        return {"title": self.title, "figure_description": self.figure_description,
                "width": int(width), "height": int(height), "plan": self.book.describe(),
                "grid": self.book.grid, "lines": self.book.lines,
                "controls": [c.spec() for c in self.controls], "defaults": self.defaults(),
                "frames": frames}

    # -- widget side ---------------------------------------------------------------------
    def png(self) -> bytes:
        """The current figure as PNG bytes (no timestamp or software metadata).

        If ``draw`` returned the artists it changes, the static rest of the figure is
        rendered once and kept; later renders repaint only those artists (blitting). The
        PNG has a palette of at most 256 colours (see :func:`palette_png`).
        """
        if self._animated is None:
            self._canvas.draw()
        else:
            if self._background is None:
                for artist in self._animated:
                    artist.set_animated(True)
                self._canvas.draw()
                self._background = self._canvas.copy_from_bbox(self.figure.bbox)
            else:
                self._canvas.restore_region(self._background)
            for artist in self._animated:
                self.figure.draw_artist(artist)
        width, height = self._canvas.get_width_height()
        return palette_png(self._canvas.buffer_rgba(), int(width), int(height))

    def _figure_html(self) -> str:
        encoded = base64.b64encode(self.png()).decode("ascii")
        alt = html.escape(self.figure_description, quote=True)
        return (f'<img class="sanclab-figure-img" alt="{alt}" '
                f'src="data:image/png;base64,{encoded}" style="max-width:100%;height:auto">')

    def _readout_html(self) -> str:
        lines = html.escape(self.readout_text).splitlines()
        return '<div class="sanclab-readout-text">' + "<br>".join(lines) + "</div>"

    @property
    def widget(self) -> Any:
        """The ipywidgets ``VBox`` (built on first use)."""
        if self._widget is None:
            self._widget = self._build()
        return self._widget

    def _build(self) -> Any:
        import ipywidgets as widgets

        self._sliders = {c.name: c.make_widget() for c in self.controls}
        for name, slider in self._sliders.items():
            slider.value = self._params[name]
            slider.observe(self._on_change, names="value")
        # An <img> inside an HTML widget, not an ipywidgets Image: only an <img> can carry a
        # text alternative (alt); Image has none, and its tooltip breaks the view.
        self._image = widgets.HTML(value=self._figure_html(),
                                   layout=widgets.Layout(max_width="100%"))
        self._image.add_class("sanclab-figure")
        self._readout = widgets.HTML(value=self._readout_html())
        self._readout.add_class("sanclab-readout")
        reset = widgets.Button(description="Reset", icon="undo",
                               tooltip="Return every slider to its initial value")
        reset.on_click(lambda _button: self.reset())
        # The style sheet (scoped to dashboards) lets a slider wrap below its label when the
        # row is too narrow for both, so the track keeps its width on a phone.
        header = widgets.HTML(value=f"{_LAYOUT_CSS}<strong>{html.escape(self.title)}</strong>")
        box = widgets.VBox(
            [header, *self._sliders.values(), reset, self._readout, self._image],
            layout=widgets.Layout(width="100%"),
        )
        box.add_class("sanclab-dashboard")
        return box

    def _on_change(self, change: dict[str, Any]) -> None:
        if self._syncing:
            return
        owner = change["owner"]
        name = next(n for n, s in self._sliders.items() if s is owner)
        self.set(**{name: change["new"]})

    _syncing = False

    def _sync_widgets(self) -> None:
        self._syncing = True
        try:
            for name, slider in self._sliders.items():
                if slider.value != self._params[name]:
                    slider.value = self._params[name]
        finally:
            self._syncing = False
        self._image.value = self._figure_html()
        self._readout.value = self._readout_html()

    def __repr__(self) -> str:
        return f"Dashboard({self.title!r}: {', '.join(c.name for c in self.controls)})"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        # The widget's own text repr lists every child, PNG bytes included; keep it short
        # and stable so stored notebook outputs compare exactly.
        bundle["text/plain"] = repr(self)
        return bundle
