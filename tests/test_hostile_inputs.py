"""Hostile and extreme inputs (issue 16): no hang, no quadratic blow-up, no silent wrong answer.

Each test reproduces one failure found by an adversarial pass and pins the fix. Big inputs
are generated here, never committed; time budgets are shown by ``benchmarks/run.py``, never
asserted in a test.
"""

from __future__ import annotations

import importlib
import os
import pathlib
import random
import re
import subprocess
import sys
import tracemalloc
import warnings

import numpy as np
import pytest
from _synthetic import make_reading
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from sanclab.errata import MAX_SUGGESTION_SEARCHES, MAX_TWO_EDIT_SEARCHES, errata
from sanclab.exercises import make_student_release
from sanclab.models import participation
from sanclab.models.coalition import load_allies
from sanclab.models.participation import (
    ParticipationGame,
    joining_gain,
    minimal_full_participation_penalty,
    pure_equilibria,
)
from sanclab.models.threshold import threshold_cascade
from sanclab.readings import load_reading, load_readings

errata_module = importlib.import_module("sanclab.errata")  # `sanclab.errata` is also a function

# --- errata: a reading of gibberish -------------------------------------------------------


def _gibberish(count: int, seed: int = 16) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(rng.randint(5, 8)))
            for _ in range(count)]


@pytest.mark.parametrize("word", ["alyy", "eszyc"])
def test_two_edit_search_equals_pyspellchecker(word):
    """The faster two-edit look-up finds exactly spell.known(spell.edit_distance_2(word))."""
    spell = errata_module._spellchecker()
    assert errata_module._known_two_edits_away(word) == spell.known(spell.edit_distance_2(word))


def test_gibberish_reading_stays_within_the_suggestion_budget(monkeypatch):
    """A paragraph of 1,000 distinct consonant strings (each took seconds of two-edit search,
    so 20 kB of them hung `annotate --format html`): every word is reported, each distinct
    word is searched at most once, at most MAX_SUGGESTION_SEARCHES searches and at most
    MAX_TWO_EDIT_SEARCHES two-edit searches run; words past the budget get no suggestion."""
    words = _gibberish(1000)
    words = words + words[:50]  # repeats are not searched again
    calls = {"search": [], "two": 0}
    real_search = errata_module._suggest_folded

    def counting_search(folded, two_edits):
        calls["search"].append(folded)
        return real_search(folded, two_edits)

    def no_two_edit_search(folded):
        calls["two"] += 1
        return set()

    monkeypatch.setattr(errata_module, "_suggest_folded", counting_search)
    monkeypatch.setattr(errata_module, "_known_two_edits_away", no_two_edit_search)
    frame = errata(make_reading([("p", " ".join(words))]))
    assert frame.word.tolist() == words
    assert len(calls["search"]) == len(set(calls["search"])) == MAX_SUGGESTION_SEARCHES
    assert calls["two"] == MAX_TWO_EDIT_SEARCHES
    assert frame.suggestion.iloc[MAX_SUGGESTION_SEARCHES:1000].isna().all()


def test_repeated_misspelling_keeps_its_suggestion_and_case():
    """'Goverment' twice, then 'goverment': all three suggested, capital kept, one search."""
    frame = errata(make_reading([("p", "Goverment acts. Goverment waits. The goverment.")]))
    assert frame.suggestion.tolist() == ["Government", "Government", "government"]


# --- the minimal full-participation penalty: O(N) memory ------------------------------------


def old_minimal_penalty(params) -> float:
    """participation._minimal_penalty before issue 16, verbatim but for inlining the n x n
    matrix of the others' shares that _others_coverage built."""
    off_diagonal = np.tile(params.trade_share[:, None], (1, params.n))
    np.fill_diagonal(off_diagonal, 0.0)
    everyone = np.ones((1, params.n), dtype=bool)
    coverage = params.leader_share + everyone.astype(float) @ off_diagonal
    shortfall = -participation._gains(coverage[0], participation._with_penalty(params, 0.0))
    x = params.secondary_exposure
    unreachable = (x == 0.0) & (shortfall > params.tolerance)
    if unreachable.any():
        return float(np.inf)
    exposed = x > 0.0
    with np.errstate(over="ignore"):
        needed = shortfall[exposed] / x[exposed]
    return float(max(0.0, needed.max())) if needed.size else 0.0


