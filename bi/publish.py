"""Copy the published DuckDB warehouse's BI schemas into PostgreSQL, atomically.

``publish(duckdb_path, url_or_dsn)`` copies every table and view (as a table) of the schemas
``marts`` and ``metrics`` (a schema the DuckDB file lacks is skipped) into the PostgreSQL database of
``url_or_dsn`` (database ``scorecard`` when it names none), schemas of the same names, with

* column types mapped (``pg_type``), NOT NULL where DuckDB declares it;
* table and column comments (``duckdb_tables/views/columns().comment``) as COMMENT ON;
* PRIMARY KEY, UNIQUE and FOREIGN KEY constraints of ``duckdb_constraints()`` (each added only where
  it holds in the copied data; a foreign key to a table outside the published schemas is skipped);
* USAGE on each schema and SELECT on its tables for ``scorecard_reader``, and nothing else.

Atomic: everything loads into fresh ``<schema>__incoming`` schemas (COPY), committed; then one
transaction renames each live schema to ``<schema>__old``, the incoming one into place, drops the old
one and grants. A failure at any point leaves the live schemas as they were and drops the incoming
ones. Publishers are serialised by an advisory lock. The DuckDB file is opened read-only and closed
as soon as its rows are copied (the pipeline may replace it meanwhile; the reader keeps its inode).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import duckdb
import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from bi.server import DATABASE, READER_ROLE

SCHEMAS = ("marts", "metrics")
INCOMING = "__incoming"
OLD = "__old"
LOCK_KEY = 0x5C0C_A4D0  # pg_advisory_lock key: one publisher at a time per database
BATCH = 10_000
MAX_IDENTIFIER = 63  # PostgreSQL truncates longer names
SWAP_LOCK_TIMEOUT = "60s"  # a reader holding a table this long makes the swap fail (and roll back)

Echo = Callable[[str], None]


# -- DuckDB types -> PostgreSQL ---------------------------------------------------------------------
_SIMPLE_TYPES = {
    "VARCHAR": "text",
    "CHAR": "text",
    "BPCHAR": "text",
    "TEXT": "text",
    "STRING": "text",
    "DOUBLE": "double precision",
    "FLOAT": "real",
    "REAL": "real",
    "TINYINT": "smallint",
    "UTINYINT": "smallint",
    "SMALLINT": "smallint",
    "USMALLINT": "integer",
    "INTEGER": "integer",
    "UINTEGER": "bigint",
    "BIGINT": "bigint",
    "UBIGINT": "numeric(20,0)",
    "HUGEINT": "numeric(39,0)",
    "UHUGEINT": "numeric(39,0)",
    "VARINT": "numeric",
    "BIGNUM": "numeric",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "TIMESTAMP": "timestamp",
    "TIMESTAMP_S": "timestamp(0)",
    "TIMESTAMP_MS": "timestamp(3)",
    "TIMESTAMP_NS": "timestamp",
    "TIMESTAMP WITH TIME ZONE": "timestamptz",
    "TIME": "time",
    "UUID": "uuid",
    "BLOB": "bytea",
    "JSON": "jsonb",
}
# values cast to VARCHAR in DuckDB, then parsed by PostgreSQL
_VIA_TEXT = {"INTERVAL": "interval", "TIME WITH TIME ZONE": "timetz", "BIT": "varbit"}


def pg_type(duck_type: str) -> tuple[str, str]:
    """(PostgreSQL type, how to read it from DuckDB: 'value' | 'text' | 'json') for a DuckDB type name
    as ``duckdb_columns().data_type`` spells it."""
    t = duck_type.strip().upper()
    if t in _SIMPLE_TYPES:
        return _SIMPLE_TYPES[t], ("text" if t == "JSON" else "value")
    if t in _VIA_TEXT:
        return _VIA_TEXT[t], "text"
    m = re.fullmatch(r"(?:DECIMAL|NUMERIC)\((\d+),\s*(\d+)\)", t)
    if m:
        return f"numeric({m.group(1)},{m.group(2)})", "value"
    if re.fullmatch(r"VARCHAR\(\d+\)", t):
        return "text", "value"
    if t.endswith("]") or t.startswith(("STRUCT", "MAP", "UNION")):
        return "jsonb", "json"  # lists, arrays, structs, maps, unions
    return "text", "text"  # ENUM(...) and anything else: its DuckDB text


# -- what the DuckDB file holds --------------------------------------------------------------------
@dataclasses.dataclass
class Column:
    name: str
    duck_type: str
    nullable: bool
    comment: str | None

    @property
    def pg_type(self) -> str:
        return pg_type(self.duck_type)[0]

    def select_expr(self) -> str:
        name = _dq(self.name)
        how = pg_type(self.duck_type)[1]
        if how == "text":
            return f"CAST({name} AS VARCHAR)"
        if how == "json":
            return f"CAST(to_json({name}) AS VARCHAR)"
        return name


@dataclasses.dataclass
class Relation:
    schema: str
    name: str
    kind: str  # 'table' | 'view'
    comment: str | None
    columns: list[Column]

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"


@dataclasses.dataclass
class Key:
    schema: str
    table: str
    kind: str  # 'PRIMARY KEY' | 'UNIQUE' | 'FOREIGN KEY'
    columns: list[str]
    ref_schema: str | None = None
    ref_table: str | None = None
    ref_columns: list[str] | None = None

    def describe(self) -> str:
        text = f"{self.schema}.{self.table} {self.kind} ({', '.join(self.columns)})"
        if self.kind == "FOREIGN KEY":
            text += f" -> {self.ref_schema}.{self.ref_table} ({', '.join(self.ref_columns or [])})"
        return text


@dataclasses.dataclass
class Catalog:
    schemas: list[str]  # of those asked for, the ones the file has, in the order asked
    missing: list[str]
    relations: list[Relation]
    keys: list[Key]


def _dq(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def read_catalog(duck: duckdb.DuckDBPyConnection, schemas: Iterable[str]) -> Catalog:
    wanted = list(dict.fromkeys(schemas))
    db = duck.execute("select current_database()").fetchone()[0]
    present = {r[0] for r in duck.execute(
        "select schema_name from duckdb_schemas() where database_name = ?", [db]).fetchall()}
    found = [s for s in wanted if s in present]
    missing = [s for s in wanted if s not in present]
    if not found:
        return Catalog([], missing, [], [])
    rels = duck.execute(
        """
        select schema_name, table_name, 'table', comment from duckdb_tables()
        where database_name = $db and list_contains($schemas, schema_name) and not internal and not temporary
        union all
        select schema_name, view_name, 'view', comment from duckdb_views()
        where database_name = $db and list_contains($schemas, schema_name) and not internal and not temporary
        order by 1, 2
        """,
        {"db": db, "schemas": found},
    ).fetchall()
    cols: dict[tuple[str, str], list[Column]] = {}
    for schema, table, name, data_type, nullable, comment in duck.execute(
        """
        select schema_name, table_name, column_name, data_type, is_nullable, comment from duckdb_columns()
        where database_name = $db and list_contains($schemas, schema_name) order by schema_name, table_name, column_index
        """,
        {"db": db, "schemas": found},
    ).fetchall():
        cols.setdefault((schema, table), []).append(Column(name, data_type, bool(nullable), comment or None))
    relations = []
    for schema, name, kind, comment in rels:
        columns = cols.get((schema, name))
        if not columns:  # e.g. a view DuckDB has not bound yet
            described = duck.execute(f"describe select * from {_dq(schema)}.{_dq(name)}").fetchall()
            columns = [Column(r[0], r[1], True, None) for r in described]
        if kind == "view":
            columns = [dataclasses.replace(c, nullable=True) for c in columns]
        relations.append(Relation(schema, name, kind, comment or None, columns))
    keys = []
    for schema, table, kind, columns, ref_table, ref_columns, text in duck.execute(
        """
        select schema_name, table_name, constraint_type, constraint_column_names, referenced_table,
               referenced_column_names, constraint_text
        from duckdb_constraints()
        where database_name = $db and list_contains($schemas, schema_name)
          and constraint_type in ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')
        order by schema_name, table_name, constraint_index
        """,
        {"db": db, "schemas": found},
    ).fetchall():
        if kind == "FOREIGN KEY":
            # DuckDB keys a foreign key within its own schema; read the schema named in its text anyway
            m = re.search(r'REFERENCES\s+(?:"((?:[^"]|"")+)"|([^\s."(]+))\.', text or "")
            ref_schema = (m.group(1).replace('""', '"') if m.group(1) else m.group(2)) if m else schema
            keys.append(Key(schema, table, kind, list(columns), ref_schema, ref_table, list(ref_columns or [])))
        else:
            keys.append(Key(schema, table, kind, list(columns)))
    return Catalog(found, missing, relations, keys)


# -- summary --------------------------------------------------------------------------------------
@dataclasses.dataclass
class PublishSummary:
    target: str
    schemas: list[str]
    skipped_schemas: list[str]
    rows: dict[str, int]  # "schema.table" -> rows copied
    keys: list[str]
    skipped_keys: list[str]
    comments: int
    granted_to: str | None

    @property
    def tables(self) -> list[str]:
        return list(self.rows)

    def __str__(self) -> str:
        lines = [
            f"published {len(self.rows)} tables ({sum(self.rows.values()):,} rows) into "
            f"{', '.join(self.schemas) or 'no schema'} on {self.target}"
        ]
        if self.skipped_schemas:
            lines.append(f"  not in the DuckDB file, left as they were: {', '.join(self.skipped_schemas)}")
        lines.append(f"  keys: {len(self.keys)} created, {len(self.skipped_keys)} skipped; comments: {self.comments}")
        for key in self.skipped_keys:
            lines.append(f"  skipped key: {key}")
        lines.append(f"  read access: {self.granted_to or 'no role scorecard_reader on this server: nobody granted'}")
        width = max((len(t) for t in self.rows), default=0)
        lines += [f"  {table:<{width}}  {n:>9,}" for table, n in self.rows.items()]
        return "\n".join(lines)


# -- connection helpers ---------------------------------------------------------------------------
def conninfo(url_or_dsn: str) -> str:
    """The libpq connection string, with database ``scorecard`` when the URL names none."""
    params = conninfo_to_dict(url_or_dsn)
    if not params.get("dbname"):
        return make_conninfo(url_or_dsn, dbname=DATABASE)
    return make_conninfo(url_or_dsn)


def describe_target(url_or_dsn: str) -> str:
    """``postgresql://user@host:port/db`` without any password, for messages."""
    try:
        params = conninfo_to_dict(url_or_dsn)
    except psycopg.ProgrammingError:
        return "(unparseable connection string)"
    user = params.get("user")
    host = params.get("host") or "localhost"
    if host.startswith("/"):
        host = f"[socket {host}]"
    port = params.get("port") or "5432"
    db = params.get("dbname") or DATABASE
    return f"postgresql://{user + '@' if user else ''}{host}:{port}/{db}"


