"""Readings built directly in memory, for tests that need exact control over the text."""

from __future__ import annotations

import pathlib

from sanclab.readings import Paragraph, Reading, Section


def make_reading(blocks, rid="synthetic", title="Synthetic title", dek=None):
    """A Reading: title line, optional dek line, then `blocks` of ("h" | "p", text) in order."""
    raw = title + "\n" + (dek + "\n" if dek else "")
    sections, heading, paragraphs = [], None, []

    def close():
        if heading is not None or paragraphs:
            sections.append(Section(*(heading or (None, None, None)), tuple(paragraphs)))

    for kind, text in blocks:
        start = len(raw)
        raw += text + "\n"
        if kind == "h":
            close()
            heading, paragraphs = (text, start, start + len(text)), []
        else:
            paragraphs.append(Paragraph(text, start, start + len(text)))
    close()
    return Reading(id=rid, source_path=pathlib.Path(rid + ".txt"), raw=raw, title=title,
                   dek=dek, published=None, byline=None, read_minutes=None, category=None,
                   share_targets=(), sections=tuple(sections), related=(), boilerplate=())
