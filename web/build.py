"""Build the playground's static site into web/dist: the page, Pyodide, viz.js and stepgrad's wheel.

    npm --prefix web ci && python web/build.py

The runtime files come from web/node_modules (npm, pinned with integrity hashes in
package-lock.json); only the files the page loads are copied. stepgrad's wheel is built from this
tree; graphviz and tqdm (pure Python; stepgrad's other dependencies, graphviz-pure excepted by its
marker) are the versions installed here, fetched by pip. The site then needs no network: serve the
folder from any static file server (python -m http.server -d web/dist) or a course's web host.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

WEB = Path(__file__).resolve().parent
ROOT = WEB.parent
STATIC = ROOT / "playground" / "static"
PYODIDE_FILES = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"]
VIZ_FILES = ["viz.js"]
PURE_DEPENDENCIES = ["graphviz", "tqdm"]  # what stepgrad imports in the browser besides the standard library


def package(name: str) -> Path:
    folder = WEB / "node_modules" / name
    if not folder.is_dir():
        sys.exit(f"{folder} is missing: run `npm --prefix web ci` first")
    return folder


def wheels(into: Path) -> list[str]:
    """stepgrad's wheel from this tree, and its pure-Python dependencies at the installed versions."""
    with tempfile.TemporaryDirectory() as tmp:
        pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
        subprocess.run([*pip, "wheel", str(ROOT), "--no-deps", "-w", tmp], check=True)
        pins = [f"{name}=={metadata.version(name)}" for name in PURE_DEPENDENCIES]
        subprocess.run([*pip, "download", *pins, "--no-deps", "--only-binary=:all:", "-d", tmp], check=True)
        built = sorted(Path(tmp).glob("*.whl"))
        if len(built) != 1 + len(PURE_DEPENDENCIES):
            sys.exit(f"expected {1 + len(PURE_DEPENDENCIES)} wheels, got {[w.name for w in built]}")
        into.mkdir(parents=True)
        for wheel in built:
            shutil.copy2(wheel, into / wheel.name)
    return [f"wheels/{w.name}" for w in built]


def build(out: Path) -> dict[str, object]:
    pyodide, viz = package("pyodide"), package("@viz-js/viz")
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(STATIC, out)
    for name in PYODIDE_FILES:
        (out / "pyodide").mkdir(exist_ok=True)
        shutil.copy2(pyodide / name, out / "pyodide" / name)
    for name in VIZ_FILES:
        (out / "viz").mkdir(exist_ok=True)
        shutil.copy2(viz / "dist" / name, out / "viz" / name)
    versions = {p: json.loads((package(p) / "package.json").read_text())["version"] for p in ("pyodide", "@viz-js/viz")}
    host = {"engine": "pyodide", "wheels": wheels(out / "wheels"), "versions": versions}
    (out / "host.json").write_text(json.dumps(host, indent=1) + "\n", encoding="utf-8")
    (out / "THIRD-PARTY.txt").write_text(
        f"Pyodide {versions['pyodide']} (MPL-2.0): https://github.com/pyodide/pyodide -- pyodide/\n"
        f"Viz.js {versions['@viz-js/viz']} (MIT; Graphviz under EPL-1.0): https://github.com/mdaines/viz-js -- viz/viz.js\n"
        "graphviz, tqdm (MIT / MPL-2.0 and MIT): their wheels in wheels/, from PyPI\n",
        encoding="utf-8",
    )
    files = [p for p in out.rglob("*") if p.is_file()]
    return {"files": len(files), "bytes": sum(p.stat().st_size for p in files), "host": host}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=WEB / "dist", help="the site's folder (default web/dist; emptied first)")
    args = parser.parse_args(argv)
    info = build(args.out)
    print(f"built {args.out}: {info['files']} files, {int(info['bytes']) / 1e6:.1f} MB; serve it with "  # type: ignore[call-overload]
          f"`python -m http.server -d {args.out}` and open http://127.0.0.1:8000/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