def _ident(*parts: str) -> sql.Identifier:
    for part in parts:
        if len(part.encode()) > MAX_IDENTIFIER:
            raise ValueError(f"name longer than PostgreSQL's {MAX_IDENTIFIER} bytes: {part!r}")
    return sql.Identifier(*parts)


def _schema_exists(pg: psycopg.Connection, schema: str) -> bool:
    return pg.execute("select 1 from pg_namespace where nspname = %s", [schema]).fetchone() is not None


def _drop_schemas(pg: psycopg.Connection, schemas: Iterable[str]) -> None:
    for schema in schemas:
        pg.execute(sql.SQL("drop schema if exists {} cascade").format(_ident(schema)))


# -- loading ----------------------------------------------------------------------------------------
def _create_table(pg: psycopg.Connection, rel: Relation, schema: str) -> None:
    columns = [
        sql.SQL("{} {}{}").format(
            _ident(c.name), sql.SQL(c.pg_type), sql.SQL("" if c.nullable else " not null"))
        for c in rel.columns
    ]
    pg.execute(sql.SQL("create table {} ({})").format(_ident(schema, rel.name), sql.SQL(", ").join(columns)))


def _load_table(duck: duckdb.DuckDBPyConnection, pg: psycopg.Connection, rel: Relation, schema: str) -> int:
    """COPY the rows of one DuckDB table or view into ``schema``.``rel.name``; returns the row count."""
    select = f"select {', '.join(c.select_expr() for c in rel.columns)} from {_dq(rel.schema)}.{_dq(rel.name)}"
    result = duck.execute(select)
    copy_sql = sql.SQL("copy {} ({}) from stdin").format(
        _ident(schema, rel.name), sql.SQL(", ").join(_ident(c.name) for c in rel.columns))
    rows = 0
    with pg.cursor() as cur, cur.copy(copy_sql) as copy:
        while batch := result.fetchmany(BATCH):
            for row in batch:
                copy.write_row(row)
            rows += len(batch)
    return rows


