"""Stand-ins for dbt's cross-database macros (``dbt.type_string()``, ``dbt.concat(...)``, ...) so that
sqlfluff's Jinja templater can render the models for linting (sqlfluff's dbt templater has no release
for this dbt and sqlfluff pair). They render the DuckDB SQL dbt renders; nothing runs them but the linter."""


def type_string():
    return "varchar"


def concat(parts):
    return "concat(" + ", ".join(parts) + ")"


def hash(field):
    return f"md5(cast({field} as varchar))"


def escape_single_quotes(text):
    return str(text).replace("'", "''")


def date_spine(datepart, start_date, end_date):
    return f"select unnest(generate_series({start_date}, {end_date}, interval 1 {datepart})) as date_{datepart}"