@st.composite
def small_games(draw, max_n=6):
    """Random participation games with 1..max_n allies (shares of leader + allies <= 1)."""
    n = draw(st.integers(1, max_n))
    raw = np.array(draw(st.lists(st.floats(0.0, 1.0), min_size=n + 2, max_size=n + 2)))
    assume(raw.sum() > 1e-3)
    shares = raw / raw.sum()
    floats = st.floats(0.0, 1.0)
    return ParticipationGame(
        shares[1:n + 1],
        draw(st.lists(st.sampled_from([0.0, 0.05, 0.5, 1.0]) | floats, min_size=n, max_size=n)),
        draw(st.lists(st.floats(0.0, 2.0), min_size=n, max_size=n)),
        draw(st.lists(st.sampled_from([0.0, 1.0]) | floats, min_size=n, max_size=n)),
        leader_share=float(shares[0]),
        diversion=draw(floats),
        benefit=draw(st.floats(0.0, 3.0)),
    )


@settings(max_examples=300, deadline=None)
@given(small_games())
def test_minimal_penalty_equals_the_old_implementation_and_the_enumeration(game):
    """Random games of up to 6 allies: the O(N) p* equals the old n x n computation (to
    1e-12 relative; inf exactly when it was inf); full participation is an equilibrium at p*
    (enumeration of all 2^N profiles) and not at p* - 2 tol / min(x), where the ally that
    binds loses at least twice the equilibrium test's tolerance tol by staying."""
    p_star = game.minimal_full_participation_penalty()
    old = old_minimal_penalty(game._params)
    assert np.isinf(p_star) == np.isinf(old)
    if np.isfinite(old):
        assert_allclose(p_star, old, rtol=1e-12, atol=1e-15)
    everyone = (True,) * game.n_allies
    if np.isfinite(p_star) and p_star < 1e300:
        assert everyone in {tuple(r) for r in game.with_penalty(p_star).pure_equilibria()}
        x = game.exposure * (1 - game.waiver)
        with np.errstate(over="ignore"):  # a minute exposure: the margin overflows to inf
            below = p_star - 2 * game._params.tolerance / x[x > 0].min() if p_star > 0 else -1
        if below >= 0:
            equilibria = game.with_penalty(below).pure_equilibria()
            assert everyone not in {tuple(r) for r in equilibria}


def test_minimal_penalty_for_a_million_allies_in_linear_memory():
    """10^6 identical allies (w = 0.5/N, leader 0.5, e = 0.5, c = 0.1, d = 0.5, B = 1): the
    old n x n matrix asked for 7.28 TiB. Now p* = (c - B (E(1) - E(1 - w))) / e with
    E(s) = s (1 - d (1 - s)), and the traced peak stays under 200 bytes per ally."""
    n = 10**6
    w = 0.5 / n
    tracemalloc.start()
    try:
        p_star = minimal_full_participation_penalty(
            np.full(n, w), np.full(n, 0.5), np.full(n, 0.1), leader_share=0.5,
            diversion=0.5, benefit=1.0)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert_allclose(p_star, (0.1 - (1.0 - (1 - w) * (1 - 0.5 * w))) / 0.5, rtol=1e-9)
    assert peak < 200 * n


# --- float extremes ---------------------------------------------------------------------------


