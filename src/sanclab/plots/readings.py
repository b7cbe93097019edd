"""Figures about the readings: which glossary concepts each one uses, and what they share.

Both figures start from a concept matrix: a :class:`pandas.DataFrame` with one row per
concept, one column per reading and the number of times the concept occurs in the reading
(``sanclab.annotate.concept_matrix`` returns one). Each function draws onto the Axes it is
given (or onto a new figure that is not registered with pyplot) and returns the Axes; no
global matplotlib state is touched.

Examples
--------
>>> import pandas as pd
>>> m = pd.DataFrame({"r1": [2, 1, 0], "r2": [0, 3, 1], "r3": [1, 1, 0]},
...                  index=["asset freeze", "coalition", "snapback"])
>>> shared_concepts(m)
    r1  r2  r3
r1   2   1   2
r2   1   2   1
r3   2   1   2
>>> ax = concept_heatmap(m)
>>> [t.get_text() for t in ax.get_yticklabels()]
['coalition', 'asset freeze', 'snapback']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sanclab.plots.style import GREY, PALETTE, apply_style

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    from matplotlib.axes import Axes

__all__ = [
    "concept_heatmap",
    "ordered_concepts",
    "shared_concept_graph",
    "shared_concept_network",
    "shared_concepts",
]


def _check_matrix(matrix: Any) -> pd.DataFrame:
    """Validate a concept matrix and return it with integer-valued float entries."""
    if not isinstance(matrix, pd.DataFrame):
        raise ValueError(
            f"matrix must be a pandas DataFrame (concepts x readings), got "
            f"{type(matrix).__name__}"
        )
    if matrix.shape[0] == 0 or matrix.shape[1] == 0:
        raise ValueError(
            f"matrix must have at least one concept row and one reading column, got shape "
            f"{matrix.shape}"
        )
    if not matrix.index.is_unique or not matrix.columns.is_unique:
        raise ValueError("matrix must have unique concept (row) and reading (column) labels")
    try:
        values = matrix.to_numpy(dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"matrix must hold numeric counts, got {exc}") from None
    if not np.isfinite(values).all():
        raise ValueError("matrix must hold finite counts in [0, inf), got NaN or inf")
    if (values < 0).any():
        raise ValueError(f"matrix counts must be in [0, inf), got {float(values.min())!r}")
    return pd.DataFrame(values, index=matrix.index, columns=matrix.columns)


def _check_labels(labels: Mapping[Any, str] | None, columns: pd.Index) -> list[str]:
    if labels is None:
        return [str(c) for c in columns]
    if not isinstance(labels, Mapping):
        raise ValueError(
            f"reading_labels must be a mapping from reading id to label, got "
            f"{type(labels).__name__}"
        )
    return [str(labels.get(c, c)) for c in columns]


def ordered_concepts(matrix: pd.DataFrame, max_concepts: int | None = None) -> pd.DataFrame:
    """The rows of ``matrix`` that occur at least once, most frequent first.

    Rows are sorted by total count (descending), then by the number of readings the
    concept occurs in (descending), then by name; rows that are zero everywhere are dropped.

    Parameters
    ----------
    matrix : pandas.DataFrame
        Concepts x readings counts (non-negative).
    max_concepts : int, optional
        Keep at most this many rows (>= 1); all by default.

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"a": [0, 5, 1, 0], "b": [0, 0, 1, 2]}, index=["w", "x", "y", "z"])
    >>> list(ordered_concepts(m).index)
    ['x', 'y', 'z']
    >>> list(ordered_concepts(m, max_concepts=1).index)
    ['x']
    """
    data = _check_matrix(matrix)
    if max_concepts is not None and (
        isinstance(max_concepts, bool) or not isinstance(max_concepts, (int, np.integer))
        or max_concepts < 1
    ):
        raise ValueError(
            f"max_concepts must be an integer in [1, inf) or None, got {max_concepts!r}"
        )
    order = pd.DataFrame(
        {
            "total": data.sum(axis=1),
            "readings": (data > 0).sum(axis=1),
            "name": [str(i) for i in data.index],
        },
        index=data.index,
    )
    order = order[order["total"] > 0].sort_values(
        ["total", "readings", "name"], ascending=[False, False, True], kind="mergesort"
    )
    if max_concepts is not None:
        order = order.iloc[:max_concepts]
    return data.loc[order.index]


def shared_concepts(matrix: pd.DataFrame) -> pd.DataFrame:
    """Number of concepts each pair of readings has in common.

    Entry ``(i, j)`` counts the concepts occurring at least once in both reading ``i`` and
    reading ``j``; the diagonal is the number of distinct concepts in each reading.

    Returns
    -------
    pandas.DataFrame
        Readings x readings, symmetric, integer counts.

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"r1": [1, 1, 0], "r2": [4, 0, 1]}, index=["a", "b", "c"])
    >>> shared_concepts(m).loc["r1", "r2"]
    np.int64(1)
    """
    present = (_check_matrix(matrix) > 0).astype(np.int64)
    return present.T @ present


def shared_concept_graph(matrix: pd.DataFrame, *, min_shared: int = 1) -> nx.Graph:
    """The readings as a graph: an edge joins two readings sharing ``min_shared`` concepts.

    Nodes carry ``n_concepts`` (distinct concepts in the reading); edges carry ``weight``
    (number of shared concepts) and ``concepts`` (their names, sorted).

    Parameters
    ----------
    matrix : pandas.DataFrame
        Concepts x readings counts.
    min_shared : int, default 1
        Smallest number of shared concepts that makes an edge (>= 1).

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"r1": [1, 1, 0], "r2": [4, 0, 1], "r3": [0, 0, 2]},
    ...                  index=["a", "b", "c"])
    >>> g = shared_concept_graph(m)
    >>> sorted(g.edges(data="concepts"))
    [('r1', 'r2', ['a']), ('r2', 'r3', ['c'])]
    """
    import networkx as nx

    if isinstance(min_shared, bool) or not isinstance(min_shared, (int, np.integer)) or (
        min_shared < 1
    ):
        raise ValueError(f"min_shared must be an integer in [1, inf), got {min_shared!r}")
    data = _check_matrix(matrix)
    present = data > 0
    graph = nx.Graph()
    for reading in data.columns:
        graph.add_node(reading, n_concepts=int(present[reading].sum()))
    columns = list(data.columns)
    for i, a in enumerate(columns):
        for b in columns[i + 1 :]:
            both = present[a] & present[b]
            names = sorted(str(c) for c in data.index[both.to_numpy()])
            if len(names) >= min_shared:
                graph.add_edge(a, b, weight=len(names), concepts=names)
    return graph


def _new_axes(figsize: tuple[float, float]) -> Axes:
    from matplotlib.figure import Figure

    return Figure(figsize=figsize, layout="constrained").subplots()


def concept_heatmap(
    matrix: pd.DataFrame,
    ax: Axes | None = None,
    *,
    max_concepts: int | None = 40,
    reading_labels: Mapping[Any, str] | None = None,
    title: str | None = "Glossary concepts in each reading",
) -> Axes:
    """Draw a concept x reading heatmap of counts, with each count written in its cell.

    Concepts are ordered by :func:`ordered_concepts` (most frequent first); the colour scale
    is a single hue from white to the house blue (readable in greyscale), and the number in
    each cell carries the information without colour.

    Parameters
    ----------
    matrix : pandas.DataFrame
        Concepts x readings counts, e.g. from ``sanclab.annotate.concept_matrix``.
    ax : matplotlib Axes, optional
        Where to draw; a new figure (not registered with pyplot) by default.
    max_concepts : int or None, default 40
        Show at most this many concepts (>= 1); None shows every concept that occurs.
    reading_labels : mapping, optional
        Column label for each reading id; the id by default.
    title : str or None
        Axes title.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"r1": [2, 0], "r2": [1, 3]}, index=["coalition", "snapback"])
    >>> ax = concept_heatmap(m, reading_labels={"r1": "Reading 1"})
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['Reading 1', 'r2']
    >>> ax.images[0].get_array().tolist()  # tie on total 3: both in 2 readings, then by name
    [[2.0, 1.0], [0.0, 3.0]]
    """
    from matplotlib.colors import LinearSegmentedColormap

    data = ordered_concepts(matrix, max_concepts)
    if data.empty:
        raise ValueError("matrix must contain at least one positive count, got only zeros")
    labels = _check_labels(reading_labels, data.columns)
    if ax is None:
        ax = _new_axes((2.0 + 1.1 * data.shape[1], 1.4 + 0.27 * data.shape[0]))
    cmap = LinearSegmentedColormap.from_list("sanclab_blues", ["#FFFFFF", PALETTE["blue"]])
    values = data.to_numpy()
    vmax = max(float(values.max()), 1.0)
    image = ax.imshow(values, cmap=cmap, vmin=0.0, vmax=vmax, aspect="auto",
                      interpolation="nearest")
    for (row, col), value in np.ndenumerate(values):
        if value > 0:
            dark = value / vmax > 0.55
            ax.text(col, row, f"{value:g}", ha="center", va="center", fontsize=8,
                    color="#FFFFFF" if dark else "#000000")
    ax.set_xticks(range(data.shape[1]), labels=labels, rotation=30, ha="right")
    ax.set_yticks(range(data.shape[0]), labels=[str(i) for i in data.index])
    ax.tick_params(length=0)
    apply_style(ax, title=title, grid=False)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.figure.colorbar(image, ax=ax, label="occurrences", shrink=0.6)
    return ax


def shared_concept_network(
    matrix: pd.DataFrame,
    ax: Axes | None = None,
    *,
    min_shared: int = 1,
    reading_labels: Mapping[Any, str] | None = None,
    title: str | None = "Concepts shared between readings",
) -> Axes:
    """Draw the readings on a circle, joined by lines as thick as the concepts they share.

    Each edge is labelled with the number of shared concepts and each node with the
    reading's label and its number of distinct concepts. The layout is a fixed circle in
    column order, so the figure is the same on every run.

    Parameters
    ----------
    matrix : pandas.DataFrame
        Concepts x readings counts.
    ax : matplotlib Axes, optional
        Where to draw; a new figure (not registered with pyplot) by default.
    min_shared : int, default 1
        Draw an edge only between readings sharing at least this many concepts (>= 1).
    reading_labels : mapping, optional
        Node label for each reading id; the id by default.
    title : str or None
        Axes title.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"r1": [1, 1], "r2": [1, 0], "r3": [0, 1]}, index=["a", "b"])
    >>> ax = shared_concept_network(m)
    >>> sorted(t.get_text() for t in ax.texts if t.get_text().isdigit())
    ['1', '1']
    """
    graph = shared_concept_graph(matrix, min_shared=min_shared)
    data = _check_matrix(matrix)
    labels = dict(zip(data.columns, _check_labels(reading_labels, data.columns), strict=True))
    if ax is None:
        ax = _new_axes((6.4, 5.6))
    nodes = list(data.columns)
    n = len(nodes)
    angles = np.pi / 2 - 2 * np.pi * np.arange(n) / n
    pos = {v: (float(np.cos(a)), float(np.sin(a))) for v, a in zip(nodes, angles, strict=True)}
    weights = [w for _, _, w in graph.edges(data="weight")]
    wmax = max(weights, default=1)
    for a, b, w in sorted(graph.edges(data="weight"), key=lambda e: (str(e[0]), str(e[1]))):
        (x0, y0), (x1, y1) = pos[a], pos[b]
        ax.plot([x0, x1], [y0, y1], color=PALETTE["sky"], linewidth=1.0 + 7.0 * w / wmax,
                solid_capstyle="round", zorder=1)
        ax.text((x0 + x1) / 2, (y0 + y1) / 2, str(w), ha="center", va="center", fontsize=9,
                zorder=3, bbox={"boxstyle": "round,pad=0.2", "facecolor": "#FFFFFF",
                                "edgecolor": GREY})
    sizes = [graph.nodes[node]["n_concepts"] for node in nodes]
    smax = max(max(sizes), 1)
    ax.scatter([pos[v][0] for v in nodes], [pos[v][1] for v in nodes],
               s=[300 + 900 * s / smax for s in sizes], color=PALETTE["blue"],
               edgecolor="#000000", linewidth=0.8, zorder=2)
    for node, size in zip(nodes, sizes, strict=True):
        # outside the circle, anchored on the side facing away from it (a long "N: slug"
        # label on two lines), so that no label covers its node or an edge
        x, y = pos[node]
        ax.text(1.25 * x, 1.2 * y, f"{labels[node].replace(': ', ':' + chr(10), 1)}\n"
                f"({size} concepts)", fontsize=9, zorder=4, multialignment="center",
                ha="left" if x > 0.5 else "right" if x < -0.5 else "center",
                va="bottom" if y > 0.5 else "top" if y < -0.5 else "center",
                bbox={"boxstyle": "round,pad=0.25", "facecolor": "#FFFFFF",
                      "edgecolor": "none", "alpha": 0.85})
    ax.set_xlim(-2.3, 2.3)
    ax.set_ylim(-1.55, 1.7)
    ax.set_aspect("equal")
    apply_style(ax, title=title, grid=False)
    ax.set_axis_off()
    return ax
