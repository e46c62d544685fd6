"""The review file (``<out>/<report_id>/_capture_review.md``): what was captured and what a person must do.

Sections: a summary; each table written (its lines, sub-headings, every column with the printed header it
comes from and how its name was made, rows and cells captured, remarks); drafts not written and why; blocks
not captured (cover sheets, forms, ...); headline observations written and proposed; the registry row; and,
last, exactly what is left unmapped: rows without a row meaning, columns without a period or unit, new
columns of a reused table, headline figures to complete.
"""

from __future__ import annotations

from capture.model import CaptureResult, DraftTable

FILE_NAME = "_capture_review.md"


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ") if text not in (None, "") else ""


def _period(meta: dict) -> str:
    period = meta.get("period")
    return f"{period.get('label')} ({period.get('type')})" if isinstance(period, dict) else ""


def _table(t: DraftTable) -> list[str]:
    first, last = t.line_range
    cells = sum(1 for r in t.rows for c in t.columns if r.cells.get(c.name))
    blocks = sorted({r.block for r in t.rows if r.block})
    out = [f"### `{t.name}` ({t.kind}, lines {first}-{last})", "",
           f"- name: {t.derivation}",
           f"- printed at lines {t.found.first_line}-{t.found.last_line}; title: {_cell(t.rows[0].table_title)}",
           f"- rows: {len(t.rows)}; cells captured (not blank): {cells}"]
    if blocks:
        out.append(f"- sub-headings (block): {'; '.join(_cell(b) for b in blocks)}")
    if t.found.notes:
        out.append(f"- notes printed with it: {'; '.join(_cell(n) for n in t.found.notes)}")
    for remark in t.remarks:
        out.append(f"- check: {_cell(remark)}")
    out += ["", "| column | role | printed header | how the name was made | unit | period | unmapped |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    for c in t.columns:
        out.append(f"| `{c.name}` | {c.role} | {_cell(c.printed)} | {_cell(c.derivation)} | {_cell(c.meta.get('unit'))} "
                   f"| {_cell(_period(c.meta))} | {', '.join(c.unmapped)} |")
    return out + [""]


def _unmapped(result: CaptureResult) -> list[str]:
    out = ["## Left unmapped (for a person to complete)", ""]
    rows = result.rows_without_meaning()
    out.append(f"### Rows without a row meaning ({sum(len(r) for _, r in rows)}): add them to `reference/row_meanings.csv`")
    out.append("")
    for table, missing in rows:
        for r in missing:
            label = " | ".join(r.cells[c.name] for c in table.label_columns)
            out.append(f"- `{table.name}` line {r.line}: {_cell(label) or '(blank label)'}")
    columns = result.columns_unmapped()
    out += ["", f"### Value columns without a period or unit ({len(columns)}): complete `config.meta` in the declaration", ""]
    out += [f"- `{t.name}.{c.name}` (printed: {_cell(c.printed)}): no {' and no '.join(c.unmapped)}" for t, c in columns]
    new = [(t, n) for t in result.written for n in t.new_columns]
    out += ["", f"### New columns of a reused table ({len(new)}): check the meaning drafted for them", ""]
    out += [f"- `{t.name}.{n}` (not in `{t.reused_from}`)" for t, n in new]
    out += ["", f"### Headline figures to complete ({len(result.proposals) + len(result.headlines_not_written)}): "
                "measure, area, cohort, period; then add them to `headline_observations.csv`", ""]
    if result.proposals or result.headlines_not_written:
        out += ["| line | printed value | unit (guess) | period (guess) | sentence |", "| --- | --- | --- | --- | --- |"]
        for p in result.proposals:
            period = _cell(p.period.get("label", ""))
            out.append(f"| {p.line} | {_cell(p.printed_value)} | {p.unit} | {period} | {_cell(p.sentence)} |")
        for row, problems in result.headlines_not_written:
            out.append(f"| {row.get('source_line')} | {_cell(row.get('printed_value'))} | {row.get('unit')} | "
                       f"{_cell(row.get('period_label'))} | {_cell(row.get('sentence'))} ({'; '.join(problems)}) |")
    return out + [""]


def _summary(result: CaptureResult) -> list[str]:
    figures = [t for t in result.written if t.kind == "figures"]
    cells = sum(1 for t in result.written for r in t.rows for c in t.columns if r.cells.get(c.name))
    reused = [t for t in result.written if t.reused_from]
    if result.staging:
        staging = "; ".join(result.staging)
    else:
        staging = "current" if result.staging is not None else "not regenerated (not a project's seeds folder)"
    return [
        "## Summary", "",
        f"- tables written: {len(result.written)} ({len(figures)} of figures, {len(result.written) - len(figures)} of text), "
        f"{sum(len(t.rows) for t in result.written)} rows, {cells} cells; {len(reused)} reuse a known table",
        f"- drafts not written (incomplete): {len(result.not_written)}; blocks not captured: {len(result.skipped)}",
        f"- row meanings reused and written: {result.meanings_written}; rows still without one: "
        f"{sum(len(r) for _, r in result.rows_without_meaning())}",
        f"- value columns without a period or unit: {len(result.columns_unmapped())}",
        f"- headline observations written: {len(result.headlines_written)} (already present: {result.headlines_present}); "
        f"figures to complete by hand: {len(result.proposals) + len(result.headlines_not_written)}",
        *(f"- check: {_cell(w)}" for w in result.warnings),
        f"- staging models: {staging}",
        "",
    ]


def render(result: CaptureResult) -> str:
    out = [f"# Capture review: `{result.report_id}`", "",
           f"Report `{result.report_file}`, lines {result.lines[0]}-{result.lines[1]}; written to `{result.out}`; "
           f"knowledge from `{result.reuse_from or '(none)'}`.", ""]
    out += _summary(result) + ["## Tables", ""]
    for table in result.written:
        out += _table(table)
    if result.not_written:
        out += ["## Drafts not written", ""]
        for table, problems in result.not_written:
            out += [f"- `{table.name}` (lines {table.line_range[0]}-{table.line_range[1]}): {'; '.join(problems)}"]
        out.append("")
    out += ["## Not captured (not figure tables)", "", "| lines | what | first cells |", "| --- | --- | --- |"]
    out += [f"| {s.first_line}-{s.last_line} | {s.reason} | {_cell(s.text)} |" for s in result.skipped]
    out += ["", "## Headline observations", ""]
    if result.headlines_written:
        out += ["| key | line | measure | printed value | period |", "| --- | --- | --- | --- | --- |"]
        out += [f"| `{h['observation_key']}` | {h['source_line']} | {h.get('measure')} | {_cell(h.get('printed_value'))} "
                f"| {_cell(h.get('period_label'))} |" for h in result.headlines_written]
    else:
        out.append("No new complete headline rows (rows reused from known sentences are written; the rest are listed below).")
    out += ["", "## Registry (`reports.csv`)", ""]
    if result.registry is not None:
        if result.registry.existing:
            state = "registered already"
        else:
            state = "drafted and written" if result.registry_written else "drafted, not written"
        out.append(f"- `{result.report_id}`: {state}")
        out += [f"- {_cell(n)}" for n in result.registry.notes]
        if not result.registry.existing:
            out += [f"  - {k}: {_cell(v)}" for k, v in result.registry.row.items()]
    out += [""] + _unmapped(result)
    out += ["## Files written", ""] + [f"- `{f}`" for f in result.files] + [""]
    return "\n".join(out)
