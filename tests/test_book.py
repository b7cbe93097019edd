"""The course book: generated pages (fast tests) and one strict build of the whole book
(``@pytest.mark.book`` + ``slow``; built once per session by ``tests/_book_build.py``).

The pages generated from the library (readings, glossary, exercise pages) are written at
build time and git-ignored (``book/.gitignore``), so there is nothing committed that could go
stale; the build tests check what came out.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
import yaml

from sanclab import bookgen
from sanclab.bookgen import (
    exercise_page_markdown,
    generate,
    glossary_markdown,
    lesson_notebooks,
    markdown_escape,
    reading_markdown,
)
from sanclab.lessons import lesson_notebooks as registered_notebooks
from sanclab.lessons import lessons

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
NOTEBOOKS = ROOT / "notebooks"
LESSONS = [path for _, path in registered_notebooks(NOTEBOOKS)]
PARTS = [
    "Introduction",
    "The five readings",
    "Lessons",
    "Exercises",
    "For instructors",
    "Glossary",
    "Bibliography",
]
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


# --------------------------------------------------------------------------- structure


def test_toc_has_the_seven_captioned_parts_in_order():
    """_toc.yml: jb-book with parts Introduction ... Bibliography, lessons globbed from
    book/lessons."""
    toc = yaml.safe_load((BOOK / "_toc.yml").read_text(encoding="utf-8"))
    assert toc["format"] == "jb-book"
    assert [p["caption"] for p in toc["parts"]] == PARTS
    lessons = next(p for p in toc["parts"] if p["caption"] == "Lessons")
    assert lessons["chapters"] == [{"glob": "lessons/[0-9][0-9]_*"}]


def test_lessons_folder_is_a_relative_symlink_to_the_notebooks():
    """book/lessons -> ../notebooks, so lessons are referenced, never copied."""
    link = BOOK / "lessons"
    assert link.is_symlink()
    assert str(Path(link.readlink())) == "../notebooks"
    assert link.resolve() == NOTEBOOKS.resolve()


def test_generated_pages_are_not_committed():
    """Nothing under the generated paths is tracked by git (they are rebuilt every time)."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(
        ["git", "ls-files", "book/readings", "book/glossary.md", "book/exercises"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()
    assert tracked == ["book/exercises/index.md"]


# --------------------------------------------------------------------------- bookgen units


def test_markdown_escape_makes_markup_literal():
    """Emphasis, math, roles, HTML and table pipes are escaped; newlines become spaces."""
    assert markdown_escape("a*b*\n$x$ {term}`y` <i>|") == (
        r"a\*b\* \$x\$ \{term\}\`y\` \<i\>\|"
    )


def test_lesson_notebooks_are_the_registered_lessons(tmp_path):
    """Only notebooks the lesson registry names are lessons: '01_coalition_coordination' is
    lesson 1; 'scratch.ipynb', '1_x.ipynb' and a misspelt '02_small-state_alignment.ipynb'
    are not."""
    (tmp_path / "lessons").mkdir()
    for name in ("01_coalition_coordination.ipynb", "scratch.ipynb", "1_x.ipynb",
                 "02_small-state_alignment.ipynb"):
        (tmp_path / "lessons" / name).write_text("{}")
    assert lesson_notebooks(tmp_path) == {1: "lessons/01_coalition_coordination"}


def test_toc_glob_publishes_exactly_the_registered_lessons():
    """The book's lesson glob matches the registered lessons' notebooks and nothing else in
    notebooks/ (every notebook there is a registered lesson), so the book, the template test
    and the browser tests see the same lessons."""
    toc = yaml.safe_load((BOOK / "_toc.yml").read_text(encoding="utf-8"))
    part = next(p for p in toc["parts"] if p["caption"] == "Lessons")
    globbed = {p.name for p in (BOOK / part["chapters"][0]["glob"].rsplit("/", 1)[0])
               .glob(part["chapters"][0]["glob"].rsplit("/", 1)[1] + ".ipynb")}
    registered = {x.notebook_name for x in lessons()} & {p.name for p in NOTEBOOKS.iterdir()}
    assert globbed == registered
    assert {p.name for p in NOTEBOOKS.glob("*.ipynb")} == registered


def test_glossary_page_has_one_entry_per_concept():
    """Every glossary term starts an entry of the {glossary} block, once; every see-also
    and reference becomes a {term} or {cite:p} role."""
    from sanclab.glossary import load_glossary

    glossary = load_glossary()
    page = glossary_markdown(glossary)
    block = page.split("```{glossary}", 1)[1].split("\n```", 1)[0]
    heads = [line for line in block.splitlines() if line and not line.startswith((" ", ":"))]
    terms = [glossary[t].term if isinstance(t, str) else t.term for t in glossary]
    assert sorted(heads) == sorted(terms)
    concepts = [glossary[t] if isinstance(t, str) else t for t in glossary]
    assert page.count("{cite:p}`") == sum(1 for c in concepts if c.reference)
    intro = page.split("# Glossary", 1)[1].split("```{glossary}", 1)[0]
    assert "{term}" not in intro and ".yaml" not in intro and "sanclab." not in intro
    for c in concepts:
        for other in c.see_also:
            assert f"<{other}>`" in page


def test_exercise_page_lists_each_exercise_and_hides_each_solution():
    """Lesson 1's page links every exercise with {ref} and gives every worked solution as a
    {solution} with :class: dropdown; it defines no label of its own (no duplicates)."""
    from sanclab.exercises import load_bank

    bank = load_bank(1, ROOT / "exercises")
    page = exercise_page_markdown(1, "lessons/01_coalition_coordination", "Coalition", bank)
    exercises = list(bank)
    assert len(exercises) >= 5
    for ex in exercises:
        assert f"{{ref}}`{ex.label}`" in page
        if ex.solution:
            assert f"{{solution}} {ex.label}\n:class: dropdown\n" in page
    assert ":label:" not in page
    assert "{doc}`/lessons/01_coalition_coordination`" in page


def test_exercise_page_without_bank_says_so():
    """A lesson without a bank gets a page saying it has no exercises yet."""
    page = exercise_page_markdown(7, "lessons/07_x", None, None)
    assert "# Lesson 7 exercises" in page and "no exercises yet" in page


def test_reading_page_escapes_source_text_in_markdown():
    """A hostile title or byline cannot inject markup: it is escaped in the heading and
    meta line, and the rendered HTML goes into one raw block unchanged."""
    reading = SimpleNamespace(
        id="x", lesson=9, slug="x", lesson_title="A *bold* $claim$", title="t",
        published=None, byline="<script>alert(1)</script>", source_path=Path("seeds/x.txt"),
    )
    page = reading_markdown(reading, html="<article>ok</article>", concept_counts={},
                            related=[], errata_rows=[], lesson_doc=None)
    assert r"# Reading 9: A \*bold\* \$claim\$" in page
    assert r"\<script\>alert(1)\</script\>" in page
    assert "```{raw} html\n<article>ok</article>\n```" in page


def _mini_book(tmp_path: Path) -> Path:
    book = tmp_path / "book"
    book.mkdir()
    (book / "_toc.yml").write_text("format: jb-book\nroot: intro\n")
    return book


def test_generate_writes_pages_then_leaves_them_alone(tmp_path):
    """First run writes the readings index, 5 reading pages, 2 figures and the glossary;
    a second run writes nothing (unchanged files keep their mtime, so Sphinx sees them as
    unchanged); a stale generated page is removed."""
    book = _mini_book(tmp_path)
    first = generate(book, exercises_dir=ROOT / "exercises")
    names = sorted(p.relative_to(book).as_posix() for p in first.written)
    assert names == sorted(
        ["glossary.md", "readings/index.md", "readings/figures/concept-heatmap.png",
         "readings/figures/shared-concepts.png"]
        + [f"readings/reading-{n}-{s}.md" for n, s in enumerate(
            ["coalition-coordination", "small-state-alignment", "snapback",
             "elite-bargaining", "trade-leverage"], start=1)]
    )
    stale = book / "readings" / "reading-9-gone.md"
    stale.write_text("old")
    second = generate(book, exercises_dir=ROOT / "exercises")
    assert second.written == []
    assert sorted(second.unchanged) == sorted(first.written)
    assert second.removed == [stale] and not stale.exists()


def test_generate_skips_unchanged_inputs_and_repairs_hand_edits(tmp_path, monkeypatch):
    """With its inputs as last time and its files intact, generate() writes nothing and does
    not even recompute the pages; a generated page edited by hand is written again."""
    book = _mini_book(tmp_path)
    first = generate(book, exercises_dir=ROOT / "exercises")
    assert (book / bookgen.GENERATION_STAMP).is_file()
    real = bookgen._generate_pages

    def refuse(*args, **kwargs):
        raise AssertionError("pages recomputed although nothing changed")

    monkeypatch.setattr(bookgen, "_generate_pages", refuse)
    again = generate(book, exercises_dir=ROOT / "exercises")
    assert again.written == [] and sorted(again.unchanged) == sorted(first.written)
    assert again.problems == first.problems

    page = book / "glossary.md"
    original = page.read_text(encoding="utf-8")
    page.write_text("edited by hand", encoding="utf-8")
    monkeypatch.setattr(bookgen, "_generate_pages", real)
    repaired = generate(book, exercises_dir=ROOT / "exercises")
    assert repaired.written == [page] and page.read_text(encoding="utf-8") == original


def test_generate_makes_an_exercise_page_per_lesson_notebook(tmp_path):
    """With lesson 1's notebook in book/lessons, exercises/lesson-1.md is generated; the
    notebook lacking the bank's exercise cells is reported as a problem, not ignored."""
    book = _mini_book(tmp_path)
    (book / "lessons").mkdir()
    stem = lessons()[0].stem
    nbformat.write(nbformat.v4.new_notebook(), book / "lessons" / f"{stem}.ipynb")
    report = generate(book, exercises_dir=ROOT / "exercises")
    page = (book / "exercises" / "lesson-1.md").read_text(encoding="utf-8")
    assert f"{{doc}}`/lessons/{stem}`" in page
    assert report.problems and all(p.startswith(f"lessons/{stem}: ") for p in report.problems)


def test_generated_reading_page_has_highlights_and_errata_from_the_library(tmp_path):
    """Reading 3's page embeds render_html output (concept spans with tooltips) and lists
    the source's run-together word 'partybackslides' among possible misspellings."""
    book = _mini_book(tmp_path)
    generate(book, exercises_dir=ROOT / "exercises")
    page = (book / "readings" / "reading-3-snapback.md").read_text(encoding="utf-8")
    assert 'class="sanclab-concept"' in page and 'class="sanclab-erratum"' in page
    assert "| partybackslides |" in page
    assert page.startswith(bookgen.GENERATED_NOTE)


# --------------------------------------------------------------------------- the built book


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    from _book_build import build_book

    return build_book(tmp_path_factory)


def _soup(path: Path):
    from bs4 import BeautifulSoup

    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).casefold()
    return "".join(ch for ch in text if ch.isalnum())


