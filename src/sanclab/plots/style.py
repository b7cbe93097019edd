"""One look for every sanclab figure, applied per Axes (never through global rcParams).

The palette is Okabe and Ito's colour-blind-safe set; lines also differ by marker or dash so
a figure reads in greyscale.

Examples
--------
>>> from sanclab.plots.style import PALETTE, color
>>> color(0) == PALETTE["blue"]
True
>>> len(PALETTE)
8
"""

from __future__ import annotations

from typing import Any

#: Okabe & Ito (2008) colour-blind-safe palette.
PALETTE: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}

_CYCLE = ("blue", "orange", "green", "vermillion", "sky", "purple", "black", "yellow")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
LINESTYLES = ("-", "--", "-.", ":")

#: Colour of a neutral element (grid, not-joined bars).
GREY = "#BBBBBB"


def color(i: int) -> str:
    """Return the ``i``-th colour of the cycle (wrapping around).

    Examples
    --------
    >>> color(1)
    '#E69F00'
    >>> color(9) == color(1)
    True
    """
    return PALETTE[_CYCLE[i % len(_CYCLE)]]


def apply_style(ax: Any, *, title: str | None = None, xlabel: str | None = None,
                ylabel: str | None = None, grid: bool = True) -> Any:
    """Give ``ax`` the house look and optional labels; return ``ax``.

    Only this Axes is changed: no global state is touched.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().subplots()
    >>> apply_style(ax, title="T", xlabel="x (share)", ylabel="y").get_title(loc="left")
    'T'
    """
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if grid:
        ax.grid(True, color=GREY, linewidth=0.6, alpha=0.6)
        ax.set_axisbelow(True)
    if title is not None:
        ax.set_title(title, fontsize=11, loc="left")
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    return ax
