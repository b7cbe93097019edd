"""An Agg canvas that draws text it has drawn before from the glyph images it kept.

Matplotlib 3.11's Agg renderer lays out every string with FreeType and renders it glyph by
glyph in Python: a 60-character title costs 5-10 ms, every time it is drawn. A dashboard
redraws the same strings at the same places over and over (bar labels, tick-like numbers,
titles that come back when a slider returns), and new strings are mostly made of glyphs
drawn before (a title whose number changed). :class:`TextReplayCanvas` therefore keeps, per
renderer,

* each plain-text string drawn at a given place with given font properties: the glyph
  images and pixel positions it handed to Agg's ``draw_text_image``; drawing it again hands
  the same images at the same positions to the same primitive with the current graphics
  context (colour, alpha, clipping);
* each glyph rendered by FreeType (with matplotlib 3.11's per-glyph text path): its image
  for a given font, size, transformation and sub-pixel offset. Moving a glyph by whole
  pixels moves its FreeType bitmap by as many pixels and leaves it otherwise unchanged, so
  the image is reused at any pixel position.

The pixels are therefore exactly those of a fresh rendering; ``tests/test_textcache.py``
checks this on every lesson's dashboard. Only plain text (no mathtext, no TeX) is cached,
and only what the renderer recorded in full (``draw_text_image`` with image arrays and
nothing else); an agg filter, or a matplotlib version drawing text differently, leaves the
text drawn as usual. The string key holds everything the rendering depends on besides the
renderer (its size and dpi): the string, position, angle, font properties, font features
and language, antialiasing and the hinting flag.

Examples
--------
>>> from matplotlib.figure import Figure
>>> fig = Figure(figsize=(2, 1), dpi=50)
>>> canvas = TextReplayCanvas(fig)
>>> _ = fig.text(0.1, 0.5, "0.25")
>>> canvas.draw(); first = bytes(canvas.buffer_rgba())
>>> canvas.draw(); bytes(canvas.buffer_rgba()) == first, canvas.get_renderer().text_hits
(True, 1)
"""

from __future__ import annotations

import math
from collections import OrderedDict
from typing import Any

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag

__all__ = ["TextReplayCanvas", "TextReplayRenderer"]

#: Strings kept per renderer (least recently drawn dropped first); each is a few kB.
MAX_TEXTS = 4096
#: Glyph images kept per renderer (least recently used dropped first); each is ~200 bytes.
MAX_GLYPHS = 20000
#: The matplotlib series whose per-glyph text drawing
#: (``RendererAgg._draw_text_glyphs_and_boxes``) the glyph cache reproduces; with another
#: version glyphs are rendered by matplotlib itself (the string cache still applies).
GLYPH_SERIES = "3.11."
_GLYPHS_SUPPORTED = (matplotlib.__version__.startswith(GLYPH_SERIES)
                     and hasattr(RendererAgg, "_draw_text_glyphs_and_boxes"))


class _Recorder:
    """Stands in for the Agg core while one string is drawn; records the glyph images."""

    def __init__(self, core: Any) -> None:
        self.core = core
        self.calls: list[tuple[np.ndarray, Any, Any, Any]] = []
        self.complete = True

    def draw_text_image(self, image: Any, x: Any, y: Any, angle: Any, gc: Any) -> Any:
        if isinstance(image, np.ndarray):
            self.calls.append((image.copy(), x, y, angle))
        else:  # e.g. an FT2Font whose bitmap changes afterwards: not replayable
            self.complete = False
        return self.core.draw_text_image(image, x, y, angle, gc)

    def __getattr__(self, name: str) -> Any:
        self.complete = False  # anything else drawn for this string: do not cache it
        return getattr(self.core, name)


def _font_key(prop: Any) -> tuple[Any, ...]:
    return (tuple(prop.get_family()), prop.get_style(), prop.get_variant(),
            prop.get_weight(), prop.get_stretch(), prop.get_size_in_points(),
            str(prop.get_file()), prop.get_math_fontfamily())


