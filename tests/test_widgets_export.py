"""The book's export of a dashboard: book values, the settings offered, deterministic figures,
the files written, the cache and the static page (sanclab.widgets, sanclab.bookdash).

The browser side (the sliders on the built book show exactly these figures and readouts) is
tested in tests/e2e/test_book_dashboards.py.
"""

from __future__ import annotations

import hashlib
import io
import json
import textwrap
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from sanclab import bookdash
from sanclab.bookdash import (
    cached_export,
    copy_frames,
    export_dashboard,
    nearest_frame,
    page_data,
    static_dashboard_html,
)
from sanclab.lessons import lessons
from sanclab.widgets import BookPlan, Control, Dashboard, palette_png

SEED = 20240614


# --------------------------------------------------------------------------- toy dashboards


def _view(a, b):
    return {"a": a, "b": b, "sum": a + b}


class _BlitFigure:
    """Updates its artists in place and returns them (the dashboards' protocol)."""

    def __init__(self):
        self.artists = None

    def __call__(self, fig, view):
        if self.artists is None:
            ax = fig.add_subplot()
            ax.set_xlim(0, 2)
            ax.set_ylim(0, 12)
            (line,) = ax.plot([0, 1], [0, 0], color="C1")
            bars = ax.bar([0.5, 1.5], [0, 0], width=0.4)
            text = ax.text(0.1, 11, "", fontsize=9)
            self.artists = [line, *bars, text]
        line, bar_a, bar_b, text = self.artists
        line.set_data([0, 1], [view["a"], view["sum"]])
        bar_a.set_height(view["a"])
        bar_b.set_height(view["b"])
        text.set_text(f"a + b = {view['sum']:.2f}")
        return self.artists


class _CheatingFigure(_BlitFigure):
    """Also changes the axes title, which it does not return: breaks the protocol."""

    def __call__(self, fig, view):
        artists = super().__call__(fig, view)
        fig.axes[0].set_title(f"sum {view['sum']:.1f}")
        return artists


def toy(figure=None, plan=None, **initial):
    controls = [
        Control("a", "a (units)", 0.0, 1.0, 0.1, initial.get("a", 0.5), symbol="a",
                book_values=(0.0, 0.5, 1.0)),
        Control("b", "b (count)", 0, 10, 1, initial.get("b", 3), integer=True),
    ]
    return Dashboard(controls, _view, figure or _BlitFigure(),
                     lambda v: f"sum = {v['sum']:.2f}\na = {v['a']:.1f}", title="Toy",
                     figsize=(3, 2), dpi=60, book=plan)


# --------------------------------------------------------------------------- Control


