"""Shared BI on PostgreSQL: a local server (``bi.server``) and the copy of the published DuckDB
warehouse's ``marts`` and ``metrics`` schemas into it (``bi.publish``). CLI: ``python -m bi``."""