def _add_key(pg: psycopg.Connection, key: Key, schema_map: dict[str, str]) -> None:
    table = _ident(schema_map[key.schema], key.table)
    cols = sql.SQL(", ").join(_ident(c) for c in key.columns)
    if key.kind == "FOREIGN KEY":
        ref = _ident(schema_map[key.ref_schema], key.ref_table)
        ref_cols = sql.SQL(", ").join(_ident(c) for c in key.ref_columns)
        stmt = sql.SQL("alter table {} add foreign key ({}) references {} ({})").format(table, cols, ref, ref_cols)
    else:
        stmt = sql.SQL("alter table {} add {} ({})").format(table, sql.SQL(key.kind.lower()), cols)
    pg.execute(stmt)


def _comment(pg: psycopg.Connection, rel: Relation, schema: str) -> int:
    n = 0
    if rel.comment:
        pg.execute(sql.SQL("comment on table {} is {}").format(_ident(schema, rel.name), sql.Literal(rel.comment)))
        n += 1
    for col in rel.columns:
        if col.comment:
            pg.execute(sql.SQL("comment on column {} is {}").format(
                _ident(schema, rel.name, col.name), sql.Literal(col.comment)))
            n += 1
    return n


def _load_incoming(pg: psycopg.Connection, duckdb_path: Path, schemas: Iterable[str], echo: Echo,
                   extra_keys: Iterable[Key] = ()) -> tuple[Catalog, dict, list, list, int]:
    """Everything into ``<schema>__incoming`` in one committed transaction."""
    duck = duckdb.connect(str(duckdb_path), read_only=True)
    try:
        catalog = read_catalog(duck, schemas)
        catalog.keys += [k for k in extra_keys if k.schema in catalog.schemas]
        incoming = {s: s + INCOMING for s in catalog.schemas}
        rows: dict[str, int] = {}
        with pg.transaction():
            for schema in catalog.schemas:
                pg.execute(sql.SQL("create schema {}").format(_ident(incoming[schema])))
            for rel in catalog.relations:
                _create_table(pg, rel, incoming[rel.schema])
                rows[rel.qualified] = _load_table(duck, pg, rel, incoming[rel.schema])
                echo(f"  copied {rel.qualified}: {rows[rel.qualified]:,} rows")
            duck.close()  # every row is in; the pipeline may replace the file from here on
            loaded = {(r.schema, r.name) for r in catalog.relations}
            done, skipped = [], []
            seen: set[tuple] = set()
            ordered = sorted(catalog.keys, key=lambda k: k.kind == "FOREIGN KEY")  # referenced keys first
            for key in ordered:
                ident = (key.schema, key.table, key.kind, tuple(key.columns))
                if ident in seen:
                    continue
                seen.add(ident)
                if key.kind == "FOREIGN KEY" and (key.ref_schema, key.ref_table) not in loaded:
                    skipped.append(f"{key.describe()}: references a table outside the published schemas")
                    continue
                try:
                    with pg.transaction():  # a savepoint: a key that does not hold is skipped
                        _add_key(pg, key, incoming)
                    done.append(key.describe())
                except (psycopg.errors.IntegrityError, psycopg.errors.InvalidForeignKey) as exc:
                    skipped.append(f"{key.describe()}: does not hold ({exc.diag.message_primary})")
            comments = sum(_comment(pg, rel, incoming[rel.schema]) for rel in catalog.relations)
            for rel in catalog.relations:
                pg.execute(sql.SQL("analyze {}").format(_ident(incoming[rel.schema], rel.name)))
        return catalog, rows, done, skipped, comments
    finally:
        duck.close()