def test_positions_are_every_step_from_min_to_max_without_rounding_noise():
    """0.0 .. 1.0 in steps of 0.1 gives 11 positions, 0.3 exactly (not 0.30000000000000004);
    an integer control gives ints."""
    control = Control("x", "x", 0.0, 1.0, 0.1, 0.5)
    assert control.positions() == (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
    assert Control("n", "n", 0, 4, 1, 2, integer=True).positions() == (0, 1, 2, 3, 4)
    assert Control("y", "y", 0.0, 1.0, 0.3, 0.3).positions() == (0.0, 0.3, 0.6, 0.9)


def test_derived_book_values_are_five_even_positions_plus_the_initial_value():
    """Step 0.05 on [0, 1.5] (31 positions): positions 0, 8, 15, 23, 30 -> 0, 0.4, 0.75,
    1.15, 1.5; an initial value off that grid (0.35) is added."""
    assert Control("p", "p", 0.0, 1.5, 0.05, 0.4).book_grid() == (0.0, 0.4, 0.75, 1.15, 1.5)
    assert Control("p", "p", 0.0, 1.5, 0.05, 0.35).book_grid() == (
        0.0, 0.35, 0.4, 0.75, 1.15, 1.5)
    assert Control("s", "s", 0, 2, 1, 1, integer=True).book_grid() == (0, 1, 2)


def test_declared_book_values_must_be_slider_positions_in_range():
    """A declared value outside [min, max] or between two positions is rejected, naming the
    control; a declared grid always gets the initial value."""
    with pytest.raises(ValueError, match="control 'p' must lie in"):
        Control("p", "p", 0.0, 1.0, 0.1, 0.5, book_values=(0.0, 1.2))
    with pytest.raises(ValueError, match="control 'p' must be slider positions"):
        Control("p", "p", 0.0, 1.0, 0.1, 0.5, book_values=(0.0, 0.25))
    with pytest.raises(ValueError, match="must not be empty"):
        Control("p", "p", 0.0, 1.0, 0.1, 0.5, book_values=())
    control = Control("p", "p", 0.0, 1.0, 0.1, 0.3, book_values=[1.0, 0.0])
    assert control.book_values == (1.0, 0.0)
    assert control.book_grid() == (0.0, 0.3, 1.0)


def test_spec_gives_the_readout_label_of_every_position():
    """The static slider shows the same text as the widget's readout (format '.2f', ints)."""
    spec = Control("p", "Penalty", 0.0, 0.2, 0.1, 0.1, symbol="p").spec()
    assert spec["labels"] == ["0.00", "0.10", "0.20"]
    assert spec["symbol"] == "p" and spec["value"] == 0.1
    assert Control("n", "n", 0, 2, 1, 1, integer=True).spec()["labels"] == ["0", "1", "2"]


# --------------------------------------------------------------------------- the settings


def test_book_settings_grid_plus_lines_counts_and_order():
    """a: book values {0, 0.5, 1}; b: derived {0, 3, 5, 8, 10}. Grid 3 x 5, lines 11 + 11 - 1
    positions through the initial setting (0.5, 3); the initial setting first, no repeats,
    exactly the grid and the lines."""
    dash = toy()
    b_grid = dash.controls[1].book_grid()
    assert b_grid == (0, 3, 5, 8, 10)
    found = dash.book_settings()
    assert found[0] == {"a": 0.5, "b": 3}
    keys = [(s["a"], s["b"]) for s in found]
    assert len(keys) == len(set(keys))
    grid = {(a, b) for a in (0.0, 0.5, 1.0) for b in b_grid}
    lines = {(a, 3) for a in dash.controls[0].positions()} | {
        (0.5, b) for b in dash.controls[1].positions()}
    assert set(keys) == grid | lines
    assert len(keys) == 15 + 21 - 7  # in both: (0, 3), (1, 3), (0.5, b) for 5 b


def test_book_plan_lines_only_and_grid_only():
    """Lines only: 11 + 11 - 1 = 21 settings; grid only: 3 x 5 = 15."""
    assert len(toy(plan=BookPlan(grid=False)).book_settings()) == 21
    assert len(toy(plan=BookPlan(lines=False)).book_settings()) == 15


def test_too_many_settings_are_refused_with_the_counts():
    """max_frames caps the export; the message gives the grid's sizes."""
    with pytest.raises(ValueError, match=r"3 \(a\) x 5 \(b\) = 15 settings"):
        toy(plan=BookPlan(max_frames=10)).book_settings()
    with pytest.raises(ValueError, match="would store 29 settings"):
        toy(plan=BookPlan(max_frames=20)).book_settings()


@pytest.mark.parametrize("lesson", lessons(), ids=lambda x: x.key)
def test_every_lesson_dashboard_fits_the_book_budget(lesson):
    """Each lesson's dashboard (once written) offers at most max_frames settings, the initial
    one first; every setting is made of slider positions."""
    import importlib.util

    if importlib.util.find_spec(lesson.dashboard_module) is None:
        pytest.skip(f"lesson {lesson.number} has no dashboard yet")
    dash = lesson.dashboard()
    found = dash.book_settings()
    assert 1 <= len(found) <= dash.book.max_frames
    assert found[0] == dash.defaults()
    for control in dash.controls:
        allowed = set(control.positions()) | {control.initial()}
        assert {s[control.name] for s in found} <= allowed, control.name


# --------------------------------------------------------------------------- the figures


def test_palette_png_keeps_up_to_256_colours_exactly():
    """An image with 200 distinct colours comes back pixel for pixel."""
    rng = np.random.default_rng(SEED)
    colours = rng.integers(0, 256, size=(200, 3), dtype=np.uint8)
    pixels = np.empty((20, 30, 4), dtype=np.uint8)
    pixels[..., :3] = colours[rng.integers(0, 200, size=(20, 30))]
    pixels[..., 3] = 255
    back = np.asarray(Image.open(io.BytesIO(palette_png(pixels.tobytes(), 30, 20)))
                      .convert("RGBA"))
    np.testing.assert_array_equal(back, pixels)


def test_palette_png_maps_rare_colours_to_the_nearest_frequent_one():
    """306 colours: 255 opaque colours (i, 0, 7) on two pixels each and transparent black on
    ten are the 256 most frequent and stay exact; the 50 rare colours (j, 1, 7), one pixel
    each, are drawn as their nearest frequent neighbour (j, 0, 7)."""
    pixels = np.zeros((1, 570, 4), dtype=np.uint8)
    for i in range(255):
        pixels[0, 2 * i:2 * i + 2] = (i, 0, 7, 255)
    pixels[0, 510:520] = (0, 0, 0, 0)
    for j in range(50):
        pixels[0, 520 + j] = (j + 60, 1, 7, 255)
    image = Image.open(io.BytesIO(palette_png(pixels.tobytes(), 570, 1))).convert("RGBA")
    back = np.asarray(image)
    np.testing.assert_array_equal(back[0, :520], pixels[0, :520])
    expected = pixels[0, 520:].copy()
    expected[:, 1] = 0
    np.testing.assert_array_equal(back[0, 520:], expected)


def test_png_has_no_metadata_and_is_a_palette_image():
    """The dashboard's PNG is a palette image without software or time stamps."""
    data = toy().png()
    assert b"Software" not in data and b"tIME" not in data
    assert Image.open(io.BytesIO(data)).mode == "P"


@settings(max_examples=15, deadline=None)
@given(moves=st.lists(st.tuples(st.integers(0, 10), st.integers(0, 10)), min_size=1,
                      max_size=6),
       target=st.tuples(st.integers(0, 10), st.integers(0, 10)))
def test_png_of_a_setting_does_not_depend_on_the_moves_before(moves, target):
    """Blitting restores a saved background: the PNG of a setting reached directly from the
    initial setting is byte for byte the PNG after any other moves."""
    a, b = round(target[0] / 10, 1), target[1]
    direct = toy()
    direct.set(a=a, b=b)
    wandering = toy()
    wandering.png()
    for x, y in moves:
        wandering.set(a=round(x / 10, 1), b=y)
        wandering.png()
    wandering.set(a=a, b=b)
    assert direct.png() == wandering.png()
    assert direct.readout_text == wandering.readout_text


@pytest.mark.parametrize("lesson", lessons(), ids=lambda x: x.key)
def test_every_lesson_dashboard_draws_a_setting_the_same_whatever_the_path(lesson):
    """For each lesson's dashboard: three settings from its book drawn first thing, and again
    after a walk through other settings, give identical PNG bytes and readouts."""
    import importlib.util
    import random

    if importlib.util.find_spec(lesson.dashboard_module) is None:
        pytest.skip(f"lesson {lesson.number} has no dashboard yet")
    found = lesson.dashboard().book_settings()
    pick = random.Random(SEED).sample(found, min(len(found), 6))
    for setting in pick[:3]:
        direct = lesson.dashboard()
        direct.set(**setting)
        first = (direct.png(), direct.readout_text)
        for other in pick[3:]:
            direct.set(**other)
            direct.png()
        direct.set(**setting)
        assert (direct.png(), direct.readout_text) == first, setting


def test_export_refuses_a_figure_that_changes_artists_it_does_not_return(tmp_path):
    """A draw function that retitles the axes without returning the title leaves the first
    title in every blitted figure: a fresh dashboard draws the last setting differently,
    and export raises."""
    cheat = toy(figure=_CheatingFigure())
    with pytest.raises(RuntimeError, match="changes an artist it does not return"):
        cheat.export(tmp_path, fresh=lambda: toy(figure=_CheatingFigure()))
    # the honest figure passes the same check
    toy().export(tmp_path, toy().book_settings()[:6], fresh=toy)


def test_export_writes_content_addressed_figures_and_the_manifest(tmp_path):
    """Every setting gets the PNG of Dashboard.png() for it (file name = SHA-256 prefix, same
    bytes) and its readout; the dashboard is left where it was."""
    dash = toy()
    dash.set(a=0.2)
    manifest = dash.export(tmp_path)
    assert dash.params == {"a": 0.2, "b": 3}
    assert [f["setting"] for f in manifest["frames"]] == dash.book_settings()
    reference = toy()
    for frame in manifest["frames"][::5]:
        reference.set(**frame["setting"])
        data = reference.png()
        assert (tmp_path / frame["png"]).read_bytes() == data
        assert frame["sha256"] == hashlib.sha256(data).hexdigest()
        assert frame["png"] == frame["sha256"][:20] + ".png"
        assert frame["readout"] == reference.readout_text
    assert {p.name for p in tmp_path.iterdir()} == {f["png"] for f in manifest["frames"]}
    assert manifest["controls"][0]["name"] == "a" and manifest["width"] == 180


# --------------------------------------------------------------------------- snapping


def test_nearest_frame_scales_each_range_and_prefers_the_first_on_a_tie():
    """With ranges 1 and 10, (0.5, 5) is nearer to (0.45, 6) than (0, 6) is; a tie between
    two stored settings goes to the first."""
    controls = [{"min": 0.0, "max": 1.0}, {"min": 0, "max": 10}]
    assert nearest_frame([[0.0, 6], [0.5, 5]], controls, [0.45, 6]) == 1
    assert nearest_frame([[0.4, 5], [0.6, 5]], controls, [0.5, 5]) == 0


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=2, max_size=2))
def test_nearest_frame_on_a_full_grid_snaps_each_slider(wanted):
    """On a product grid, the nearest stored setting is each value snapped to its nearest
    grid value (the distance is a sum over controls)."""
    xs, ys = [0.0, 0.3, 0.7, 1.0], [0.0, 0.5, 1.0]
    grid = [[x, y] for x in xs for y in ys]
    controls = [{"min": 0.0, "max": 1.0}] * 2
    got = grid[nearest_frame(grid, controls, wanted)]
    for value, axis, chosen in zip(wanted, (xs, ys), got, strict=True):
        assert abs(chosen - value) <= min(abs(v - value) for v in axis) + 1e-12


