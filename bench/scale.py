"""Synthetic multi-authority data in the seeds' shapes, for benchmarking the same models at scale.

    python -m bench.scale 1 10 153 [--years 10]

writes ``bench/scale/_work/scale/<n>/`` (git-ignored): a copy of the dbt project (``dbt_project.yml``,
``profiles.yml``, ``dbt_project/``) and of ``seeds/``, where every seed keeps its name, its columns and
its declaration, the real rows are kept, and rows are appended for ``n`` synthetic authorities x
``years`` annual report sets. Nothing here is real: authorities are named ``Synthetic Authority 001``
... (area codes ``SYN000001`` ...), report ids start ``syn001_2014_15_...``, every registry title starts
``SYNTHETIC benchmark data (not real)``, source files are ``SYNTHETIC_...``, and every headline sentence
says so.

The copy's generated dbt files are then written by the project's own generator (``scorecard.staging``,
what ``make catalog`` runs), so every seed CSV above ``scorecard.staging.EXTERNAL_INPUT_BYTES`` is read
by DuckDB directly (a dbt source over ``read_csv`` and a model of the seed's name) instead of being
loaded by ``dbt seed``; on 153 authorities that is every large seed.

How a synthetic report set is made (authority ``a``, academic year ``y``; the last year is the captured
one, the first nine years earlier):

* for each captured report that has a table or a Sefton headline figure, one synthetic report
  ``syn<aaa>_<yyyy>_<yy>_<report_id>``: dates and years in its title/period shifted by the year offset;
  source lines moved by a per-report-set offset (``(k + 1) * 100000``) so (source_table, source_line)
  stays unique;
* every table seed row of that report is copied with the new report id and line: counts scaled by the
  authority's size factor (log-normal around Sefton's size, drifting a little by year), printed
  rates moved by a per-row amount of up to +/-2.5 points (less for small ones; 100% totals, change
  columns and the shares a table check computes from printed counts kept; the result of a complement
  check moved opposite to its part, so attendance + absence stays 100), the printed pattern of each
  cell kept ('25.0% (697)' stays 'p% (n)'); what a column holds comes from its declaration (unit,
  statistic, area) and reference seed ``table_checks``; comparator columns (England / North West)
  are left blank, and rows about other real authorities (the neighbouring-authority table's Knowsley,
  Liverpool and Wirral blocks) are dropped;
* ``row_meanings`` gets one row per copied figure row with ``area_name`` = the synthetic authority
  (the row's area overrides the column's ``Sefton``); the declarations are unchanged (keyed by table
  and column); ``areas`` gets the synthetic authorities; ``reports`` the synthetic reports;
* ``headline_observations``: every Sefton figure stated in running text, per synthetic report, with
  its period shifted by the year offset (so running-text series cover the ten academic years) and
  its value drawn like a table cell.

Limitation: a table column's period is declared per (table, column), so every synthetic annual report
prints the captured report's period columns; only the registry and the running-text figures move with
the year. So that an earlier year's report does not print figures for periods after its own date, a
cell whose column's period ends after the synthetic report's (shifted) report date is left blank
(printed as not available): without that, every figure of a table would be printed by all ten
synthetic reports of an authority, and the cross-report checks of ``fct_reconciliation`` (every pair
of reports printing the same figure) would hold 45 pairs per figure, an artefact of the generator.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import random
import re
import shutil
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SCALE_ROOT = REPO_ROOT / "bench" / "scale" / "_work" / "scale"  # git-ignored (bench/scale/)
SEEDS = REPO_ROOT / "seeds"
LATEST_AY_START = 2023  # the captured reports are 2023/24 packs; year index years-1 = 2023/24
LINE_OFFSET = 100_000
HOME_AREA = "Sefton"
SYN_LABEL = "SYNTHETIC benchmark data (not real)"

PROJECT_FILES = ["dbt_project.yml", "profiles.yml"]
PROJECT_DIRS = ["dbt_project"]


def authority_name(a: int) -> str:
    return f"Synthetic Authority {a:03d}"


def authority_code(a: int) -> str:
    return f"SYN{a:06d}"


def ay_label(year_index: int, years: int) -> tuple[str, int]:
    """('2014_15', shift) for the year index (0 = first); shift = years relative to the captured year."""
    shift = year_index - (years - 1)
    start = LATEST_AY_START + shift
    return f"{start}_{(start + 1) % 100:02d}", shift


def synthetic_report_id(a: int, ay: str, report_id: str) -> str:
    return f"syn{a:03d}_{ay}_{report_id}"


# --- reading -----------------------------------------------------------------------------------

def _read(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def captured_tables(seeds_dir: Path = SEEDS) -> list:
    """Every captured table (``scorecard.catalog``: a seed declared with kind figures or text)."""
    from scorecard import catalog

    return sorted(catalog.load(seeds_dir).tables, key=lambda s: s.name)


@dataclass(frozen=True)
class ValueColumn:
    """What a value column's cells are, as far as drawing them goes (from its declaration and the
    table checks): its area (a comparator column is not drawn), unit, statistic, and the arithmetic
    rule it is the result of (a share of printed counts is kept, a complement moves opposite)."""

    area: str
    unit: str
    statistic: str
    rule: str
    period_end: str  # ISO date ('' when the column declares none)


def value_column_meanings(seeds_dir: Path = SEEDS) -> dict[tuple[str, str], ValueColumn]:
    """(table, column) -> ValueColumn for every value column of a captured figures table."""
    rules: dict[tuple[str, str], str] = {}
    for check in _read(seeds_dir / "reference" / "table_checks.csv")[1]:
        if check["rule"] in ("share", "complement"):
            rules[(check["source_table"], check["result_column"])] = check["rule"]
    out = {}
    for seed in captured_tables(seeds_dir):
        for col in seed.columns_with("value"):
            statistic = str(col.meta.get("statistic") or ("change" if col.meta.get("signed") else ""))
            period_end = str((col.meta.get("period") or {}).get("end") or "")
            out[(seed.name, col.name)] = ValueColumn(str(col.meta.get("area") or ""), str(col.meta.get("unit") or ""),
                                                     statistic, rules.get((seed.name, col.name), ""), period_end)
    return out


# --- printed cells -----------------------------------------------------------------------------

_N = r"\d[\d,]*(?:\.\d+)?"
RE_PCT = re.compile(rf"^(-?)({_N})%$")
RE_NUM = re.compile(rf"^(-?)({_N})$")
RE_PCT_COUNT = re.compile(rf"^({_N})% \((\d[\d, ]*)\)$")
RE_COUNT_PCT = re.compile(rf"^({_N}) ({_N})%$")
RE_AS_OF = re.compile(rf"^({_N})( \(as of \d\d/\d\d/\d{{4}}\))$")
RE_AT_LEAST = re.compile(rf"^({_N})\+$")
RE_MONEY = re.compile(rf"^(-?)£({_N})(m?)$")
RE_SPACED = re.compile(r"^\d{1,3}(?:, \d{3})+$")
RE_FIRST_NUM = re.compile(r"\d{1,3}(?:, \d{3})+(?!\d)|\d+(?:,\d{3})*(?:\.\d+)?")


def _fmt(value: float, like: str) -> str:
    """`value` printed like `like`: same number of decimals, thousands commas if `like` had them."""
    like = like.replace(", ", ",")
    decimals = len(like.split(".", 1)[1]) if "." in like else 0
    if decimals == 0:
        value = int(round(value))
        return f"{value:,}" if "," in like else str(value)
    return f"{value:,.{decimals}f}" if "," in like else f"{value:.{decimals}f}"


def _num(text: str) -> float:
    return float(text.replace(",", "").replace(" ", ""))


class Drawer:
    """Draws one synthetic report set's values: counts x size factor, shares +/- a per-row shift."""

    def __init__(self, rng: random.Random, size_factor: float):
        self.rng = rng
        self.size = size_factor

    def row_shift(self) -> float:
        return self.rng.uniform(-2.5, 2.5)

    def share(self, v: float, shift: float) -> float:
        if v >= 99.95:  # a 100% total stays 100%
            return v
        return min(100.0, max(0.0, v + shift * min(1.0, v / 10.0)))

    def count(self, v: float) -> float:
        return v * self.size

    def cell(self, text: str, kind: str, statistic: str, shift: float) -> str:
        """A printed cell redrawn in its own pattern; anything else (words, dashes, blanks) kept."""
        raw = (text or "").strip()
        if not raw:
            return text
        star = "*" if raw.endswith("*") else ""
        core = raw[:-1].strip() if star else raw
        keep_share = statistic in ("change",) or kind == "percentage_points"
        m = RE_PCT.match(core)
        if m:
            if keep_share or m.group(1):
                return text
            return _fmt(self.share(_num(m.group(2)), shift), m.group(2)) + "%" + star
        # a share printed with its count keeps its printed share (the count is scaled), so the share
        # still equals count / total as nearly as the report's own figures do
        m = RE_PCT_COUNT.match(core)
        if m:
            share = m.group(1)
            return f"{share}% ({_fmt(self.count(_num(m.group(2))), m.group(2).replace(', ', ','))}){star}"
        m = RE_COUNT_PCT.match(core)
        if m:
            return f"{_fmt(self.count(_num(m.group(1))), m.group(1))} {m.group(2)}%{star}"
        m = RE_AS_OF.match(core)
        if m:
            return _fmt(self.count(_num(m.group(1))), m.group(1)) + m.group(2) + star
        m = RE_AT_LEAST.match(core)
        if m:
            return _fmt(self.count(_num(m.group(1))), m.group(1)) + "+" + star
        m = RE_MONEY.match(core)
        if m:
            return m.group(1) + "£" + _fmt(self.count(_num(m.group(2))), m.group(2)) + m.group(3) + star
        if RE_SPACED.match(core):
            return _fmt(self.count(_num(core)), core.replace(", ", ",")) + star
        m = RE_NUM.match(core)
        if m:
            v = _num(m.group(2))
            if kind == "percent" and not keep_share:
                return m.group(1) + _fmt(self.share(v, shift), m.group(2)) + star
            if kind in ("count", "gbp_m"):
                return m.group(1) + _fmt(self.count(v), m.group(2)) + star
            return text
        return text

    def headline(self, text: str, unit: str, measure: str, shift: float) -> str:
        raw = (text or "").strip()
        if unit == "percent" and not re.search(r"_(change|difference)$", measure):
            return re.sub(rf"({_N})%", lambda m: _fmt(self.share(_num(m.group(1)), shift), m.group(1)) + "%", raw, count=1)
        if unit in ("count", "gbp_m", "gbp"):
            m = RE_FIRST_NUM.search(raw)
            if m and not re.match(r"\d\d/\d\d/\d{4}", raw[m.start():]):
                return raw[:m.start()] + _fmt(max(self.count(_num(m.group(0))), 0), m.group(0)) + raw[m.end():]
        return text