def test_payoffs_too_large_for_floats_are_refused():
    """benefit = cost = 1e308 made the equilibrium tolerance inf, so every profile passed as
    an equilibrium; now a ValueError names benefit, penalty and max(cost)."""
    args = dict(trade_share=[0.3, 0.2], exposure=[0.5, 0.5], cost=[1e308, 1e308],
                leader_share=0.3, diversion=0.5, benefit=1e308)
    with pytest.raises(ValueError, match=r"benefit=1e\+308, penalty=0.0 and max\(cost\)=1e\+308"
                       r" are too large together"):
        pure_equilibria(**args, penalty=0.0)
    with pytest.raises(ValueError, match="too large together"):
        minimal_full_participation_penalty(**args)
    with pytest.raises(ValueError, match="too large together"):
        ParticipationGame([0.3], [0.5], [0.1], leader_share=0.3, penalty=1e308, benefit=1e308)


DOC_GAME = dict(trade_share=[0.3, 0.2], exposure=[0.5, 0.2], leader_share=0.3, diversion=1.0)


def _scaled_doc_game(scale: float) -> ParticipationGame:
    """ParticipationGame's docstring game at p = 0.2, with every payoff times `scale`."""
    return ParticipationGame(**DOC_GAME, cost=[0.33 * scale, 0.22 * scale],
                             penalty=0.2 * scale, benefit=scale)


@pytest.mark.parametrize("scale", [1e-6, 1e300])
def test_rescaled_payoffs_keep_the_equilibria(scale):
    """Only payoff ratios matter: the docstring game of ParticipationGame (p = 0.2) with
    benefit, costs and penalty all times 1e-6 or 1e300 (just inside the float range) has the
    same equilibria ([[1, 1]] only), thresholds and minimal penalty (scaled) as at scale 1."""
    game, big = _scaled_doc_game(1.0), _scaled_doc_game(scale)
    assert game.pure_equilibria().tolist() == [[True, True]]
    assert big.pure_equilibria().tolist() == game.pure_equilibria().tolist()
    assert_allclose(big.best_response_thresholds(), game.best_response_thresholds(),
                    rtol=1e-12)
    assert_allclose(big.minimal_full_participation_penalty(),
                    game.minimal_full_participation_penalty() * scale, rtol=1e-12)


def test_payoffs_far_below_the_tolerance_floor_are_all_ties():
    """Surprising but documented: the equilibrium test treats gains within PAYOFF_TOLERANCE
    (1e-9) times 1 + benefit + max(cost) as ties, an absolute floor of 1e-9. Scaled by
    1e-300, the docstring game's gains (about 1e-301) are all ties, so all four profiles
    count as equilibria instead of [[1, 1]] alone; by 1e-6 (gains about 1e-7) it is exact."""
    assert participation.PAYOFF_TOLERANCE == 1e-9
    assert len(_scaled_doc_game(1e-300).pure_equilibria()) == 4
    assert len(_scaled_doc_game(1e-6).pure_equilibria()) == 1