@pytest.mark.book
@pytest.mark.slow
def test_every_part_caption_is_in_the_navigation(built):
    """The sidebar of the home page shows the seven part captions."""
    captions = [c.get_text(strip=True) for c in _soup(built.html / "intro.html").select(
        "nav.bd-links p.caption, nav p.caption")]
    assert [c for c in captions if c in PARTS] == PARTS


@pytest.mark.book
@pytest.mark.slow
def test_reading_pages_have_highlights_tooltips_and_errata(built):
    """Each reading page has concept highlights whose tooltip is the glossary definition
    and which take keyboard focus; every erratum the library finds is marked."""
    from sanclab.errata import errata
    from sanclab.glossary import load_glossary
    from sanclab.readings import load_seeds

    glossary = load_glossary()
    total_marks = 0
    for reading in load_seeds():
        page = built.html / f"{bookgen.reading_docname(reading)}.html"
        soup = _soup(page)
        # (the legend at the end shows one unlabelled sample of each mark)
        spans = soup.select("article.sanclab-reading span.sanclab-concept[data-concept]")
        assert len(spans) >= 10, page.name
        for span in spans:
            assert span["tabindex"] == "0"
            assert span["title"] == glossary[span["data-concept"]].definition
        marks = soup.select("article.sanclab-reading mark.sanclab-erratum[title]")
        assert len(marks) == len(errata(reading, glossary)), page.name
        total_marks += len(marks)
    assert total_marks >= 1, "the seeds contain known misspellings; none was marked"