# --------------------------------------------------------------------------- the page


def test_static_html_labels_sliders_and_escapes_text(tmp_path):
    """The static dashboard has one labelled range input per control (initial value, step,
    range, disabled until the script runs), the initial figure and readout, and the stored
    settings as JSON that cannot close its script tag."""
    from bs4 import BeautifulSoup

    dash = toy()
    dash.title = "Toy </script><b>"
    record = {**dash.export(tmp_path), "module": "toy"}
    record["frames"][0]["readout"] = "x < y & z\nsecond"
    page = static_dashboard_html(record, "toy_dashboard/", uid="d1")
    soup = BeautifulSoup(page, "html.parser")
    inputs = soup.select("input[type=range]")
    assert [i["name"] for i in inputs] == ["a", "b"]
    for control, field in zip(dash.controls, inputs, strict=True):
        label = soup.select_one(f'label[for="{field["id"]}"]')
        assert label.get_text() == control.label
        assert (field["min"], field["max"], field["step"]) == (
            str(control.min), str(control.max), str(control.step))
        assert field.has_attr("disabled")
    assert inputs[0]["value"] == "0.5" and inputs[0]["aria-valuetext"] == "0.50"
    assert soup.select_one("strong").get_text() == "Toy </script><b>"
    assert soup.select_one("img.sanclab-figure-img")["src"] == (
        "toy_dashboard/" + record["frames"][0]["png"])
    assert soup.select_one(".sanclab-readout-text").get_text("\n") == "x < y & z\nsecond"
    script = soup.select_one("script.sanclab-sd-data")
    assert "</" not in script.string
    data = json.loads(script.string)
    assert data == page_data(record)
    assert data["readouts"][data["readout"][0]] == "x < y & z\nsecond"
    assert len(data["settings"]) == len(data["png"]) == len(record["frames"])


