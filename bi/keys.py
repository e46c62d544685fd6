"""Foreign keys for the PostgreSQL copy, from the dbt project's relationships tests.

The warehouse states every relationship once, as a dbt ``relationships`` test (a DuckDB FOREIGN KEY
would pin the referenced dimension: DuckDB cannot rename or replace a table another table references,
which every rebuild does). PostgreSQL gets them as real FOREIGN KEY constraints, so BI tools see the
joins; each is added only where it holds in the copied data.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from bi.publish import Key


def foreign_keys(manifest_path: Path | None) -> list[Key]:
    if manifest_path is None or not Path(manifest_path).exists():
        return []
    manifest = json.loads(Path(manifest_path).read_text(encoding="utf-8"))
    nodes = manifest.get("nodes", {})
    keys = []
    for test in nodes.values():
        meta = test.get("test_metadata") or {}
        if test.get("resource_type") != "test" or meta.get("name") != "relationships":
            continue
        child = nodes.get(test.get("attached_node") or "")
        kwargs = meta.get("kwargs") or {}
        match = re.search(r"ref\(\s*['\"]([^'\"]+)['\"]\s*\)", str(kwargs.get("to") or ""))
        parent = next((n for n in nodes.values() if match and n.get("resource_type") == "model"
                       and n.get("name") == match.group(1)), None)
        if not child or not parent or not kwargs.get("column_name") or not kwargs.get("field"):
            continue
        keys.append(Key(child["schema"], child.get("alias") or child["name"], "FOREIGN KEY", [kwargs["column_name"]],
                        parent["schema"], parent.get("alias") or parent["name"], [kwargs["field"]]))
    return keys