def _swap(pg: psycopg.Connection, schemas: list[str], reader: str | None, source: str) -> None:
    """One transaction: live -> __old, __incoming -> live, drop __old, grant."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    with pg.transaction():
        pg.execute(sql.SQL("set local lock_timeout = {}").format(sql.Literal(SWAP_LOCK_TIMEOUT)))
        for schema in schemas:
            if _schema_exists(pg, schema):
                pg.execute(sql.SQL("alter schema {} rename to {}").format(_ident(schema), _ident(schema + OLD)))
            pg.execute(sql.SQL("alter schema {} rename to {}").format(_ident(schema + INCOMING), _ident(schema)))
            pg.execute(sql.SQL("comment on schema {} is {}").format(
                _ident(schema), sql.Literal(f"Copied from the DuckDB warehouse {source} at {stamp} (python -m bi)")))
        _drop_schemas(pg, [s + OLD for s in schemas])
        for schema in schemas:
            pg.execute(sql.SQL("revoke all on schema {} from public").format(_ident(schema)))
            if reader:
                pg.execute(sql.SQL("grant usage on schema {} to {}").format(_ident(schema), _ident(reader)))
                pg.execute(sql.SQL("grant select on all tables in schema {} to {}").format(_ident(schema), _ident(reader)))


def publish(
    duckdb_path: Path | str,
    url_or_dsn: str,
    schemas: Iterable[str] = SCHEMAS,
    *,
    reader_role: str = READER_ROLE,
    echo: Echo | None = None,
    foreign_keys: Iterable[Key] = (),
) -> PublishSummary:
    """Copy ``schemas`` of the DuckDB file into PostgreSQL atomically; see the module docstring."""
    echo = echo or (lambda _msg: None)
    duckdb_path = Path(duckdb_path)
    if not duckdb_path.is_file():
        raise FileNotFoundError(f"{duckdb_path} not found")
    schemas = list(dict.fromkeys(schemas))
    staging = [s + suffix for s in schemas for suffix in (INCOMING, OLD)]
    with psycopg.connect(conninfo(url_or_dsn), autocommit=True) as pg:
        pg.execute("select pg_advisory_lock(%s)", [LOCK_KEY])
        try:
            _drop_schemas(pg, staging)  # left by a publisher that died (we hold the lock)
            try:
                catalog, rows, keys, skipped, comments = _load_incoming(pg, duckdb_path, schemas, echo, foreign_keys)
                reader = reader_role if pg.execute(
                    "select 1 from pg_roles where rolname = %s", [reader_role]).fetchone() else None
                if catalog.schemas:
                    _swap(pg, catalog.schemas, reader, duckdb_path.name)
            except BaseException:
                if pg.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                    pg.rollback()
                _drop_schemas(pg, [s + INCOMING for s in schemas])
                raise
        finally:
            if not pg.closed and pg.info.transaction_status == psycopg.pq.TransactionStatus.IDLE:
                pg.execute("select pg_advisory_unlock(%s)", [LOCK_KEY])
        target = describe_target(conninfo(url_or_dsn))
    return PublishSummary(target, catalog.schemas, catalog.missing, rows, keys, skipped, comments, reader)
