"""Turn a pure model and a plot function into an ipywidgets dashboard.

A :class:`Dashboard` owns one matplotlib ``Figure`` for its whole life: every update calls the
model, redraws onto that same figure and swaps the PNG (an ``<img>`` with a text alternative)
inside one ``ipywidgets.HTML``. The picture is therefore part of the saved widget state, so a
dashboard still shows its figure in the published book with no kernel running.

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
"""

from __future__ import annotations

import base64
import html
import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Control", "Dashboard"]


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

    Examples
    --------
    >>> Control("penalty", "Penalty", 0.0, 1.0, 0.05, 0.2).value
    0.2
    >>> Control("penalty", "Penalty", 0.0, 1.0, 0.05, 2.0)
    Traceback (most recent call last):
    ...
    ValueError: value of control 'penalty' must be in [0.0, 1.0], got 2.0
    """

    name: str
    label: str
    min: float
    max: float
    step: float
    value: float
    integer: bool = False
    readout_format: str = ".2f"

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
            layout=widgets.Layout(width="95%"),
        )
        if self.integer:
            return widgets.IntSlider(**common)
        return widgets.FloatSlider(readout_format=self.readout_format, **common)


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

    Notes
    -----
    The figure is a ``matplotlib.figure.Figure`` made without pyplot, so it never appears
    a second time as a stray inline output, and it is reused by every update.
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
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        self.figure = Figure(figsize=figsize, dpi=dpi, layout="constrained")
        self._canvas = FigureCanvasAgg(self.figure)
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
        return {c.name: (int(c.value) if c.integer else c.value) for c in self.controls}

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

    # -- widget side ---------------------------------------------------------------------
    def png(self) -> bytes:
        """The current figure as PNG bytes (no timestamp or software metadata).

        If ``draw`` returned the artists it changes, the static rest of the figure is
        rendered once and kept; later renders repaint only those artists (blitting).
        """
        from PIL import Image

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
        image = Image.frombuffer("RGBA", (width, height), self._canvas.buffer_rgba(),
                                 "raw", "RGBA", 0, 1)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", compress_level=6)
        return buffer.getvalue()

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
        header = widgets.HTML(value=f"<strong>{html.escape(self.title)}</strong>")
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