@pytest.mark.book
@pytest.mark.slow
def test_readings_index_has_table_and_both_figures(built):
    """The overview lists five readings and shows the heatmap and the network figure."""
    soup = _soup(built.html / "readings" / "index.html")
    rows = soup.select("table tbody tr")
    assert len(rows) == 5
    images = {Path(img["src"]).name for img in soup.select("figure img, img")}
    assert {"concept-heatmap.png", "shared-concepts.png"} <= images
    for name in ("concept-heatmap.png", "shared-concepts.png"):
        assert list(built.html.rglob(name)), name


@pytest.mark.book
@pytest.mark.slow
def test_glossary_page_defines_every_term(built):
    """Every glossary concept is a <dt> of the glossary page (so {term} resolves to it)."""
    from sanclab.glossary import load_glossary

    glossary = load_glossary()
    terms = {glossary[t].term if isinstance(t, str) else t.term for t in glossary}
    shown = {dt.get_text(" ", strip=True).rstrip("¶").strip()
             for dt in _soup(built.html / "glossary.html").select("dl.glossary dt")}
    assert {_norm(t) for t in terms} == {_norm(s) for s in shown}


def _cited_keys() -> set[str]:
    texts = [p.read_text(encoding="utf-8") for p in BOOK.rglob("*.md") if "_build" not in p.parts]
    for nb in LESSONS:
        texts += [c.source for c in nbformat.read(nb, as_version=4).cells]
    keys: set[str] = set()
    for text in texts:
        for group in re.findall(r"\{cite(?::[a-z]+)?\}`([^`]+)`", text):
            keys.update(k.strip() for k in group.split(","))
    return keys