def test_page_data_stores_each_readout_once():
    """Frames with equal readouts share one entry of ``readouts``."""
    record = {"controls": [{"name": "a", "symbol": "a", "min": 0, "max": 1, "step": 1,
                            "value": 0, "labels": ["0", "1"], "label": "a"}],
              "frames": [{"setting": {"a": 0}, "png": "x.png", "readout": "same"},
                         {"setting": {"a": 1}, "png": "y.png", "readout": "same"}]}
    data = page_data(record)
    assert data["readouts"] == ["same"] and data["readout"] == [0, 0]
    assert data["settings"] == [[0], [1]]


def test_copy_frames_copies_missing_and_removes_stale(tmp_path):
    """Only the record's figures end up in the target folder."""
    (tmp_path / "src" / "frames").mkdir(parents=True)
    for name in ("a.png", "b.png"):
        (tmp_path / "src" / "frames" / name).write_bytes(name.encode())
    target = tmp_path / "out"
    target.mkdir()
    (target / "old.png").write_bytes(b"old")
    (target / "a.png").write_bytes(b"a.png")
    record = {"frames": [{"png": "a.png"}, {"png": "b.png"}, {"png": "a.png"}]}
    assert copy_frames(record, tmp_path / "src", target) == (1, 1)
    assert sorted(p.name for p in target.iterdir()) == ["a.png", "b.png"]


# --------------------------------------------------------------------------- the cached export

