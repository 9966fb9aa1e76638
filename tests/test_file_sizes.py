"""Small files with one job each: every source file the project keeps (Python, the page's JS, CSS and
HTML) is at most 250 lines, so each can be read in one sitting."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 250
SOURCES = ("*.py", "*.js", "*.mjs", "*.css", "*.html")


def tracked_sources() -> list[Path]:
    """The source files git tracks (generated folders such as web/dist and node_modules are not tracked)."""
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "ls-files", *SOURCES], check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: the files to check are the ones git tracks")
    return [ROOT / line for line in out.splitlines() if line]


def test_every_source_file_is_at_most_250_lines() -> None:
    files = tracked_sources()
    assert len(files) > 100
    too_long = {str(f.relative_to(ROOT)): n for f in files if f.exists() and (n := len(f.read_text(encoding="utf-8").splitlines())) > LIMIT}
    assert not too_long, f"split these by job (at most {LIMIT} lines each): {too_long}"
