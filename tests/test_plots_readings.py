"""Tests for sanclab.plots.readings: the concept heatmap and the shared-concept network."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from matplotlib.figure import Figure
from numpy.testing import assert_allclose

from sanclab.plots.readings import (
    concept_heatmap,
    ordered_concepts,
    shared_concept_graph,
    shared_concept_network,
    shared_concepts,
)
from sanclab.plots.style import PALETTE

# Three readings, four concepts. By hand: r1 has {a, b}, r2 has {a, c}, r3 has {a, b, c}; the
# concept d occurs nowhere. Shared: r1-r2 {a} = 1, r1-r3 {a, b} = 2, r2-r3 {a, c} = 2.
SMALL = pd.DataFrame(
    {"r1": [2, 1, 0, 0], "r2": [1, 0, 4, 0], "r3": [1, 1, 1, 0]},
    index=["a", "b", "c", "d"],
)


def test_shared_concepts_counts_by_hand():
    """The pair counts are 1, 2, 2 and the diagonal holds 2, 2, 3 distinct concepts."""
    expected = pd.DataFrame(
        [[2, 1, 2], [1, 2, 2], [2, 2, 3]], index=["r1", "r2", "r3"], columns=["r1", "r2", "r3"]
    )
    pd.testing.assert_frame_equal(shared_concepts(SMALL), expected, check_names=False)


def test_shared_concept_graph_edges_and_concept_lists():
    """Edges r1-r2 (['a']), r1-r3 (['a', 'b']), r2-r3 (['a', 'c']); min_shared=2 keeps two."""
    g = shared_concept_graph(SMALL)
    assert sorted(g.edges(data="concepts")) == [
        ("r1", "r2", ["a"]),
        ("r1", "r3", ["a", "b"]),
        ("r2", "r3", ["a", "c"]),
    ]
    assert dict(g.nodes(data="n_concepts")) == {"r1": 2, "r2": 2, "r3": 3}
    assert sorted(shared_concept_graph(SMALL, min_shared=2).edges()) == [
        ("r1", "r3"),
        ("r2", "r3"),
    ]


def test_ordered_concepts_drops_zero_rows_and_sorts_by_total():
    """Totals a=4, c=5, b=2, d=0: order c, a, b; d (never used) is dropped."""
    assert list(ordered_concepts(SMALL).index) == ["c", "a", "b"]
    assert list(ordered_concepts(SMALL, max_concepts=2).index) == ["c", "a"]


def test_heatmap_shows_the_ordered_counts_and_writes_each_in_its_cell():
    """The image holds rows c, a, b of the matrix; each positive count is written as text."""
    ax = concept_heatmap(SMALL, reading_labels={"r2": "Reading 2"})
    assert_allclose(ax.images[0].get_array(), [[0, 4, 1], [2, 1, 1], [1, 0, 1]], atol=0)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["c", "a", "b"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["r1", "Reading 2", "r3"]
    cell_texts = sorted(t.get_text() for t in ax.texts)
    assert cell_texts == sorted(["4", "1", "2", "1", "1", "1", "1"])


def test_heatmap_colour_scale_runs_from_white_to_the_house_blue():
    """Zero maps to white and the largest count to PALETTE['blue']."""
    ax = concept_heatmap(SMALL)
    image = ax.images[0]
    low = image.cmap(image.norm(0.0))
    high = image.cmap(image.norm(4.0))
    assert_allclose(low[:3], (1.0, 1.0, 1.0), atol=1e-9)
    assert_allclose(high[:3], matplotlib.colors.to_rgb(PALETTE["blue"]), atol=1e-9)


def test_plots_draw_on_the_given_axes_and_leave_rcparams_alone():
    """Both functions return the Axes they were given and change no global rcParams."""
    before = dict(matplotlib.rcParams)
    fig = Figure()
    ax1, ax2 = fig.subplots(1, 2)
    assert concept_heatmap(SMALL, ax=ax1) is ax1
    assert shared_concept_network(SMALL, ax=ax2) is ax2
    assert dict(matplotlib.rcParams) == before


def test_network_labels_each_edge_with_its_count():
    """Edge labels are the shared counts 1, 2, 2; node labels carry the distinct counts."""
    ax = shared_concept_network(SMALL, reading_labels={"r3": "Reading 3"})
    texts = [t.get_text() for t in ax.texts]
    assert sorted(t for t in texts if t.isdigit()) == ["1", "2", "2"]
    assert "Reading 3\n(3 concepts)" in texts


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ([[1, 2]], "matrix must be a pandas DataFrame"),
        (pd.DataFrame(), "matrix must have at least one"),
        (pd.DataFrame({"r": [1.0, np.nan]}), "matrix must hold finite counts"),
        (pd.DataFrame({"r": [1, -1]}), r"matrix counts must be in \[0, inf\), got -1"),
        (pd.DataFrame({"r": ["x", "y"]}), "matrix must hold numeric counts"),
        (pd.DataFrame({"r": [0, 0]}), "at least one positive count"),
    ],
)
def test_bad_matrix_raises_value_error_naming_it(bad, message):
    """Each invalid matrix raises ValueError naming `matrix` and what is allowed."""
    with pytest.raises(ValueError, match=message):
        concept_heatmap(bad)


@pytest.mark.parametrize("value", [0, -3, 1.5, True, "2"])
def test_bad_max_concepts_and_min_shared_raise(value):
    """max_concepts and min_shared must be integers >= 1; the error names the parameter."""
    with pytest.raises(ValueError, match=r"max_concepts must be an integer in \[1, inf\)"):
        ordered_concepts(SMALL, max_concepts=value)
    with pytest.raises(ValueError, match=r"min_shared must be an integer in \[1, inf\)"):
        shared_concept_graph(SMALL, min_shared=value)


def test_bad_reading_labels_raise():
    """reading_labels must be a mapping."""
    with pytest.raises(ValueError, match="reading_labels must be a mapping"):
        concept_heatmap(SMALL, reading_labels=["x", "y", "z"])


@st.composite
def count_matrices(draw):
    rows = draw(st.integers(1, 8))
    cols = draw(st.integers(1, 6))
    values = draw(arrays(np.int64, (rows, cols), elements=st.integers(0, 5)))
    return pd.DataFrame(values, index=[f"c{i}" for i in range(rows)],
                        columns=[f"r{j}" for j in range(cols)])


@settings(max_examples=60, deadline=None)
@given(count_matrices(), st.integers(1, 5))
def test_shared_counts_invariants(matrix, scale):
    """Symmetric; an off-diagonal count never exceeds either reading's own count; scaling
    every count by a positive integer changes nothing; the graph's edge weights agree."""
    shared = shared_concepts(matrix)
    values = shared.to_numpy()
    assert (values == values.T).all()
    diag = np.diag(values)
    assert (values <= np.minimum.outer(diag, diag)).all()
    pd.testing.assert_frame_equal(shared_concepts(matrix * scale), shared)
    graph = shared_concept_graph(matrix)
    for a, b, w in graph.edges(data="weight"):
        assert w == shared.loc[a, b] >= 1
    assert graph.number_of_edges() == int((np.triu(values, 1) >= 1).sum())


@settings(max_examples=40, deadline=None)
@given(count_matrices())
def test_ordered_concepts_keeps_exactly_the_used_concepts(matrix):
    """Every concept with a positive total appears once, totals never increase down the
    order, and the counts are unchanged."""
    ordered = ordered_concepts(matrix)
    used = matrix.index[matrix.sum(axis=1) > 0]
    assert sorted(ordered.index) == sorted(used)
    totals = ordered.sum(axis=1).to_numpy()
    assert (np.diff(totals) <= 0).all()
    assert_allclose(ordered.to_numpy(), matrix.loc[ordered.index].to_numpy(), atol=0)
