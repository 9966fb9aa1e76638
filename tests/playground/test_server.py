"""The local host: the page and /api on 127.0.0.1 only, from the installed package (no npm, no internet)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from playground.server import PlaygroundServer, make_server

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def server() -> Iterator[PlaygroundServer]:
    srv = make_server(0)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as r:
            return r.status, r.headers["Content-Type"], r.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers["Content-Type"], err.read()


def post(url: str, body: Any, headers: dict[str, str] | None = None) -> tuple[int, Any]:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(url, data, {"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def test_it_listens_on_127_0_0_1_only(server: PlaygroundServer) -> None:
    assert server.server_address[0] == "127.0.0.1" and server.url.startswith("http://127.0.0.1:")


def test_the_page_and_its_files(server: PlaygroundServer) -> None:
    status, kind, body = get(server.url)
    assert status == 200 and kind.startswith("text/html") and b'data-testid="graph"' in body
    status, kind, body = get(server.url + "js/main.js")
    assert status == 200 and kind.startswith("text/javascript")
    assert get(server.url + "host.json")[2] == b'{"engine": "local"}'
    assert get(server.url + "js/nothing.js")[0] == 404
    assert get(server.url + "../pyproject.toml")[0] == 404
    assert get(server.url + "%2e%2e/server.py")[0] == 404


def test_the_api_answers_with_the_engine(server: PlaygroundServer) -> None:
    status, answer = post(server.url + "api", {"method": "graph.build", "params": {"preset": "toy"}})
    assert status == 200 and answer["ok"]["total"] == 3
    status, answer = post(server.url + "api", {"method": "graph.build", "params": {"code": "Value(1.0) +"}})
    assert answer["error"]["type"] == "SyntaxError" and answer["error"]["line"] == 1
    assert post(server.url + "api", b"{not json")[1]["error"]["type"] == "BadRequest"


def test_other_sites_cannot_call_it(server: PlaygroundServer) -> None:
    body = {"method": "hello"}
    assert post(server.url + "api", body, {"Origin": "https://evil.example"})[0] == 403
    assert post(server.url + "api", body, {"Origin": server.url.rstrip("/")})[0] == 200
    assert post(server.url + "api", body, {"Content-Type": "text/plain"})[0] == 415  # a form post needs no CORS preflight
    assert get(server.url, {"Host": "evil.example:80"})[0] == 403  # DNS rebinding


def test_a_taken_port_is_a_clear_error(server: PlaygroundServer) -> None:
    with pytest.raises(OSError, match=r"pass another --port, or --port 0"):
        make_server(server.server_address[1])
    with pytest.raises(ValueError, match="port must be"):
        make_server(70000)


def test_the_installed_wheel_serves_the_page_from_any_folder(tmp_path: Path) -> None:
    """A plain (non-editable) install carries the page as package data: python -m demos playground works anywhere."""
    wheels = tmp_path / "wheels"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    built = subprocess.run([*pip, "wheel", str(ROOT), "--no-deps", "-w", str(wheels)], capture_output=True, text=True, timeout=300)
    if built.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {built.stderr.strip()[-300:]}")
    site = tmp_path / "site"
    subprocess.run([*pip, "install", "--no-deps", "--target", str(site), *map(str, wheels.glob("*.whl"))], check=True, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}  # the installed copy first, ahead of this checkout
    done = subprocess.run([sys.executable, "-m", "demos", "playground", "--quick", "--no-browser", "--port", "0"],
                          cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "GET / -> 200" in done.stdout and "e = c × d: ∂e/∂e = 1.0" in done.stdout
    assert str(site) in subprocess.run([sys.executable, "-c", "import playground; print(playground.__file__)"], cwd=elsewhere, env=env,
                                       capture_output=True, text=True).stdout  # fmt: skip
    assert not (elsewhere / "out").exists() or not any((elsewhere / "out").iterdir())
