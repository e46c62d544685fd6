"""The gate's checks that need nothing but the files: run before dbt parses the project, and again as
the first part of validation inside every run.

1. Declarations: every CSV under seeds/ is declared (``seeds/**/_*__seeds.yml``), every declared seed
   has its CSV, every declaration file reads, and the generated staging models are current (a seed no
   model reads, or a model whose seed is gone, is a finding naming ``make catalog``).
2. Structure of every declared CSV (``expectations.structure``).
3. Provenance (``expectations.provenance``) and report fingerprints (``expectations.fingerprints``),
   against the reports folder. A missing folder stops the run, saying where it looked; the explicit
   opt-out ``SCORECARD_UNCHECKED=1`` skips both and the published result is marked "not checked against
   the source reports" wherever a reader meets it.

    python -m expectations.gate [--seeds DIR]   # prints the findings; exit 1 if any blocks
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from expectations import fingerprints, provenance, structure
from expectations.findings import Finding
from scorecard import catalog, paths, staging

UNCHECKED_ENV = "SCORECARD_UNCHECKED"
NOT_CHECKED = "not checked against the source reports"


def unchecked_requested() -> bool:
    return os.environ.get(UNCHECKED_ENV, "").strip().lower() in ("1", "true", "yes", "on")


@dataclass
class GateResult:
    seeds_dir: Path
    catalog: catalog.Catalog
    files: dict[str, structure.ReadSeed] = field(default_factory=dict)  # declared seed name -> as read
    findings: list[Finding] = field(default_factory=list)
    provenance_checked: bool = False
    provenance_note: str = ""
    seconds: float = 0.0

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.blocking]

    @property
    def success(self) -> bool:
        return not self.blocking


def rel(path: Path, seeds_dir: Path) -> str:
    """A file as findings name it: relative to the seeds folder's parent (``seeds/x/y.csv``)."""
    try:
        return str(Path(path).resolve().relative_to(Path(seeds_dir).resolve().parent))
    except ValueError:
        return str(path)


def _declaration_findings(cat: catalog.Catalog, seeds_dir: Path) -> list[Finding]:
    out: list[Finding] = []
    for path in cat.undeclared:
        out.append(Finding(rel(path, seeds_dir), 0, "", "undeclared_seed", path.name,
                           "a CSV no seeds/**/_*__seeds.yml declares: declare it (`make capture` drafts the "
                           "declaration) or remove it"))
    for name, yml in cat.missing:
        out.append(Finding(rel(yml, seeds_dir), 0, "", "missing_seed", name,
                           f"declared, but {name}.csv is not in its folder"))
    for yml, why in cat.problems:
        out.append(Finding(rel(yml, seeds_dir), 0, "", "declaration", "", why))
    for seed in cat.tables:
        if not seed.value_columns and seed.kind == "figures":
            out.append(Finding(rel(seed.declared_in, seeds_dir), 0, "", "declaration", seed.name,
                               "a figures table declares no value columns (config.meta.role: value)"))
    to_write, extra = staging.generate(cat).stale()
    for path in to_write:
        out.append(Finding(str(path.relative_to(paths.REPO_ROOT)), 0, "", "staging_not_current", "",
                           f"no current staging model reads this seed's declaration: run `{staging.COMMAND}`"))
    for path in extra:
        out.append(Finding(str(path.relative_to(paths.REPO_ROOT)), 0, "", "staging_not_current", "",
                           f"a generated staging model whose seed is gone: run `{staging.COMMAND}`"))
    return out


def run(seeds_dir: Path | None = None, reports_dir: Path | None = None, unchecked: bool | None = None) -> GateResult:
    started = time.perf_counter()
    seeds_dir = Path(seeds_dir or paths.seeds_dir())
    reports_dir = Path(reports_dir or paths.reports_dir())
    unchecked = unchecked_requested() if unchecked is None else unchecked
    cat = catalog.load(seeds_dir)
    result = GateResult(seeds_dir, cat)
    result.findings += _declaration_findings(cat, seeds_dir)
    for seed in cat.seeds.values():
        read = structure.read(seed.csv_path, rel(seed.csv_path, seeds_dir))
        result.files[seed.name] = read
        result.findings += read.findings

    if unchecked:
        result.provenance_note = f"{NOT_CHECKED} ({UNCHECKED_ENV}=1)"
    elif not reports_dir.is_dir():
        result.findings.append(Finding(
            str(reports_dir), 0, "", "reports_folder", "",
            f"the reports folder {reports_dir} is not there, so no figure can be checked against its report. "
            f"Point SCORECARD_REPORTS_DIR at the folder of report text files, or run with {UNCHECKED_ENV}=1 "
            f"to publish marked '{NOT_CHECKED}'"))
        result.provenance_note = f"{NOT_CHECKED} (reports folder missing)"
    else:
        registry = result.files.get(catalog.REGISTRY)
        if registry is not None and registry.header is not None:
            rows = [(n, dict(zip(registry.header, v))) for n, v in registry.rows]
            result.findings += fingerprints.check(rows, reports_dir, registry.rel)
            texts = provenance.ReportTexts(reports_dir, {r["report_id"]: r for _, r in rows if r.get("report_id")})
            for seed in cat.seeds.values():
                read = result.files[seed.name]
                if read.header is None:
                    continue
                if seed.is_table:
                    result.findings += provenance.check_table(read, texts)
                elif seed.kind == "headline":
                    result.findings += provenance.check_headlines(read, texts)
        result.provenance_checked = True
        result.provenance_note = "every printed cell and stated figure checked against its report line"
    result.seconds = time.perf_counter() - started
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m expectations.gate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=None)
    args = parser.parse_args(argv)
    result = run(args.seeds)
    for finding in result.findings:
        print(finding)
    print(f"{len(result.blocking)} blocking finding(s); provenance: {result.provenance_note}; {result.seconds:.2f}s")
    return 0 if result.success else 1


if __name__ == "__main__":
    sys.exit(main())
