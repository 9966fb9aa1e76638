"""stepgrad's benchmark suite: side-by-side runs against micrograd and a hand-written floor.

Run ``python -m benchmarks`` (see ``benchmarks/__main__.py`` for the options). Each benchmark is
a module with ``run(quick, rounds) -> dict``; ``harness`` does the interleaved timing and
``report`` turns figures and targets into the Markdown table.
"""