@pytest.mark.book
@pytest.mark.slow
def test_bibliography_lists_every_cited_work(built):
    """Each key cited with {cite} in the lessons and pages has its entry (title) on the
    bibliography page, and every entry there is one of the cited works."""
    from sanclab.references import load_bibliography

    bib = load_bibliography()
    keys = _cited_keys()
    assert keys, "nothing is cited"
    soup = _soup(built.html / "bibliography.html")
    entries = [_norm(div.get_text(" ")) for div in soup.select("div.citation-list div.citation")]
    for key in sorted(keys):
        title = _norm(bib[key].title)
        assert any(title in e for e in entries), f"{key}: {bib[key].title!r} not listed"
    assert len(entries) == len(keys)


@pytest.mark.book
@pytest.mark.slow
def test_every_lesson_page_exists_with_a_download_button(built):
    """Each notebooks/NN_*.ipynb is a page of the book with a "Run it yourself" note that
    links to the JupyterLab instructions, and its download link to the .ipynb points at a
    file inside the site."""
    if not LESSONS:
        pytest.fail("no lesson notebook notebooks/NN_slug.ipynb: the book has no lessons")
    for nb in LESSONS:
        page = built.html / "lessons" / f"{nb.stem}.html"
        assert page.is_file(), page
        soup = _soup(page)
        note = soup.select_one("div.sanclab-run-it-yourself a")
        assert note is not None and note["href"] == "../how-to-use.html#run-it-yourself"
        links = [a["href"] for a in soup.select("a[href$='.ipynb']")]
        assert links, f"{page.name}: no .ipynb download link"
        for href in links:
            assert (page.parent / href).resolve().is_file(), href


@pytest.mark.book
@pytest.mark.slow
def test_exercise_pages_hide_every_solution_by_default(built):
    """For each lesson with a bank, its exercise page has one solution per worked solution,
    each a dropdown (closed until clicked), each linking to its exercise in the lesson."""
    from sanclab.exercises import load_banks

    banks = load_banks(ROOT / "exercises")
    lessons = bookgen.lesson_notebooks(BOOK)
    checked = 0
    for number, bank in banks.items():
        if number not in lessons:
            continue
        soup = _soup(built.html / "exercises" / f"lesson-{number}.html")
        solutions = soup.select("div.solution")
        assert len(solutions) == sum(1 for ex in bank if ex.solution)
        for div in solutions:
            assert "dropdown" in div["class"]
        hrefs = {a["href"].split("#")[-1] for a in soup.select("a.reference.internal")}
        assert {ex.label for ex in bank} <= hrefs
        checked += 1
    if 1 in lessons:
        assert checked >= 1


