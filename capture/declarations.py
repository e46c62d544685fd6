"""Declarations in the format of the existing ``seeds/<report_id>/_<report_id>__seeds.yml`` files.

One entry per seed: its description, ``config.meta.table`` (kind, layout, ...), the five provenance columns
with the shared doc blocks, then each column with a description and its ``config.meta`` (``role: label``,
``role: field``, or ``role: value`` with header, group, unit, period, ...), written as YAML flow mappings
the way the hand-written files are. A file that exists is extended: entries of other seeds are kept as
they are, an entry of the same seed is replaced, and entries stay in name order.
"""

from __future__ import annotations

import re
from typing import Any

from capture.model import DraftTable

PREAMBLE = """# The declaration of every table captured from report {report_id}: what each column holds
# (provenance, row labels, printed values with their meaning). Read by dbt (docs, seed types),
# staging, validation and `make capture`; see seeds/README.md.
version: 2

seeds:
"""
PROVENANCE = (
    """      - {name: report_id, description: "{{ doc('seed_report_id') }}"}\n"""
    """      - {name: section, description: "{{ doc('seed_section') }}"}\n"""
    """      - {name: table_title, description: "{{ doc('seed_table_title') }}"}\n"""
    """      - {name: block, description: "{{ doc('seed_block') }}"}\n"""
    """      - {name: source_line, description: "{{ doc('seed_source_line') }}", data_type: integer}\n"""
)
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 _./()'*&+–-]*")
_RESERVED = {"yes", "no", "true", "false", "null", "on", "off", "y", "n", "~"}
_ENTRY = re.compile(r"^  - name: (\S+)\s*$", re.M)


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dict):
        return flow(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    text = str(value)
    if _PLAIN.fullmatch(text) and text == text.strip() and "  " not in text and text.lower() not in _RESERVED:
        return text  # plain, as the hand-written files have it; YAML would read anything else differently
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def flow(mapping: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in mapping.items()) + "}"


def _column(column) -> str:
    lines = [f"      - name: {scalar(column.name)}", f"        description: {scalar(column.description)}"]
    if column.role == "value":
        lines += ["        config:", f"          meta: {flow(column.meta)}"]
    else:
        lines.append(f"        config: {{meta: {flow(column.meta)}}}")
    return "\n".join(lines) + "\n"


def render_entry(table: DraftTable) -> str:
    text = (f"  - name: {scalar(table.name)}\n"
            f"    description: {scalar(table.description)}\n"
            "    config:\n"
            "      meta:\n"
            f"        table: {flow(table.table_meta)}\n"
            "    columns:\n" + PROVENANCE)
    return text + "".join(_column(c) for c in table.columns)


def split(text: str) -> tuple[str, dict[str, str]]:
    """(preamble, entry text by seed name) of a declaration file."""
    matches = list(_ENTRY.finditer(text))
    if not matches:
        return text, {}
    preamble = text[: matches[0].start()]
    entries = {}
    for m, nxt in zip(matches, matches[1:] + [None]):
        body = text[m.start(): nxt.start() if nxt else len(text)]
        entries[m.group(1)] = body.rstrip("\n") + "\n"
    return preamble, entries


def merge(existing: str | None, report_id: str, tables: list[DraftTable]) -> str:
    preamble, entries = split(existing) if existing else (PREAMBLE.format(report_id=report_id), {})
    for table in tables:
        entries[table.name] = render_entry(table)
    return preamble + "\n".join(entries[name] for name in sorted(entries))
