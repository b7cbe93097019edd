"""The README's Python example runs as written."""

import re

from conftest import REPO_ROOT


def test_readme_python_blocks_run():
    """Every ```python block of README.md executes without error, in order."""
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks, "README.md has no python example"
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)
    assert namespace["reading"].lesson == 1
