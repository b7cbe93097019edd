"""The dashboards' text-replaying canvas draws exactly the pixels of matplotlib's own."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from sanclab._textcache import TextReplayCanvas
from sanclab.lessons import lessons


def _settings(dashboard, count: int, seed: int = 0) -> list[dict[str, float]]:
    """``count`` random slider positions (each control on its own grid of steps)."""
    rng = np.random.default_rng(seed)
    found = []
    for _ in range(count):
        values = {}
        for c in dashboard.controls:
            steps = int(round((c.max - c.min) / c.step))
            values[c.name] = round(c.min + int(rng.integers(0, steps + 1)) * c.step, 10)
        found.append(values)
    return found


@pytest.mark.parametrize("lesson", lessons(), ids=lambda lesson: lesson.key)
def test_every_dashboard_frame_is_pixel_identical(lesson):
    """Each setting, visited twice (the second time from the cache), gives the PNG a plain
    Agg canvas gives; the cache is used (strings or glyphs drawn again from it)."""
    cached, plain = lesson.dashboard(), lesson.dashboard()
    plain._canvas = FigureCanvasAgg(plain.figure)
    assert isinstance(cached._canvas, TextReplayCanvas)
    settings = _settings(cached, 6)
    for values in settings + settings:
        cached.set(**values)
        plain.set(**values)
        assert cached.png() == plain.png(), f"{lesson.key} at {values}"
    renderer = cached._canvas.get_renderer()
    assert renderer.text_hits + renderer.glyph_hits > 0


def test_rotated_text_and_colours_match_a_plain_canvas():
    """Rotated text, colours and alpha changes between draws: same pixels as plain Agg."""
    def draw(canvas_class, colours):
        fig = Figure(figsize=(3, 2), dpi=72)
        canvas = canvas_class(fig)
        text = fig.text(0.3, 0.4, "Penalty 0.25 > cost", rotation=30)
        frames = []
        for colour, alpha in colours:
            text.set_color(colour)
            text.set_alpha(alpha)
            canvas.draw()
            frames.append(bytes(canvas.buffer_rgba()))
        return frames

    colours = [("black", 1.0), ("tab:red", 0.5), ("black", 1.0)]
    assert draw(TextReplayCanvas, colours) == draw(FigureCanvasAgg, colours)