@pytest.mark.book
@pytest.mark.slow
def test_dashboards_are_static_with_their_figures_next_to_the_page(built):
    """Every lesson with a cell tagged 'dashboard' shows, in that cell, the static dashboard
    of the registry's ``Lesson.dashboard()`` (one labelled slider per control), whose stored
    figures are next to the page with the recorded SHA-256; the widget libraries and state
    are gone from the page (no other widget is left); lesson 1 has a dashboard."""
    import hashlib
    import json

    from sanclab.bookdash import frames_folder_name
    from sanclab.lessons import lesson_of_notebook

    with_dashboard = []
    for nb_path in LESSONS:
        nb = nbformat.read(nb_path, as_version=4)
        if not any("dashboard" in c.metadata.get("tags", []) for c in nb.cells):
            continue
        with_dashboard.append(nb_path.stem)
        page = built.html / "lessons" / f"{nb_path.stem}.html"
        soup = _soup(page)
        cell = soup.select_one("div.cell.tag_dashboard")
        static = cell.select(".sanclab-dashboard-static")
        assert len(static) == 1, nb_path.name
        dash = lesson_of_notebook(nb_path).dashboard()
        labels = [label.get_text() for label in static[0].select("label")]
        assert labels == [c.label for c in dash.controls], nb_path.name
        data = json.loads(static[0].select_one("script.sanclab-sd-data").string)
        assert data["settings"][0] == [dash.defaults()[c.name] for c in dash.controls]
        folder = page.parent / frames_folder_name(f"lessons/{nb_path.stem}")
        assert {p.name for p in folder.iterdir()} == set(data["png"])
        for name in sorted(set(data["png"]))[:20]:
            assert hashlib.sha256((folder / name).read_bytes()).hexdigest()[:20] == name[:-4]
        html = page.read_text(encoding="utf-8")
        assert f'type="{WIDGET_STATE}"' not in html and "embed-amd.js" not in html
    if any(nb.stem.startswith("01_") for nb in LESSONS):
        assert any(s.startswith("01_") for s in with_dashboard), "lesson 1 has no dashboard"


def _compared_outputs(nb) -> list[tuple[int, list]]:
    """Per code cell (skipping cells tagged nbval-ignore-output, as nbval does): the outputs
    nbval compares, reduced to text/plain, text/html and stream text (consecutive writes to
    one stream joined)."""
    out = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or "nbval-ignore-output" in cell.metadata.get("tags", []):
            continue
        kept = []
        for o in cell.get("outputs", []):
            if o["output_type"] == "stream":
                # consecutive writes to one stream are one output, however the kernel's
                # messages were split (nbval merges them the same way)
                if kept and kept[-1][0] == "stream" and kept[-1][1] == o["name"]:
                    kept[-1] = ("stream", o["name"], kept[-1][2] + o["text"])
                else:
                    kept.append(("stream", o["name"], o["text"]))
            elif o["output_type"] in ("execute_result", "display_data"):
                data = o.get("data", {})
                kept.append(("data", {k: data[k] for k in ("text/plain", "text/html")
                                      if k in data}))
            elif o["output_type"] == "error":
                kept.append(("error", o["ename"], o["evalue"]))
        out.append((index, kept))
    return out


def _first_difference(stored: list, built_out: list) -> str:
    import difflib

    if len(stored) != len(built_out):
        return f"{len(stored)} stored outputs, {len(built_out)} in the book"
    for k, (a, b) in enumerate(zip(stored, built_out, strict=True)):
        if a == b:
            continue
        if a[0] == b[0] == "data":
            for mime in sorted(set(a[1]) | set(b[1])):
                old, new = a[1].get(mime, ""), b[1].get(mime, "")
                if old != new:
                    lines = difflib.unified_diff(old.splitlines(), new.splitlines(),
                                                 "stored", "book", lineterm="", n=0)
                    return f"output {k}, {mime}: " + " | ".join(list(lines)[2:6])[:600]
        return f"output {k}: {str(a)[:200]} != {str(b)[:200]}"
    return "no difference"