TOY_MODULE = textwrap.dedent('''
    """A dashboard module for the export test (importable by the worker processes)."""
    from sanclab.widgets import BookPlan, Control, Dashboard


    def _draw(fig, view):
        ax = fig.axes[0] if fig.axes else fig.add_subplot()
        ax.clear()
        ax.bar(["a", "b"], [view["a"], view["b"]])
        ax.set_ylim(0, 2)


    def dashboard(*, a=0.5, b=1):
        controls = [Control("a", "a", 0.0, 1.0, 0.25, a),
                    Control("b", "b", 0, 2, 1, b, integer=True)]
        return Dashboard(controls, lambda a, b: {"a": a, "b": b}, _draw,
                         lambda v: f"a={v['a']:.2f} b={v['b']}", title="Export toy",
                         figsize=(2, 1.5), dpi=50, book=BookPlan(grid=True, lines=False))
''')


@pytest.fixture
def toy_module(tmp_path, monkeypatch):
    folder = tmp_path / "mods"
    folder.mkdir()
    (folder / "sanclab_export_toy.py").write_text(TOY_MODULE, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(folder))
    return "sanclab_export_toy"


@pytest.mark.slow
def test_an_export_inside_the_repository_is_reused(toy_module):
    """As in ``make book`` (book/_build is inside the repository): the export's own files
    (the workers' job files, removed afterwards, and the frames) are not recorded as
    dependencies, so the next build reuses the export."""
    import shutil
    import tempfile

    from sanclab.lessons import REPO_ROOT

    build = REPO_ROOT / "book" / "_build"
    build.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="test-export-", dir=build))
    try:
        record = export_dashboard(toy_module, folder, jobs=2)
        assert record["reused"] is False
        inside = [k for k in record["dependencies"] if k.startswith("repo:book/_build/")]
        assert inside == []
        assert export_dashboard(toy_module, folder, jobs=2)["reused"] is True
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.slow
def test_export_dashboard_in_two_workers_then_reuses_the_cache(toy_module, tmp_path):
    """Two worker processes share the 5 x 3 grid; the record lists the 15 settings in book
    order with the figures Dashboard.png() gives in this process; the library files the
    workers used are recorded; a second call reuses the cache; a changed dependency (or
    FORMAT) invalidates it."""
    import importlib
    import sys

    folder = tmp_path / "cache"
    record = export_dashboard(toy_module, folder, jobs=2)
    assert record["reused"] is False and record["jobs"] == 2
    sys.path.insert(0, str(tmp_path / "mods"))
    try:
        dash = importlib.import_module(toy_module).dashboard()
    finally:
        sys.path.remove(str(tmp_path / "mods"))
    assert [f["setting"] for f in record["frames"]] == dash.book_settings()
    assert len(record["frames"]) == 15
    for frame in record["frames"]:
        dash.set(**frame["setting"])
        assert (folder / "frames" / frame["png"]).read_bytes() == dash.png()
        assert frame["readout"] == dash.readout_text
    assert "pkg:widgets.py" in record["dependencies"]
    assert "pkg:bookdash.py" not in record["dependencies"]
    assert {"matplotlib", "numpy", "pillow"} <= set(record["versions"])
    again = export_dashboard(toy_module, folder, jobs=2)
    assert again["reused"] is True and again["frames"] == record["frames"]
    stored = json.loads((folder / "export.json").read_text())
    stored["dependencies"]["pkg:widgets.py"] = "0" * 64
    (folder / "export.json").write_text(json.dumps(stored))
    assert cached_export(folder) is None
    stored["dependencies"] = record["dependencies"]
    stored["format"] = bookdash.FORMAT + 1
    (folder / "export.json").write_text(json.dumps(stored))
    assert cached_export(folder) is None
    stored["format"] = bookdash.FORMAT
    stored["versions"]["numpy"] = "0.0.1"
    (folder / "export.json").write_text(json.dumps(stored))
    assert cached_export(folder) is None


def test_a_missing_figure_invalidates_the_cache(tmp_path):
    """cached_export checks that every figure file is there."""
    import platform

    (tmp_path / "frames").mkdir()
    record = {"format": bookdash.FORMAT, "python": platform.python_version(),
              "dependencies": {}, "versions": {}, "frames": [{"png": "a.png"}]}
    (tmp_path / "export.json").write_text(json.dumps(record))
    assert cached_export(tmp_path) is None
    (tmp_path / "frames" / "a.png").write_bytes(b"x")
    assert cached_export(tmp_path) == record
