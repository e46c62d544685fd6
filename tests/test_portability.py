"""The dbt project stays portable between DuckDB (the default) and Spark.

No model, analysis or data test writes engine-only SQL; the few dialect differences live in
dispatched macros (``adapter.dispatch(..., 'scorecard')``), where a DuckDB-only construct is allowed
only in a ``default__`` implementation that has a ``spark__`` twin. Fast: reads the sources, runs
neither dbt nor Spark. `make test-spark` then proves the result: the same marts on both engines.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PROJECT = ROOT / "dbt_project"
SQL_DIRS = [PROJECT / "models", PROJECT / "semantic_models", PROJECT / "analyses", PROJECT / "tests"]
MACRO_DIRS = [PROJECT / "macros", PROJECT / "tests" / "generic"]

# DuckDB-only (or DuckDB-meaning) functions, types and clauses, looked for anywhere in a file's SQL
# and in the Jinja that writes SQL. (pattern, what to use instead)
DUCKDB_ONLY = [
    (r"\bregexp_matches\s*\(", "scorecard.regex_matches (dispatched: rlike on Spark)"),
    (r"\bregexp_full_match\s*\(", "scorecard.regex_matches with ^...$"),
    (r"\bregexp_replace\s*\(", "a dispatched macro (DuckDB replaces the first match only unless 'g')"),
    (r"\b(regexp_split_to_array|string_split|str_split|string_to_array)\s*\(", "a dispatched macro"),
    (r"(?<![\w.])error\s*\(", "scorecard.raise_error (dispatched: raise_error on Spark)"),
    (r"\bvarchar\b", "dbt.type_string() (string on Spark)"),
    (r"\bas\s+(text|bpchar)\b", "dbt.type_string()"),
    (r"(?<![\w.])list\s*\(|\blist_\w+\s*\(|\barray_length\s*\(", "no DuckDB list functions"),
    (r"\bstruct_(pack|extract|insert)\s*\(", "no DuckDB struct functions"),
    (r"\b(try_)?strftime\s*\(|\b(try_)?strptime\s*\(", "dbt.date / cast(... as date) / a dispatched macro"),
    (r"\bepoch(_ms|_us|_ns)?\s*\(", "a dispatched macro"),
    (r"\bdate_(diff|sub|add)\s*\(", "dbt.datediff / dbt.dateadd"),
    (r"(?<![\w.])(datediff|dateadd)\s*\(", "dbt.datediff / dbt.dateadd (argument order differs)"),
    (r"\bunion\s+(all\s+)?by\s+name\b", "explicit column lists"),
    (r"\bqualify\b", "a window in a subquery and a where"),
    (r"\bexclude\b", "an explicit column list"),
    (r"\*\s*replace\s*\(", "an explicit column list"),
    (r"(?<![\w.])columns\s*\(", "an explicit column list"),
    (r"\bilike\b", "lower(x) like ..."),
    (r"\b(string_agg|group_concat)\s*\(|(?<![\w.])listagg\s*\(", "dbt.listagg"),
    (r"\barg_(max|min)\s*\(", "a window (row_number) or dbt macro"),
    (r"\b(strpos|strlen|starts_with|ends_with|prefix|suffix)\s*\(", "portable string functions (instr, length, like)"),
    (r"\bread_(csv|parquet|json)\w*\s*\(", "a seed or source"),
    (r"\bgenerate_series\s*\(", "dbt.date_spine / dbt.generate_series"),
    (r"(?<![\w.])hash\s*\(", "dbt.hash (md5; hash() differs between engines)"),
    (r"(?<![\w.])md5\s*\(", "dbt.hash"),
    (r"(?<![\w.])split_part\s*\(", "dbt.split_part"),
    (r"\bunnest\s*\(", "no DuckDB unnest"),
    (r"\basof\b|\bpositional\s+join\b", "a plain join"),
    (r"\b(un)?pivot\b", "case expressions / union all"),
    (r"\btoday\s*\(", "current_date"),
]

# Checked only in SQL text (outside Jinja tags, with string literals blanked): operators and quoting.
SQL_TEXT_ONLY = [
    (r"::", "cast(x as type)"),
    (r"~", "scorecard.regex_matches (~ is bitwise not on Spark)"),
    (r"//", "cast(... as integer) / ... or floor()"),
    (r"\*\*", "power()"),
    (r'"', "unquoted identifiers (Spark reads a double-quoted word as a string)"),
    (r"`", "unquoted identifiers (backticks are Spark-only)"),
    (r"\[", "no DuckDB list literals or slices"),
    (r"\brlike\b|(?<![\w.])raise_error\s*\(", "the dispatched macro (this is Spark-only SQL)"),
    (r"(?<![\w.])range\s*\(", "dbt.date_spine / dbt.generate_series"),
]

PORTABLE_DATA_TYPES = {"string", "integer", "int", "bigint", "double", "date", "boolean", "timestamp"}

JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.S)
JINJA_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
SQL_LINE_COMMENT = re.compile(r"--[^\n]*")
SQL_LITERAL = re.compile(r"'(?:[^']|'')*'")
MACRO_BLOCK = re.compile(
    r"\{%-?\s*(macro|test)\s+(\w+)\s*\(.*?%\}(.*?)\{%-?\s*end(?:macro|test)\s*-?%\}", re.S
)


def strip_comments(text: str) -> str:
    text = JINJA_COMMENT.sub(" ", text)
    # SQL line comments outside string literals (none of this project's literals holds "--").
    return SQL_LINE_COMMENT.sub(" ", text)


def literal_problems(sql_text: str) -> list[str]:
    """String literals in SQL text (Jinja already removed) that read differently on the two engines."""
    problems = []
    for literal in SQL_LITERAL.findall(sql_text):
        body = literal[1:-1]
        if "''" in body:
            problems.append(
                f"doubled quote in {literal!r}: Spark reads '' as two adjacent literals; "
                "use '{{ dbt.escape_single_quotes(...) }}'"
            )
        if "\\" in body:
            problems.append(
                f"backslash in {literal!r}: Spark string literals interpret escapes; use [.] [(] [0-9] in regexes"
            )
    return problems


def duckdb_only_problems(text: str) -> list[str]:
    """DuckDB-only functions, types and clauses in SQL text (string literals blanked: a printed phrase
    is data) and in Jinja tags (unblanked: Jinja strings there hold the SQL that macros are given)."""
    text = strip_comments(text)
    tags = " ".join(JINJA_TAG.findall(text))
    blanked = SQL_LITERAL.sub("'_'", JINJA_TAG.sub(" __jinja__ ", text))
    problems = []
    for pattern, instead in DUCKDB_ONLY:
        for source in (blanked, tags):
            for match in re.finditer(pattern, source, re.I):
                problems.append(f"{match.group(0).strip()!r}: use {instead}")
    return problems


def sql_problems(text: str) -> list[str]:
    """Engine-only constructs in one piece of dbt SQL (a model, a test, a macro body)."""
    sql_text = JINJA_TAG.sub(" __jinja__ ", strip_comments(text))
    problems = literal_problems(sql_text) + duckdb_only_problems(text)
    blanked = SQL_LITERAL.sub("'_'", sql_text)
    for pattern, instead in SQL_TEXT_ONLY:
        for match in re.finditer(pattern, blanked, re.I):
            problems.append(f"{match.group(0).strip()!r}: use {instead}")
    return problems


def sql_files() -> list[Path]:
    files = []
    for folder in SQL_DIRS:
        if folder.exists():
            files += [p for p in sorted(folder.rglob("*.sql")) if PROJECT / "tests" / "generic" not in p.parents]
    return files


def macro_files() -> list[Path]:
    return [p for folder in MACRO_DIRS if folder.exists() for p in sorted(folder.rglob("*.sql"))]


def macros() -> dict[str, tuple[Path, str]]:
    found = {}
    for path in macro_files():
        for _kind, name, body in MACRO_BLOCK.findall(path.read_text()):
            found[name] = (path, body)
    return found


# --- the checker itself catches what it is meant to catch -------------------------------------------

@pytest.mark.parametrize(
    "snippet",
    [
        "select source_line::integer from t",
        "select * from t where regexp_matches(a, '^x')",
        "select error('stop')",
        "select cast(a as varchar) from t",
        "select * exclude (a) from t",
        "select * from t qualify row_number() over (order by a) = 1",
        "select * from t where a ~ '^x'",
        "select 'it''s' as a",
        'select "a" from t',
        "select strftime(d, '%Y') from t",
        "select regexp_extract(a, '\\d+', 0) from t",
        "select list(a) from t group by b",
        "select a from t union all by name select a from u",
        "select date_diff('day', a, b) from t",
        "select a ilike '%x%' from t",
        "select md5(a) from t",
        "select 7 // 2",
        "select {{ scorecard.surrogate_key(['a::varchar']) }} from t",
    ],
)
def test_checker_flags_duckdb_only_sql(snippet):
    assert sql_problems(snippet), snippet


@pytest.mark.parametrize(
    "snippet",
    [
        "select cast(a as {{ dbt.type_string() }}) from t -- a::b in a comment",
        "select {{ scorecard.regex_matches('a', '^[0-9]+$') }}, {{ scorecard.raise_error(\"'x'\") }}",
        "select nullif(regexp_extract(a, '(20[0-9]{2})', 1), '') as y, '' as e, 'x ~ y :: z' as text_only",
        "select '{{ dbt.escape_single_quotes(\"it's\") }}' as a, {{ dbt.hash('a') }} as h",
        "{# error('x') in a Jinja comment #} select {{ dbt.datediff('a', 'b', 'day') }} as d",
    ],
)
def test_checker_passes_portable_sql(snippet):
    assert sql_problems(snippet) == []


# --- the project --------------------------------------------------------------------------------------

def test_there_is_sql_to_check():
    assert len(sql_files()) > 40
    assert {"regex_matches", "default__regex_matches", "spark__regex_matches"} <= set(macros())


@pytest.mark.parametrize("path", sql_files(), ids=lambda p: str(p.relative_to(PROJECT)))
def test_model_and_test_sql_is_portable(path):
    problems = sql_problems(path.read_text())
    assert not problems, f"{path.relative_to(ROOT)} has engine-only SQL:\n  " + "\n  ".join(problems)


def test_engine_only_sql_lives_in_default_macros_with_a_spark_twin():
    found = macros()
    problems = []
    for name, (path, body) in sorted(found.items()):
        issues = sql_problems(body)
        if not issues:
            continue
        if name.startswith("default__") and f"spark__{name[len('default__'):]}" in found:
            continue
        if name.startswith("spark__") and f"default__{name[len('spark__'):]}" in found:
            continue
        # a spark__ override of a dbt macro (no default__ here): Spark SQL is its point; DuckDB SQL is not
        if name.startswith("spark__") and not duckdb_only_problems(body):
            continue
        problems.append(f"{path.relative_to(ROOT)} macro {name}: " + "; ".join(issues))
    assert not problems, "engine-only SQL outside a dispatched default__/spark__ pair:\n" + "\n".join(problems)


def test_every_default_macro_has_a_spark_twin_and_is_dispatched():
    found = macros()
    problems = []
    for name in sorted(n for n in found if n.startswith("default__")):
        base = name[len("default__"):]
        if f"spark__{base}" not in found:
            problems.append(f"{name} has no spark__{base}")
        dispatcher = found.get(base)
        if dispatcher is None or not re.search(rf"adapter\.dispatch\(\s*'{base}'\s*,\s*'scorecard'\s*\)", dispatcher[1]):
            problems.append(f"{base} does not dispatch to {name} (adapter.dispatch('{base}', 'scorecard'))")
    assert not problems, "\n".join(problems)


def _yaml_files() -> list[Path]:
    return [p for folder in SQL_DIRS if folder.exists() for p in sorted(folder.rglob("*.yml"))]


def _walk(node, keypath=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, keypath + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, keypath + (index,))
    else:
        yield keypath, node


def test_contract_data_types_exist_on_both_engines():
    problems = []
    for path in _yaml_files():
        for keypath, value in _walk(yaml.safe_load(path.read_text()) or {}):
            if keypath and keypath[-1] == "data_type" and str(value).lower() not in PORTABLE_DATA_TYPES:
                problems.append(f"{path.relative_to(ROOT)} {'.'.join(map(str, keypath))}: {value}")
    assert not problems, (
        f"data types must be one of {sorted(PORTABLE_DATA_TYPES)} (varchar does not exist on Spark):\n"
        + "\n".join(problems)
    )


def test_sql_in_yaml_test_configs_is_portable():
    """where: filters and expression_is_true expressions run on Spark too."""
    problems = []
    for path in _yaml_files():
        for keypath, value in _walk(yaml.safe_load(path.read_text()) or {}):
            if keypath and keypath[-1] in ("where", "expression") and isinstance(value, str):
                for problem in sql_problems(value):
                    problems.append(f"{path.relative_to(ROOT)} {'.'.join(map(str, keypath))}: {problem}")
    assert not problems, "\n".join(problems)
