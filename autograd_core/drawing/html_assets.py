"""The stepper's style sheet (inline in the page and in a notebook's output: nothing external).

Every rule is scoped to ``.sgs`` (one stepper), so several steppers in a notebook, and the
notebook's own styles, leave each other alone. The page adds a few rules for its body.
"""

CSS = """
.sgs { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2937; outline: none; }
.sgs * { box-sizing: border-box; }
.sgs .sgs-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 6px; margin: 0 0 8px; }
.sgs button { font: inherit; font-size: 14px; padding: 3px 11px; border: 1px solid #9ca3af; border-radius: 6px;
              background: white; color: #1f2937; cursor: pointer; line-height: 1.4; }
.sgs button:disabled { opacity: .4; cursor: default; }
.sgs .sgs-counter { margin: 0 10px 0 6px; font-weight: 600; min-width: 7.5em; }
.sgs .sgs-zoom { margin-left: auto; display: flex; align-items: center; gap: 4px; }
.sgs .sgs-percent { color: #6b7280; font-size: 13px; min-width: 3.5em; text-align: right; }
.sgs .sgs-hint { color: #6b7280; font-size: 13px; margin: 0 0 8px; }
.sgs .sgs-main { display: flex; flex-wrap: wrap; gap: 12px 20px; align-items: flex-start; }
.sgs .sgs-pic { flex: 1 1 560px; min-width: 0; overflow: auto; border: 1px solid #e5e7eb; border-radius: 6px; background: white; }
.sgs .sgs-pic svg { display: block; margin: 0 auto; max-width: none; }
.sgs .sgs-pic .node { cursor: pointer; }
.sgs .sgs-side { flex: 0 1 360px; min-width: 280px; }
.sgs .sgs-stacked { flex-direction: column; align-items: stretch; }
.sgs .sgs-stacked .sgs-pic { flex: 0 0 auto; }
.sgs .sgs-stacked .sgs-side { flex: 0 0 auto; display: flex; flex-wrap: wrap; gap: 0 24px; align-items: flex-start; }
.sgs .sgs-stacked .sgs-side > div { flex: 1 1 420px; max-width: 640px; }
.sgs .sgs-title { font: 600 15px/1.4 ui-monospace, Menlo, Consolas, monospace; margin: 0 0 4px; }
.sgs .sgs-explain { margin: 0 0 12px; padding-left: 18px; font: 13.5px/1.45 ui-monospace, Menlo, Consolas, monospace; }
.sgs .sgs-paths { margin: 0 0 12px; padding: 6px 8px; background: #f9fafb; border: 1px solid #e5e7eb; border-radius: 6px;
                  font: 13px/1.45 ui-monospace, Menlo, Consolas, monospace; white-space: pre-wrap; }
.sgs .sgs-paths.sgs-empty { font-family: inherit; color: #6b7280; white-space: normal; }
.sgs table { border-collapse: collapse; font-size: 14px; margin: 0; border: none; }
.sgs table th, .sgs table td { padding: 2px 10px; border: none; border-bottom: 1px solid #e5e7eb; text-align: left; background: none; }
.sgs table tr { background: none; }
.sgs tbody tr { cursor: pointer; }
.sgs table td.num { text-align: right; font-variant-numeric: tabular-nums; }
.sgs table tr.current td { border-top: 2px solid #dc2626; border-bottom: 2px solid #dc2626; }
.sgs tr.current td:first-child { color: #dc2626; font-weight: 700; }
.sgs tr.chosen td:first-child { text-decoration: underline; }
.sgs table td.received { background: #fee2e2; }
.sgs td.pending { color: #9ca3af; font-style: italic; }
.sgs td.final { font-weight: 700; }
.sgs .sgs-group { color: #6b7280; font-size: 12px; margin-left: 6px; }
"""

PAGE_CSS = """
body { margin: 0; padding: 10px 20px; background: white; }
h1 { font: 600 17px/1.3 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 0 0 8px; color: #1f2937; }
"""