@pytest.mark.book
@pytest.mark.slow
def test_book_outputs_equal_the_stored_outputs(built):
    """The outputs the book was built with (executed by jupyter-cache) equal the outputs
    stored in each lesson notebook that nbval checks: text/plain, text/html and streams."""
    if not LESSONS:
        pytest.fail("no lesson notebook to compare")
    for nb_path in LESSONS:
        executed = built.build / "jupyter_execute" / "lessons" / nb_path.name
        assert executed.is_file(), executed
        ours = _compared_outputs(nbformat.read(nb_path, as_version=4))
        theirs = _compared_outputs(nbformat.read(executed, as_version=4))
        assert len(ours) == len(theirs), nb_path.name
        for (i, stored), (_, built_out) in zip(ours, theirs, strict=True):
            if built_out != stored:
                pytest.fail(
                    f"{nb_path.name}, cell {i}: the book's output differs from the stored one "
                    f"({_first_difference(stored, built_out)}). If the library changed, store "
                    "fresh outputs: python scripts/execute_notebooks.py "
                    f"{nb_path.relative_to(ROOT)}",
                    pytrace=False,
                )


@pytest.mark.book
@pytest.mark.slow
def test_stock_markup_is_mended_for_accessibility(built):
    """Bibliography entries are list items (not the deprecated doc-biblioentry role); no
    hide-input toggle hides its visible text behind an aria-label; the theme's search and
    colour-mode buttons come from book/_templates (no name/visible-text mismatch)."""
    bib = _soup(built.html / "bibliography.html")
    entries = bib.select("div.citation-list > div.citation")
    assert entries and all(div.get("role") == "listitem" for div in entries)
    for page in built.html.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert 'aria-label="Toggle hidden content"' not in html, page.name
        assert 'role="doc-biblioentry"' not in html, page.name
    home = _soup(built.html / "intro.html")
    search = home.select_one("button.search-button__button")
    assert search is not None and not search.has_attr("aria-label")
    assert not home.select(".theme-switch-button i[title]")


# --------------------------------------------------------------------------- the extension


def _extension():
    import importlib.util

    spec = importlib.util.spec_from_file_location("sanclab_book_ext",
                                                  BOOK / "_ext" / "sanclab_book.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_stored_sliders_are_read_from_the_widget_state_tree():
    """The book checks the notebook's stored dashboard against the registry's: it walks the
    widget state from the dashboard's view (VBox -> children) and lists each slider's
    description and value in order, skipping other widgets."""
    state = {
        "box": {"model_name": "VBoxModel", "state": {"children": [
            "IPY_MODEL_head", "IPY_MODEL_s1", "IPY_MODEL_s2", "IPY_MODEL_missing"]}},
        "head": {"model_name": "HTMLModel", "state": {"value": "<b>t</b>"}},
        "s1": {"model_name": "FloatSliderModel", "state": {"description": "p", "value": 0.4}},
        "s2": {"model_name": "IntSliderModel", "state": {"description": "n", "value": 3}},
    }
    assert _extension()._stored_sliders(state, "box") == [("p", 0.4), ("n", 3)]


@pytest.mark.book
@pytest.mark.slow
def test_lesson_concepts_link_to_the_glossary_with_their_tooltip(built):
    """Every concept a lesson names (an {abbr} role from sanclab.concept_roles) is, in the
    book, a link to its glossary entry whose tooltip (abbr title) is the concept's tooltip;
    no glossary abbreviation is left unlinked."""
    from sanclab.concept_roles import concept_of_tooltip, concept_tooltip
    from sanclab.glossary import load_glossary

    glossary = load_glossary()
    for page in sorted((built.html / "lessons").glob("*.html")):
        soup = _soup(page)
        named = [a for a in soup.select("abbr[title]")
                 if concept_of_tooltip(a["title"], glossary) is not None]
        assert named, page.name
        for abbr in named:
            concept = concept_of_tooltip(abbr["title"], glossary)
            link = abbr.find_parent("a")
            assert link is not None, (page.name, abbr.get_text())
            assert "glossary.html#term-" in link["href"], (page.name, link["href"])
            assert abbr["title"] == concept_tooltip(concept)
