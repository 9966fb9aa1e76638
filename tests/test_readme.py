"""The README's REPL sessions run as doctests, so what it shows is what stepgrad does."""

from __future__ import annotations

import doctest
import os
import re
from pathlib import Path

import pytest

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
SESSIONS = [block for block in re.findall(r"```python\n(.*?)```", README, flags=re.S) if ">>>" in block]


def test_the_readme_has_repl_sessions() -> None:
    assert len(SESSIONS) >= 3


@pytest.mark.parametrize("index", range(len(SESSIONS)))
def test_readme_session_runs_as_shown(index: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # sessions that save files write them here
    monkeypatch.setenv("COLUMNS", "100")
    test = doctest.DocTestParser().get_doctest(SESSIONS[index], {}, f"README session {index}", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    result = runner.run(test, out=lambda text: print(text, end=""))
    assert result.failed == 0 and result.attempted > 0
    assert os.getcwd() == str(tmp_path)
