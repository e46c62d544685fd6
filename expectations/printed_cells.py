"""Printed cells as staging reads them: `dbt_project/macros/printed_cells.sql`, executed.

Staging classifies every printed cell with `printed_cell_pattern(text)` (an unknown pattern stops
the dbt run) and reads its figures with `printed_cell_columns(text, pattern)`. GX must accept
exactly the cells staging accepts, and the macro is still growing (qualifiers, number words,
fractions, ...), so the validation does not keep a copy of its regexes: it renders the project's
macros with Jinja (a small stand-in for dbt's context: `scorecard.*`, `adapter.dispatch` to the
duckdb / default implementation, `return`) and runs them in DuckDB over the distinct cell texts.
`raise_error` is rendered as NULL, so a cell staging would stop on gets the pattern '(unknown)'.

    cells = evaluate_cells({"8.2%", "25.0% (697)", "n.a."})
    cells["n.a."].pattern == "(unknown)"
    accepted_patterns()   # every pattern name printed_cell_pattern can return
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from scorecard.paths import MACROS_DIR

MACRO_FILE = MACROS_DIR / "printed_cells.sql"
PROJECT_NAMESPACE = "scorecard"
UNKNOWN = "(unknown)"  # staging would stop: "unknown printed cell pattern"
INVALID_DATE = "(invalid as-of date)"  # the pattern matches but the date cast would fail
MARKERS = ("blank", "dash", "unavailable")


class MacroError(RuntimeError):
    """The printed-cell macros could not be rendered or run."""


@dataclass(frozen=True)
class Parsed:
    pattern: str | None  # staging's pattern name, UNKNOWN / INVALID_DATE, or None if not evaluated
    percent: float | None = None  # printed_percent
    number: float | None = None  # printed_number
    as_of: str | None = None  # ISO date of an 'as of' cell
    percent_decimals: int = 0  # decimals printed on the percent (for rounding tolerance)
    number_decimals: int = 0  # decimals printed on the number

    @property
    def accepted(self) -> bool:
        return self.pattern is not None and not self.pattern.startswith("(")


class _Return(Exception):
    def __init__(self, value: Any):
        self.value = value


def _return(value: Any) -> None:
    raise _Return(value)


class _Namespace:
    """`scorecard.<macro>` / `dbt.<macro>`: a macro called through it returns its `return(...)` value."""

    def __init__(self, macros: dict[str, Any], overrides: dict[str, Any] | None = None):
        self._macros = macros
        self._overrides = overrides or {}

    def __getattr__(self, name: str):
        if name in self._overrides:
            return self._overrides[name]
        if name not in self._macros:
            raise MacroError(f"macro {name!r} is not defined in {MACROS_DIR}")
        macro = self._macros[name]

        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                return macro(*args, **kwargs)
            except _Return as r:
                return r.value

        return call


class _Adapter:
    def __init__(self, namespace: _Namespace, macros: dict[str, Any]):
        self._ns, self._macros = namespace, macros

    def dispatch(self, name: str, macro_namespace: str | None = None):
        for candidate in (f"duckdb__{name}", f"default__{name}"):
            if candidate in self._macros:
                return getattr(self._ns, candidate)
        raise MacroError(f"no duckdb__/default__ implementation of {name!r}")


def _signature() -> tuple:
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(MACROS_DIR.rglob("*.sql")))


@lru_cache(maxsize=4)
def _rendered(signature: tuple) -> tuple[str, str, tuple[str, ...]]:
    """(pattern SQL, columns SQL, accepted pattern names) for a cell in `cell_text`."""
    try:
        from jinja2 import Environment, StrictUndefined

        env = Environment(extensions=["jinja2.ext.do"], undefined=StrictUndefined)
        macros: dict[str, Any] = {}
        ns = _Namespace(macros, {"raise_error": lambda message_expr: "NULL"})
        env.globals.update({
            "return": _return,
            PROJECT_NAMESPACE: ns,
            "dbt": ns,
            "adapter": _Adapter(ns, macros),
            "target": type("Target", (), {"type": "duckdb", "name": "gx"})(),
            "var": lambda name, default=None: default,
            "env_var": lambda name, default=None: default,
            "modules": type("Modules", (), {"re": re})(),
        })
        for path in sorted(MACROS_DIR.rglob("*.sql")):
            template = env.from_string(path.read_text(encoding="utf-8"))
            context = template.new_context({})
            for _ in template.root_render_func(context):
                pass
            macros.update({k: v for k, v in context.vars.items() if callable(v)})
        pattern_sql = str(ns.printed_cell_pattern("cell_text"))
        columns_sql = str(ns.printed_cell_columns("cell_text", "cell_pattern"))
    except MacroError:
        raise
    except Exception as exc:  # any template problem is reported the same way
        raise MacroError(f"cannot render {MACRO_FILE.name}: {type(exc).__name__}: {exc}") from exc
    names = tuple(dict.fromkeys(re.findall(r"then\s+'([A-Za-z_][A-Za-z0-9_]*)'", pattern_sql)))
    if not names:
        raise MacroError(f"printed_cell_pattern in {MACRO_FILE.name} names no pattern")
    # try_cast: a cell whose pattern matches but whose as-of date is not a date would stop
    # staging; here it reads as NULL and is reported (INVALID_DATE).
    columns_sql = re.sub(r"(?<![A-Za-z_])cast\(", "try_cast(", columns_sql)
    return pattern_sql, columns_sql, names


def accepted_patterns() -> tuple[str, ...]:
    """Every pattern name printed_cell_pattern can return (raises MacroError)."""
    return _rendered(_signature())[2]


def evaluate_cells(texts: Iterable[str]) -> dict[str, Parsed]:
    """Staging's reading of each distinct cell text (raises MacroError)."""
    import duckdb
    import pandas as pd

    pattern_sql, columns_sql, _ = _rendered(_signature())
    unique = sorted({t for t in texts if t is not None})
    if not unique:
        return {}
    frame = pd.DataFrame({"cell_id": range(len(unique)), "cell": pd.Series(unique, dtype=object)})
    sql = f"""
        with cells as (select cell_id, trim(cell) as cell_text from cells_df),
        patterned as (select cells.*, {pattern_sql} as cell_pattern from cells)
        select * from (select patterned.*, {columns_sql} from patterned) order by cell_id
    """
    try:
        con = duckdb.connect()
        con.register("cells_df", frame)
        out = con.execute(sql).fetchdf()
        con.close()
    except Exception as exc:
        raise MacroError(f"cannot run {MACRO_FILE.name} in DuckDB: {exc}") from exc
    result: dict[str, Parsed] = {}
    has_as_of = "as_of_date" in out.columns
    for cell_id, text in enumerate(unique):
        row = out.iloc[cell_id]
        pattern = row["cell_pattern"]
        pattern = UNKNOWN if pattern is None or (isinstance(pattern, float) and pattern != pattern) else str(pattern)
        as_of = row["as_of_date"] if has_as_of else None
        as_of = None if as_of is None or pd.isna(as_of) else str(as_of)[:10]
        if pattern == "number_as_of" and has_as_of and as_of is None:
            pattern = INVALID_DATE
        result[text] = Parsed(pattern, _float(row.get("printed_percent")), _float(row.get("printed_number")),
                              as_of, _int(row.get("printed_percent_decimals")), _int(row.get("printed_number_decimals")))
    return result


def _int(value: Any) -> int:
    f = _float(value)
    return 0 if f is None else int(f)


def _float(value: Any) -> float | None:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return None if f != f else f
