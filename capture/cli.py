"""``python -m capture --report FILE --report-id ID [--lines A-B] [--out DIR] [--reuse-from DIR] [--quiet]``

Finds the tables and stated figures in the report's lines, drafts seeds in the capture guide's format,
reuses what ``--reuse-from`` (default: the project's seeds/) knows, writes what is complete enough for the
gate into ``--out`` (default: the project's seeds/), writes and prints the review file, and regenerates the
staging models when ``--out`` is a project's seeds folder. Exit status 0 when something was written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from capture import completeness, drafting, finder, headlines, project_staging, registry, reuse, review, writer
from capture.cells import Cells
from capture.knowledge import Knowledge
from capture.model import CaptureResult, DraftTable
from capture.report_text import ReportText
from scorecard import catalog, env, paths


def _section(text: ReportText, report_id: str, known_registry: dict[str, dict[str, str]]) -> str:
    """The agenda item and report subject the tables stand under (``section``)."""
    item = text.agenda_item()
    subject = text.cover().get("subject", "").rstrip(" –-") or (known_registry.get(report_id) or {}).get("title", "")
    parts = [f"Agenda item {item}" if item else "", subject]
    return ", ".join(p for p in parts if p) or text.path.stem


def draft_tables(text: ReportText, report_id: str, section: str, knowledge: Knowledge, judge: Cells):
    """(drafts, blocks not captured): every table found, named and declared, reusing what is known."""
    found = finder.find(text, judge)
    ctx = drafting.ReportContext(report_id, section, judge)
    taken: set[str] = set()
    drafts: list[DraftTable] = []
    for table in found.tables:
        probe = drafting.draft(table, table.segments, ctx, set(taken))
        title, _ = drafting.title_of(table)
        for group in reuse.assign(table, probe, knowledge, report_id, title):
            draft = drafting.draft(table, group.segments, ctx, taken)
            if group.known is not None:
                draft = reuse.apply(draft, group, knowledge, report_id, taken, table.heading)
            completeness.sign_changes(draft, judge)
            taken.add(draft.name)
            knowledge.learn(draft, report_id)
            drafts.append(draft)
    return drafts, found.skipped


def _overlapping_seeds(result: CaptureResult, out: Path) -> None:
    """Seeds of this report written before, under other names, that cite the lines just captured."""
    written = {t.name: {r.line for r in t.rows} for t in result.written}
    for path in sorted((out / result.report_id).glob("*.csv")):
        if path.stem in written:
            continue
        lines = {int(r.get("source_line") or 0) for r in catalog.read_rows(path)}
        for name, captured in written.items():
            if lines & captured:
                result.warnings.append(f"{path.name} cites lines {sorted(lines & captured)[:3]}... that {name} "
                                       "now holds: keep one of them")


def _write_tables(result: CaptureResult, out: Path, text: ReportText) -> None:
    _overlapping_seeds(result, out)
    for table in result.written:
        result.files.append(writer.write_table(out, result.report_id, table, (text.first, text.last)))
    if result.written:
        result.files.append(str(writer.write_declarations(out, result.report_id, result.written)))


def _write_row_meanings(result: CaptureResult, out: Path, columns: list[str]) -> None:
    rows = [{**dict.fromkeys(columns, ""), **{k: v for k, v in r.meaning.items() if k in columns},
             "source_table": t.name, "source_line": str(r.line)}
            for t in result.written for r in t.rows if r.meaning]
    if not rows:
        return
    path = out / catalog.REFERENCE_DIR / "row_meanings.csv"
    added, replaced = writer.merge_rows(path, columns, rows, lambda r: (r.get("source_table"), str(r.get("source_line"))))
    result.meanings_written = len(rows)
    if added or replaced:
        result.files.append(f"{path} ({added} added, {replaced} replaced)")


def _write_registry(result: CaptureResult, out: Path, text: ReportText, knowledge: Knowledge,
                    known_registry: dict[str, dict[str, str]]) -> None:
    area = knowledge.areas.most_common(1)[0][0] if knowledge.areas else ""
    result.registry = registry.draft(text, result.report_id, known_registry, knowledge.registry_columns,
                                     result.written, area)
    if result.registry.existing or result.registry.missing or not result.written:
        return
    path = out / "reports.csv"
    writer.merge_rows(path, knowledge.registry_columns or list(registry.REQUIRED), [result.registry.row],
                      lambda r: (r.get("report_id"),))
    result.registry_written = True
    result.files.append(str(path))


def _write_headlines(result: CaptureResult, out: Path, drafted: headlines.HeadlineDraft, columns: list[str],
                     judge: Cells) -> None:
    path = out / "headline_observations.csv"
    present = {h.get("observation_key") for h in catalog.read_rows(path)} if path.is_file() else set()
    complete = []
    for row in drafted.rows:
        problems = completeness.headline_problems(row, judge)
        if problems:
            result.headlines_not_written.append((row, problems))
        elif row["observation_key"] in present:
            result.headlines_present += 1
        else:
            complete.append(row)
    if complete and (result.registry.existing or result.registry_written):
        writer.merge_rows(path, columns or list(complete[0]), complete, lambda r: (r.get("observation_key"),))
        result.headlines_written = complete
        result.files.append(str(path))


def capture(report: Path, report_id: str, lines: str | None, out: Path, reuse_from: Path | None) -> CaptureResult:
    text = ReportText.read(report, lines)
    out = Path(out)
    knowledge = Knowledge.load(reuse_from)
    known_registry = catalog.registry(out) if (out / "reports.csv").is_file() else {}
    section = _section(text, report_id, known_registry)
    judge = Cells()
    drafts, skipped = draft_tables(text, report_id, section, knowledge, judge)
    result = CaptureResult(report_id, str(report), (text.first, text.last), str(out), str(reuse_from or ""),
                           skipped=skipped)
    for table in drafts:
        problems = completeness.table_problems(table, judge)
        if problems:
            result.not_written.append((table, problems))
        else:
            result.written.append(table)

    _write_tables(result, out, text)
    _write_row_meanings(result, out, knowledge.row_meaning_columns)
    _write_registry(result, out, text, knowledge, known_registry)
    drafted = headlines.draft(text, report_id, section, knowledge.headlines, {r.line for t in drafts for r in t.rows})
    result.proposals = drafted.proposals
    _write_headlines(result, out, drafted, knowledge.headline_columns, judge)
    if result.written:
        result.staging = project_staging.regenerate(out)

    review_path = out / report_id / review.FILE_NAME
    review_path.parent.mkdir(parents=True, exist_ok=True)
    result.files.append(str(review_path))
    review_path.write_text(review.render(result), encoding="utf-8")
    return result


def main(argv: list[str] | None = None) -> int:
    env.apply()
    parser = argparse.ArgumentParser(prog="python -m capture", description=__doc__.split("\n\n")[1])
    parser.add_argument("--report", required=True, type=Path,
                        help="the report's text file (a bare name is looked up in the reports folder)")
    parser.add_argument("--report-id", required=True, help="snake_case id of the report (reports.csv report_id)")
    parser.add_argument("--lines", default=None, help="first-last line of the report in the file (default: all)")
    parser.add_argument("--out", type=Path, default=None, help="seeds folder to write into (default: the project's seeds/)")
    parser.add_argument("--reuse-from", type=Path, default=None,
                        help="seeds folder whose captures are reused (default: the project's seeds/)")
    parser.add_argument("--quiet", action="store_true", help="print the summary and the review file's path only")
    args = parser.parse_args(argv)
    report = args.report if args.report.is_file() else paths.reports_dir() / args.report
    if not report.is_file():
        parser.error(f"report file not found: {args.report} (nor in {paths.reports_dir()})")
    if not completeness.IDENTIFIER.match(args.report_id):
        parser.error(f"--report-id must be snake_case, not {args.report_id!r}")
    out = args.out or paths.seeds_dir()
    try:
        result = capture(report, args.report_id, args.lines, out, args.reuse_from or paths.seeds_dir())
    except ValueError as exc:
        parser.error(str(exc))
    text = review.render(result)
    print(text.split("## Tables")[0].rstrip() if args.quiet else text)
    print(f"review file: {Path(out) / args.report_id / review.FILE_NAME}")
    return 0 if result.written or result.headlines_written else 1


if __name__ == "__main__":
    sys.exit(main())
