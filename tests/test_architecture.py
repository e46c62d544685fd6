"""The project's shape holds: no import cycles between its packages, a small core that imports none of
them, exporters that read the marts only, and every captured table's columns declared exactly once."""

from __future__ import annotations

import ast
import re
import shutil

import duckdb

from scorecard import catalog
from scorecard.paths import REPO_ROOT, SEEDS_DIR

PACKAGES = ("scorecard", "expectations", "orchestration", "exporters", "bi", "capture", "metric_tables", "bench")


def _imports(package: str) -> set[str]:
    found = set()
    for path in (REPO_ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            found |= {n.split(".")[0] for n in names if n.split(".")[0] in PACKAGES and n.split(".")[0] != package}
    return found


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    def cycle_from(start: str, node: str, path: list[str]) -> list[str] | None:
        for nxt in sorted(graph.get(node, ())):
            if nxt == start:
                return [*path, nxt]
            if nxt not in path:
                found = cycle_from(start, nxt, [*path, nxt])
                if found:
                    return found
        return None

    return [c for p in graph if (c := cycle_from(p, p, [p]))]


def test_no_import_cycles_between_the_packages():
    graph = {p: _imports(p) for p in PACKAGES if (REPO_ROOT / p).is_dir()}
    cycles = _cycles(graph)
    assert not cycles, f"import cycles: {cycles}"
    assert graph["scorecard"] == set(), f"the core imports {graph['scorecard']}"
    assert "orchestration" not in graph["exporters"] | graph["expectations"] | graph.get("bi", set())


def test_the_cycle_search_finds_a_cycle():
    """The search above is not vacuous: an indirect cycle among made-up packages is found."""
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}})[0] == ["a", "b", "c", "a"]
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_exposures_name_what_each_export_reads(dbt_manifest):
    """The reader exports load exactly exporters.marts.READS; the tables export writes every mart. The
    exposures say so, and Dagster's export assets follow the exposures."""
    import json

    from exporters import EXPORTERS, marts

    manifest = json.loads(dbt_manifest.read_text(encoding="utf-8"))
    every_mart = {n["name"] for n in manifest["nodes"].values()
                  if n["resource_type"] == "model" and n["config"].get("schema") == "marts"}
    exposures = {e["name"]: {uid.split(".")[-1] for uid in e["depends_on"]["nodes"]}
                 for e in manifest["exposures"].values()}
    assert set(exposures) == set(EXPORTERS)
    for name, reads in exposures.items():
        assert reads == (every_mart if name == "tables" else set(marts.READS)), name
    source = (REPO_ROOT / "exporters" / "marts.py").read_text(encoding="utf-8")
    named = set(re.findall(r"[\"']((?:fct|dim|mart)_\w+)[\"']", source))
    assert named == set(marts.READS), "the loader reads a mart READS does not declare, or the reverse"


def test_exporters_read_the_marts_only(published_warehouse, tmp_path):
    """Every exporter works from a copy of the warehouse with raw, staging and intermediate dropped, and
    writes the same files as from the whole warehouse."""
    from exporters import EXPORTERS
    from scorecard.compare import compare_exports

    whole = tmp_path / "whole" / "scorecard.duckdb"
    marts_only = tmp_path / "marts_only" / "scorecard.duckdb"
    for target in (whole, marts_only):
        target.parent.mkdir()
        shutil.copy2(published_warehouse.resolve(), target)
    with duckdb.connect(str(marts_only)) as con:
        for schema in ("staging", "intermediate", "raw", "semantic"):
            con.execute(f"drop schema if exists {schema} cascade")
    outputs = {}
    for db in (whole, marts_only):
        out = db.parent / "exports"
        for export in EXPORTERS.values():
            export(db, out)
        outputs[db] = out
    assert compare_exports(outputs[whole], outputs[marts_only]) == []


def test_every_captured_tables_columns_are_declared_exactly_once():
    """A table's columns are named in its seed's header and its declaration, and nowhere else: not in
    SQL, Python, or another YAML file (the arithmetic rules in reference/table_checks.csv refer to them)."""
    cat = catalog.load(SEEDS_DIR)
    names: dict[str, str] = {}
    for seed in cat.tables:
        declared = [c.name for c in seed.columns]
        assert len(declared) == len(set(declared)), f"{seed.name} declares a column twice"
        header = catalog.read_rows(seed.csv_path) and list(catalog.read_rows(seed.csv_path)[0])
        assert declared == header, f"{seed.name}: declaration and header differ"
        for name in declared:
            if re.search(r"\d", name):  # a column name only a table would have (ay_2022_23, all_grade1, ...)
                names[name] = seed.name
    # the one exception: the unit test of the shared cell parsing names a real table's columns as test data
    fixtures = REPO_ROOT / "dbt_project" / "models" / "staging" / "_staging__unit_tests.yml"
    searched = [p for d in ("dbt_project", "scorecard", "expectations", "orchestration", "exporters", "bi",
                            "metric_tables", "capture") for p in (REPO_ROOT / d).rglob("*")
                if p.is_file() and p.suffix in (".sql", ".py", ".yml", ".md") and p != fixtures]
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(names))) + r")\b")
    found = {}
    for path in searched:
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(match.group(1), []).append(str(path.relative_to(REPO_ROOT)))
    assert not found, f"column names written outside their declarations: {dict(list(found.items())[:10])}"
