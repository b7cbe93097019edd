"""The ``sanclab`` command line, run as a user would: in a subprocess."""

import json
import os
import subprocess
import sys

import pytest

REPO = __import__("pathlib").Path(__file__).resolve().parents[1]


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "sanclab", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


def test_readings_lists_the_five_in_lesson_order():
    """`sanclab readings` prints one row per seed, lessons 1 to 5."""
    result = run("readings")
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines()[1:] if line.strip()]
    assert [int(row.split()[0]) for row in rows] == [1, 2, 3, 4, 5]
    assert "coalition-coordination" in rows[0]


def test_show_by_lesson_number_prints_title_and_headings():
    """`sanclab show 1` prints the title and the headings of seed 000."""
    result = run("show", "1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("How unilateral sanctions affect allied relations")
    assert "## Practical strategies help manage friction" in result.stdout
    assert "ADVERTISEMENT" not in result.stdout


def test_annotate_json_offsets_point_into_the_file(repo_root):
    """`sanclab annotate PATH --format json`: every match's offsets slice the raw file."""
    path = repo_root / "seeds" / "000_000371598e3e6437.txt"
    result = run("annotate", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    matches = json.loads(result.stdout)
    raw = path.read_text(encoding="utf-8")
    assert matches
    assert all(raw[m["start"]:m["end"]] == m["matched"] for m in matches)
    assert "secondary sanctions" in {m["concept"] for m in matches}


def test_annotate_folder_reports_bad_files_and_keeps_going(tmp_path, repo_root):
    """A folder with a good and a bad file: a concept table; the bad file's reason on stderr."""
    good = (repo_root / "seeds" / "000_000371598e3e6437.txt").read_bytes()
    (tmp_path / "good.txt").write_bytes(good)
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run("annotate", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "good" in result.stdout and "empty.txt" not in result.stdout
    assert result.stderr.count("empty.txt") == 1  # named once, with its reason
    assert "sanclab: skipped: " in result.stderr and "empty file" in result.stderr


def test_annotate_html_output_file_is_escaped(tmp_path):
    """`--format html --output FILE` writes the rendered reading; reading text is escaped."""
    article = tmp_path / "evil.txt"
    body = ("Sanctions and <script>alert(1)</script> secondary sanctions shape coalitions. " * 6)
    article.write_text("An evil title <img src=x onerror=alert(1)>\nJuly 16, 2025\n"
                       + body + "\n", encoding="utf-8")
    out = tmp_path / "out.html"
    result = run("annotate", str(article), "--format", "html", "--output", str(out))
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html


def test_glossary_term_shows_definition_and_reference():
    """`sanclab glossary TERM` prints the definition and a formatted reference."""
    result = run("glossary", "secondary sanctions")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("secondary sanctions")
    assert "definition:" in result.stdout and "reference:" in result.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("show", "no/such/file.txt"), "no such file"),
        (("show", "99"), "names no seed"),
        (("glossary", "no-such-concept-xyz"), "no glossary entry"),
        (("glossary", ""), "no glossary entry"),
        (("annotate", "missing-folder/"), "no such file"),
    ],
)
def test_bad_input_is_one_line_on_stderr_with_status_2(args, fragment):
    """Bad input: exit status 2, a single `sanclab: error:` line, no traceback."""
    result = run(*args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("sanclab: error:") and fragment in lines[0]
    assert "Traceback" not in result.stderr


def test_malformed_reading_is_reported_not_raised(tmp_path):
    """A binary file given to `show` is a one-line error naming the file."""
    bad = tmp_path / "binary.txt"
    bad.write_bytes(b"\x00\x01\x02 not text")
    result = run("show", str(bad))
    assert result.returncode == 2
    assert "binary.txt" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_release_writes_a_folder_without_solutions(tmp_path):
    """`sanclab release OUT` writes the student release and refuses a non-empty folder."""
    out = tmp_path / "release"
    result = run("release", str(out))
    assert result.returncode == 0, result.stderr
    assert any(out.rglob("*.ipynb"))
    again = run("release", str(out))
    assert again.returncode == 2 and "Traceback" not in again.stderr


def test_closed_pipe_is_not_an_error(tmp_path):
    """`sanclab show BIG | head -1`: the reader stops early; exit 0, nothing on stderr.

    The article is larger than a pipe's buffer, so the writer really meets a closed pipe.
    """
    paragraph = "Sanctions shape coalitions and allies weigh secondary sanctions. " * 20
    article = tmp_path / "long.txt"
    article.write_text("A long article\nJuly 16, 2025\n" + "\n".join([paragraph] * 400) + "\n",
                       encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "sanclab", "show", str(article)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.readline()
    proc.stdout.close()
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 0, stderr
    assert b"error" not in stderr.lower()


@pytest.mark.slow
def test_student_release_runs_offline_from_its_own_folder(tmp_path):
    """The release carries the seeds byte for byte; from its notebooks/ folder the lesson
    finds its reading and the checker its bank, with no repository around."""
    out = tmp_path / "release"
    assert run("release", str(out)).returncode == 0
    for seed in (REPO / "seeds").glob("*.txt"):
        assert (out / "seeds" / seed.name).read_bytes() == seed.read_bytes()
    code = ("from sanclab.readings import get_seed; from sanclab.exercises import check;"
            "r = get_seed(1); print(r.source_path.parent.parent.name);"
            "print(check('l1.e1', 3).correct)")
    env = {**os.environ, "SANCLAB_SEEDS": "", "SANCLAB_EXERCISES": ""}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=out / "notebooks", env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["release", "True"]