# --- dates and year labels ----------------------------------------------------------------------

def shift_date(iso: str, years: int) -> str:
    if not iso or not years:
        return iso
    try:
        d = dt.date.fromisoformat(iso.strip())
    except ValueError:
        return iso
    try:
        return d.replace(year=d.year + years).isoformat()
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28).isoformat()


_YEAR = re.compile(r"\b((?:19|20)\d{2})(?:([/-])(\d{2}))?\b(?![/-]\d)")


def shift_years_in_text(text: str, years: int) -> str:
    if not text or not years:
        return text

    def repl(m: re.Match) -> str:
        start = int(m.group(1)) + years
        if m.group(3) is not None:
            return f"{start}{m.group(2)}{(int(m.group(3)) + years) % 100:02d}"
        return str(start)

    return _YEAR.sub(repl, text)


def _rename(text: str, name: str) -> str:
    return text.replace(HOME_AREA, name) if text else text


# --- the generator ------------------------------------------------------------------------------

def _copy_project(out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in PROJECT_FILES:
        shutil.copy2(REPO_ROOT / name, out / name)
    for name in PROJECT_DIRS:
        shutil.copytree(REPO_ROOT / name, out / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(SEEDS, out / "seeds", ignore=shutil.ignore_patterns("__pycache__"))
    (out / "SYNTHETIC.md").write_text(
        "# SYNTHETIC benchmark data - not real\n\n"
        "Generated by `python -m bench.scale` for `make bench`. The seeds here hold the captured rows plus\n"
        "rows for synthetic authorities ('Synthetic Authority 001' ...). Their values are drawn, not\n"
        "published: never quote them as any authority's figures. Delete freely; it is regenerated.\n",
        encoding="utf-8",
    )


def generate(n_authorities: int, years: int = 10, out: Path | None = None, seed: int = 20231128) -> dict:
    """Write the synthetic project for `n_authorities` x `years`; return counts and timings."""
    started = time.perf_counter()
    out = Path(out) if out else SCALE_ROOT / str(n_authorities)
    _copy_project(out)
    seeds_out = out / "seeds"

    reg_header, registry = _read(SEEDS / "reports.csv")
    rm_header, row_meanings = _read(SEEDS / "reference" / "row_meanings.csv")
    area_header, areas = _read(SEEDS / "reference" / "areas.csv")
    hl_header, headlines = _read(SEEDS / "headline_observations.csv")
    reports_by_id = {r["report_id"]: r for r in registry}
    row_meaning = {(r["source_table"], r["source_line"].strip()): r for r in row_meanings}
    column_meaning = value_column_meanings()

    tables = []  # (path, seed name, header, rows, is_figure_table)
    for seed in captured_tables():
        header, rows = _read(seed.csv_path)
        tables.append((seed.csv_path, seed.name, header, rows, seed.kind == "figures"))

    home_headlines = [h for h in headlines if (h.get("area") or "").strip() == HOME_AREA]
    report_ids = sorted(
        {r["report_id"] for _, _, _, rows, _ in tables for r in rows}
        | {h["report_id"] for h in home_headlines}
    )
    report_ids = [r for r in report_ids if r in reports_by_id]

    new_tables: dict[str, list[dict]] = defaultdict(list)
    new_row_meanings: list[dict] = []
    new_registry: list[dict] = []
    new_headlines: list[dict] = []
    new_areas: list[dict] = []
    k = 0
    for a in range(1, n_authorities + 1):
        name = authority_name(a)
        authority_rng = random.Random(f"{seed}:authority:{a}")
        size = min(5.0, max(0.15, math.exp(authority_rng.gauss(0.0, 0.6))))
        trend = authority_rng.uniform(-0.015, 0.015)  # yearly drift of cohort sizes
        area = dict.fromkeys(area_header, "")
        area.update(area_name=name, area_code=authority_code(a), la_number=str(9000 + a),
                    geographic_level="Local authority", country_code="E92000001", country_name="England",
                    aliases=f"{SYN_LABEL}")
        new_areas.append(area)
        for y in range(years):
            ay, shift = ay_label(y, years)
            offset = (k + 1) * LINE_OFFSET
            k += 1
            drawer = Drawer(random.Random(f"{seed}:{a}:{y}"), size * (1 + trend) ** shift)
            rid = {r: synthetic_report_id(a, ay, r) for r in report_ids}
            printed_until = {r: shift_date(reports_by_id[r].get("report_date") or reports_by_id[r].get("period_end") or "", shift)
                             for r in report_ids}
            printed_until = {r: d for r, d in printed_until.items() if d}

            for r in report_ids:
                src = reports_by_id[r]
                row = dict(src)
                row["report_id"] = rid[r]
                row["title"] = f"{SYN_LABEL}: " + shift_years_in_text(_rename(src.get("title", ""), name), shift)
                row["committee"] = f"{name} ({SYN_LABEL})"
                for col in ("meeting_date", "report_date", "period_start", "period_end"):
                    if col in row:
                        row[col] = shift_date(row[col], shift)
                if "period_covered" in row:
                    row["period_covered"] = shift_years_in_text(row["period_covered"], shift)
                row["source_file"] = f"SYNTHETIC_{a:03d}_{ay}_{src.get('source_file', '')}"
                for col in ("line_start", "line_end"):
                    if (row.get(col) or "").strip():
                        row[col] = str(int(row[col]) + offset)
                for col in ("area_name", "authority"):  # if the registry ever names the report's area
                    if col in row:
                        row[col] = name
                new_registry.append(row)

            for _, table, header, rows, is_figure in tables:
                for src in rows:
                    line = (src.get("source_line") or "").strip()
                    if src["report_id"] not in rid or not line:
                        continue
                    meaning = row_meaning.get((table, line)) if is_figure else None
                    if is_figure:
                        if meaning is None:
                            continue
                        row_area = (meaning.get("area_name") or "").strip()
                        if row_area and row_area != HOME_AREA:
                            continue  # a row about another real authority: not copied
                    row = {}
                    shift_pp = drawer.row_shift()
                    for col in header:
                        value = src.get(col, "")
                        cm = column_meaning.get((table, col)) if is_figure else None
                        if cm is not None:
                            if cm.area and cm.area != HOME_AREA:
                                row[col] = ""  # comparator column (England, North West): not drawn
                            elif cm.period_end and shift and cm.period_end > printed_until.get(src["report_id"], cm.period_end):
                                row[col] = ""  # a period after the (synthetic) report's date: not printed yet
                            else:
                                col_shift = {"share": 0.0, "complement": -shift_pp}.get(cm.rule, shift_pp)
                                row[col] = drawer.cell(value, cm.unit, cm.statistic, col_shift)
                        else:
                            row[col] = _rename(value, name)
                    row["report_id"] = rid[src["report_id"]]
                    row["source_line"] = str(int(line) + offset)
                    if "section" in row:
                        row["section"] = f"{SYN_LABEL}: {row['section']}"
                    new_tables[table].append(row)
                    if meaning is not None:
                        copy = dict(meaning)
                        copy["source_line"] = row["source_line"]
                        copy["area_name"] = name
                        for col in ("row_label", "row_breakdown"):
                            if col in copy:
                                copy[col] = _rename(copy[col], name)
                        new_row_meanings.append(copy)

            for src in home_headlines:
                if src["report_id"] not in rid:
                    continue
                row = dict(src)
                short = src["observation_key"].split("__", 1)[-1]
                row["report_id"] = rid[src["report_id"]]
                row["observation_key"] = f"{row['report_id']}__{short}"
                row["source_line"] = str(int(src["source_line"]) + offset)
                row["area"] = name
                row["section"] = f"{SYN_LABEL}: {_rename(src.get('section', ''), name)}"
                row["period_label"] = shift_years_in_text(src.get("period_label", ""), shift)
                row["period_start"] = shift_date(src.get("period_start", ""), shift)
                row["period_end"] = shift_date(src.get("period_end", ""), shift)
                row["printed_value"] = drawer.headline(src.get("printed_value", ""), src.get("unit", ""),
                                                       src.get("measure", ""), drawer.row_shift())
                row["sentence"] = f"{SYN_LABEL}: a drawn figure for {name}, not from any real report."
                new_headlines.append(row)

    rows_written = 0
    for path, table, header, rows, _ in tables:
        target = seeds_out / path.relative_to(SEEDS)
        _write(target, header, rows + new_tables[table])
        rows_written += len(rows) + len(new_tables[table])
    _write(seeds_out / "reports.csv", reg_header, registry + new_registry)
    _write(seeds_out / "reference" / "row_meanings.csv", rm_header, row_meanings + new_row_meanings)
    _write(seeds_out / "reference" / "areas.csv", area_header, areas + new_areas)
    _write(seeds_out / "headline_observations.csv", hl_header, headlines + new_headlines)
    rows_written += len(registry) + len(new_registry) + len(row_meanings) + len(new_row_meanings)
    rows_written += len(areas) + len(new_areas) + len(headlines) + len(new_headlines)
    seed_bytes = sum(p.stat().st_size for p in seeds_out.rglob("*.csv"))
    # the copy's generated dbt files, by the generator `make catalog` runs: staging, and the inputs
    # above scorecard.staging.EXTERNAL_INPUT_BYTES as sources DuckDB reads directly
    from scorecard import staging

    generated = staging.generate(root=out)
    staging.write(generated)
    external = {name: (seeds_out / path).stat().st_size for name, path in _external_paths(generated, out).items()}
    return {
        "authorities": n_authorities,
        "years": years,
        "project_dir": str(out),
        "synthetic_reports": len(new_registry),
        "synthetic_table_rows": sum(len(v) for v in new_tables.values()),
        "synthetic_row_meanings": len(new_row_meanings),
        "synthetic_headlines": len(new_headlines),
        "seed_rows_total": rows_written,
        "seed_mb": round(seed_bytes / 1e6, 2),
        "external_threshold_bytes": staging.EXTERNAL_INPUT_BYTES,
        "external_inputs": len(external),
        "external_mb": round(sum(external.values()) / 1e6, 2),
        "dbt_seed_mb": round((seed_bytes - sum(external.values())) / 1e6, 2),
        "generate_s": round(time.perf_counter() - started, 3),
    }


def _external_paths(generated, root: Path) -> dict[str, Path]:
    """seed name -> its CSV (relative to seeds/) for the inputs the generator made external."""
    from scorecard import catalog

    cat = catalog.load(root / "seeds")
    return {name: cat.seeds[name].csv_path.relative_to(cat.seeds_dir) for name in generated.external}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("authorities", nargs="*", type=int, default=[1, 10, 153])
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args(argv)
    for n in args.authorities:
        print(generate(n, args.years))
    return 0


if __name__ == "__main__":
    sys.exit(main())