def test_cascade_with_weights_summing_past_the_float_range():
    """weights [1e308, 1e308] overflowed the cumulative sum (a warning, then NaN shares and a
    wrong cascade). They are now rescaled exactly: the same result as weights [1, 1], no
    warning; a total_weight below their (infinite) sum is refused."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        huge = threshold_cascade([0.0, 0.5], weights=[1e308, 1e308])
    plain = threshold_cascade([0.0, 0.5], weights=[1.0, 1.0])
    assert huge.join_round.tolist() == plain.join_round.tolist() == [0, 1]
    assert huge.share_by_round.tolist() == plain.share_by_round.tolist() == [0.5, 1.0]
    assert huge.weights.tolist() == [1e308, 1e308]
    with pytest.raises(ValueError, match=r"total_weight must be at least the sum of weights"):
        threshold_cascade([0.0, 0.5], weights=[1e308, 1e308], total_weight=1.7e308)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(0.0, 1.0), st.floats(0.5, 1.0)), min_size=2, max_size=8),
       st.integers(1020, 1023))
def test_cascade_is_unchanged_by_scaling_weights_to_overflow(actors, exponent):
    """Weights scaled by 2^1020..2^1023 (so their sum overflows) give exactly the cascade of
    the unscaled weights (in [0.5, 1], so that none underflows when rescaled back)."""
    thresholds = [t for t, _ in actors]
    weights = np.array([w for _, w in actors])
    plain = threshold_cascade(thresholds, weights=weights)
    scaled = threshold_cascade(thresholds, weights=np.ldexp(weights, exponent))
    assert scaled.join_round.tolist() == plain.join_round.tolist()
    assert scaled.share_by_round.tolist() == plain.share_by_round.tolist()


@pytest.mark.parametrize("coverage", [[], [0.1, 0.2, 0.3], [[0.1, 0.2, 0.3]]])
def test_joining_gain_with_a_coverage_of_the_wrong_shape(coverage):
    """joining_gain([]) with two allies surfaced numpy's 'operands could not be broadcast';
    now a ValueError names coverage_others, the allowed shapes and the shape given."""
    game = ParticipationGame([0.3, 0.2], [0.5, 0.5], [0.1, 0.1], leader_share=0.3)
    shape = re.escape(str(np.shape(coverage)))
    message = rf"coverage_others must be .* last axis has length 2 .* got shape {shape}"
    with pytest.raises(ValueError, match=message):
        game.joining_gains(coverage)
    with pytest.raises(ValueError, match=message):
        joining_gain(coverage, [0.3, 0.2], [0.5, 0.5], [0.1, 0.1], leader_share=0.3)
    assert game.joining_gains([[0.1], [0.2]]).shape == (2, 2)  # (m, 1) still broadcasts


# --- readings: only regular files -------------------------------------------------------------

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
SEED = pathlib.Path(__file__).resolve().parents[1] / "seeds" / "000_000371598e3e6437.txt"


@needs_fifo
@pytest.mark.timeout(120)  # guards against the old hang; not a time budget
def test_a_fifo_is_not_a_reading(tmp_path):
    """A FIFO named x.txt (no writer) hung load_reading and load_readings in open(); now it
    is refused at once, naming the file and what it is, and the folder's good file loads."""
    fifo = tmp_path / "x.txt"
    os.mkfifo(fifo)
    (tmp_path / "good.txt").write_bytes(SEED.read_bytes())
    with pytest.raises(OSError, match=r"x\.txt is a named pipe \(FIFO\), not a regular file"):
        load_reading(fifo)
    report = load_readings(tmp_path)
    assert [r.id for r in report.readings] == ["good"]
    assert [(path.name, "named pipe" in reason) for path, reason in report.errors] == [
        ("x.txt", True)]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_symbolic_links_say_what_is_wrong(tmp_path):
    """A link to a reading loads; a link loop and a broken link are OSErrors that say so
    (a loop was reported as 'no such file' by the command line)."""
    (tmp_path / "link.txt").symlink_to(SEED)
    assert load_reading(tmp_path / "link.txt").id == "link"
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    with pytest.raises(OSError, match=r"loop\.txt is a symbolic link loop"):
        load_reading(tmp_path / "loop.txt")
    (tmp_path / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    with pytest.raises(FileNotFoundError, match=r"broken\.txt is a broken symbolic link \(to "
                                                r"'.*nowhere\.txt', which does not exist\)"):
        load_reading(tmp_path / "broken.txt")


def test_a_folder_is_not_a_reading(tmp_path):
    """A folder (even one named x.txt, inside a folder of readings) is an IsADirectoryError
    naming it; load_readings records it and goes on."""
    (tmp_path / "x.txt").mkdir()
    with pytest.raises(IsADirectoryError, match=r"x\.txt is a directory, not a reading file"):
        load_reading(tmp_path / "x.txt")
    assert [path.name for path, _ in load_readings(tmp_path).errors] == ["x.txt"]


# --- command-line messages ----------------------------------------------------------------------


def sanclab(*args, cwd=None):
    """Run the command line as a user would (the timeout guards against a hang)."""
    return subprocess.run([sys.executable, "-m", "sanclab", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


def _one_error_line(result) -> str:
    assert result.returncode == 2, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sanclab: error: "), result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def test_show_a_folder_says_it_is_a_folder(tmp_path):
    """`sanclab show DIR` said 'no such file' (or, without a slash, 'names no seed'): now
    one error line says it is a directory, both ways of naming it."""
    (tmp_path / "notes").mkdir()
    assert "notes is a directory, not a reading file" in _one_error_line(
        sanclab("show", str(tmp_path / "notes")))
    assert "notes is a directory, not a reading file" in _one_error_line(
        sanclab("show", "notes", cwd=tmp_path))


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_show_a_symbolic_link_loop_says_so(tmp_path):
    """`sanclab show LOOP` said 'no such file': now 'is a symbolic link loop'."""
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    assert "loop.txt is a symbolic link loop" in _one_error_line(
        sanclab("show", str(tmp_path / "loop.txt")))


@needs_fifo
def test_annotate_folder_with_a_fifo_skips_it_on_stderr(tmp_path):
    """A folder with a good reading and a FIFO named x.txt (which hung the command): exit 0,
    the concept table on stdout, the FIFO named once, on stderr only."""
    (tmp_path / "good.txt").write_bytes(SEED.read_bytes())
    os.mkfifo(tmp_path / "x.txt")
    result = sanclab("annotate", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "good" in result.stdout and "x.txt" not in result.stdout
    assert result.stderr.count("x.txt") == 1
    assert "sanclab: skipped: " in result.stderr and "named pipe (FIFO)" in result.stderr


@pytest.mark.parametrize("fmt", ["table", "json", "html"])
def test_annotate_folder_where_no_file_can_be_read_exits_2(tmp_path, fmt):
    """Every file bad (empty, binary, not a reading): exit 2 (was 0), nothing on stdout,
    each file named once on stderr with its reason, then one error line."""
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01")
    (tmp_path / "prose.txt").write_text("just one line\n", encoding="utf-8")
    result = sanclab("annotate", str(tmp_path), "--format", fmt)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert [line.split(": ", 2)[1] for line in lines[:3]] == ["skipped"] * 3
    for name in ("binary.txt", "empty.txt", "prose.txt"):
        assert result.stderr.count(name) == 1
    assert lines[3].startswith("sanclab: error: no file in folder ")
    assert "3 .txt files skipped" in lines[3] and "Traceback" not in result.stderr


# --- load_allies: every error names the file -------------------------------------------------


@pytest.mark.parametrize(("content", "message"), [
    (b"", r"is empty: expected a CSV header \(name, role, trade_share"),
    (b"name,role\n" + b"\xff\xfe\x00" * 50, r"is not UTF-8 text: byte 0xff at byte offset 10"),
    (b"name,role\n\"unclosed\n", r": Error tokenizing data"),
    (b"name,role\nLeader,leader\n", r": allies table is missing column\(s\)"),
])
def test_load_allies_errors_name_the_file(tmp_path, content, message):
    """An empty file (was pandas' EmptyDataError), a binary one (was a bare
    UnicodeDecodeError), a broken quote and a table without the columns: each is a ValueError
    that starts with the file's name."""
    path = tmp_path / "allies.csv"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=rf"^allies file '{re.escape(str(path))}'.*{message}"):
        load_allies(path)


def test_load_allies_refuses_what_is_not_a_regular_file(tmp_path):
    """A folder is a ValueError naming it (a FIFO would block read_csv forever; it is refused
    the same way); a missing file is a FileNotFoundError naming it."""
    with pytest.raises(ValueError, match=r"allies file '.*' is not a regular file"):
        load_allies(tmp_path)
    with pytest.raises(FileNotFoundError, match=r"allies file '.*none\.csv' does not exist"):
        load_allies(tmp_path / "none.csv")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.csv")
        with pytest.raises(ValueError, match=r"pipe\.csv' is not a regular file"):
            load_allies(tmp_path / "pipe.csv")


# --- the student release never overwrites what it did not write --------------------------------

GOOD_BANKS = pathlib.Path(__file__).parent / "data" / "exercises" / "good"


def _fake_clone(root: pathlib.Path) -> dict[str, bytes]:
    """A folder that looks like another clone of the course: instructor banks with worked
    solutions, a README, a notebook. Returns its files' contents by relative path."""
    (root / "exercises").mkdir(parents=True)
    (root / "exercises" / "l1_coalition.yaml").write_text("solution: the instructor's key\n")
    (root / "notebooks").mkdir()
    (root / "notebooks" / "01_coalition.ipynb").write_text("{}")
    (root / "README.md").write_text("# sanclab (the course repository)\n")
    (root / "pyproject.toml").write_text("[project]\nname = 'sanclab'\n")
    return _snapshot(root)


def _snapshot(root: pathlib.Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_release_overwrite_leaves_another_clone_untouched(tmp_path):
    """make_student_release(OTHER_CLONE, overwrite=True) deleted its exercises/ (instructor
    banks) and replaced its README; now a ValueError says it is not an earlier release and
    names what it would have replaced, and every file is left byte for byte."""
    clone = tmp_path / "clone"
    before = _fake_clone(clone)
    with pytest.raises(ValueError, match=r"is not an earlier student release \(it has no "
                                         r"sanclab-release\.txt .*\) but holds README\.md, "
                                         r"notebooks, exercises; refusing to overwrite"):
        make_student_release(clone, notebooks=[], exercises_dir=GOOD_BANKS, overwrite=True)
    assert _snapshot(clone) == before


def test_release_command_refuses_another_clone(tmp_path):
    """`sanclab release OTHER_CLONE --overwrite`: exit 2, one error line, nothing changed."""
    clone = tmp_path / "clone"
    before = _fake_clone(clone)
    line = _one_error_line(sanclab("release", str(clone), "--overwrite"))
    assert "is not an earlier student release" in line
    assert _snapshot(clone) == before


def test_release_overwrite_replaces_an_earlier_release(tmp_path):
    """A folder written by make_student_release carries sanclab-release.txt, so a second run
    with overwrite=True replaces it (a stale notebook goes, the student's notes stay)."""
    out = make_student_release(tmp_path / "release", notebooks=[], exercises_dir=GOOD_BANKS)
    assert (out / "sanclab-release.txt").read_text().startswith("sanclab student release\n")
    (out / "notebooks").mkdir()
    (out / "notebooks" / "stale.ipynb").write_text("{}")
    (out / "my-notes.txt").write_text("mine")
    make_student_release(out, notebooks=[], exercises_dir=GOOD_BANKS, overwrite=True)
    assert not (out / "notebooks" / "stale.ipynb").exists()
    assert (out / "my-notes.txt").read_text() == "mine"
    assert (out / "exercises" / "l1_demo.yaml").is_file()


@pytest.mark.parametrize("marker", ["forged", "folder", "symlink"])
def test_release_marker_must_be_the_real_one(tmp_path, marker):
    """A marker with other content, a folder of that name, or a symbolic link to a real
    marker does not make a clone an earlier release."""
    clone = tmp_path / "clone"
    _fake_clone(clone)
    path = clone / "sanclab-release.txt"
    if marker == "forged":
        path.write_text("anything\n")
    elif marker == "folder":
        path.mkdir()
    else:
        if not hasattr(os, "symlink"):
            pytest.skip("no symbolic links here")
        real = make_student_release(tmp_path / "real", notebooks=[], exercises_dir=GOOD_BANKS)
        path.symlink_to(real / "sanclab-release.txt")
    before = _snapshot(clone)
    with pytest.raises(ValueError, match="is not an earlier student release"):
        make_student_release(clone, notebooks=[], exercises_dir=GOOD_BANKS, overwrite=True)
    assert _snapshot(clone) == before