class TextReplayRenderer(RendererAgg):
    """:class:`~matplotlib.backends.backend_agg.RendererAgg` that replays strings it drew."""

    def __init__(self, width: float, height: float, dpi: float) -> None:
        super().__init__(width, height, dpi)
        self._texts: OrderedDict[tuple[Any, ...], list[Any]] = OrderedDict()
        self._glyphs: OrderedDict[tuple[Any, ...], tuple[Any, ...]] = OrderedDict()
        self.text_hits = 0
        self.text_misses = 0
        self.glyph_hits = 0
        self.glyph_misses = 0

    def _draw_text_glyphs_and_boxes(self, gc: Any, x: float, y: float, angle: float,
                                    glyphs: Any, boxes: Any) -> None:
        """matplotlib 3.11's per-glyph drawing, with each glyph's FreeType image kept."""
        if not _GLYPHS_SUPPORTED:
            return super()._draw_text_glyphs_and_boxes(gc, x, y, angle, glyphs, boxes)
        from matplotlib.ft2font import RenderMode

        cos = math.cos(math.radians(angle))
        sin = math.sin(math.radians(angle))
        load_flags = get_hinting_flag()
        antialiased = gc.get_antialiased()
        mode = RenderMode.NORMAL if antialiased else RenderMode.MONO
        height = self.height
        for font, size, glyph_index, slant, extend, dx, dy in glyphs:  # dy is upwards.
            matrix = (0x10000 * np.array([[cos, -sin], [sin, cos]])
                      @ [[extend, extend * slant], [0, 1]]).round().astype(int)
            # the glyph's origin in FreeType's 26.6 fixed point (y upwards)
            ox = round(0x40 * (x + dx * cos - dy * sin))
            oy = round(0x40 * (height - y + dx * sin + dy * cos))
            key = (id(font), size, self.dpi, tuple(matrix.ravel().tolist()), ox & 0x3F,
                   oy & 0x3F, glyph_index, load_flags, mode)
            found = self._glyphs.get(key)
            if found is None:
                self.glyph_misses += 1
                font.set_size(size, self.dpi)
                font._set_transform(matrix, [ox, oy])
                bitmap = font._render_glyph(glyph_index, load_flags, mode)
                buffer = bitmap.buffer
                if not antialiased:
                    buffer *= 0xff
                # keep the font alive with its image: its id stays its own
                found = (np.array(buffer, copy=True), bitmap.left - (ox >> 6),
                         bitmap.top - (oy >> 6), font)
                self._glyphs[key] = found
                if len(self._glyphs) > MAX_GLYPHS:
                    self._glyphs.popitem(last=False)
            else:
                self.glyph_hits += 1
                self._glyphs.move_to_end(key)
            image, left, top, _ = found
            # draw_text_image's y is downwards & the bitmap bottom side.
            self._renderer.draw_text_image(image, left + (ox >> 6),
                                           int(height) - (top + (oy >> 6)) + image.shape[0],
                                           0, gc)
        if boxes:
            super()._draw_text_glyphs_and_boxes(gc, x, y, angle, (), boxes)
        return None

    def draw_text(self, gc: Any, x: float, y: float, s: str, prop: Any, angle: float,
                  ismath: Any = False, mtext: Any = None) -> None:
        if ismath or self._filter_renderers:
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        features = getattr(mtext, "get_fontfeatures", lambda: None)()
        language = getattr(mtext, "get_language", lambda: None)()
        key = (s, float(x), float(y), float(angle), _font_key(prop),
               None if features is None else tuple(features), language,
               bool(gc.get_antialiased()), get_hinting_flag())
        calls = self._texts.get(key)
        if calls is not None:
            self._texts.move_to_end(key)
            self.text_hits += 1
            for image, gx, gy, gangle in calls:
                self._renderer.draw_text_image(image, gx, gy, gangle, gc)
            return None
        self.text_misses += 1
        core = self._renderer
        recorder = _Recorder(core)
        self._renderer = recorder
        try:
            super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        finally:
            self._renderer = core
        if recorder.complete:
            self._texts[key] = recorder.calls
            if len(self._texts) > MAX_TEXTS:
                self._texts.popitem(last=False)
        return None


class TextReplayCanvas(FigureCanvasAgg):
    """:class:`~matplotlib.backends.backend_agg.FigureCanvasAgg` drawing with a
    :class:`TextReplayRenderer` (a new one, with an empty cache, when the size changes)."""

    def get_renderer(self) -> TextReplayRenderer:
        w, h = self.get_width_height(physical=True)
        key = w, h, self.figure.dpi
        if getattr(self, "_lastKey", None) != key or not isinstance(
                getattr(self, "renderer", None), TextReplayRenderer):
            self.renderer = TextReplayRenderer(w, h, self.figure.dpi)
            self._lastKey = key
        return self.renderer
