"""What a run must rebuild: the dbt nodes that changed since the published release, and everything
downstream of them (dbt's ``state:modified+``, computed from the two manifests).

A node changed when its own file (checksum), its configuration, its columns or description, or the
SQL of any macro it uses (through other macros too) differ from the published release's manifest,
or when it is new. Models that read the seed declarations from the graph (``meta.reads_declarations``:
the staging of the declarations, the text-table marts) change with any seed's declaration. A node
the new manifest no longer has (a removed seed or model) means a full rebuild: a partial build starts
from a copy of the published database and would keep the removed table.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BUILT = ("seed", "model", "snapshot")
VOLATILE = ("created_at", "root_path", "build_path", "patch_path", "path", "original_file_path")


@dataclass(frozen=True)
class Plan:
    full: bool
    nodes: frozenset[str]  # unique ids to build (empty when nothing dbt builds changed)
    reason: str


def _macro_signatures(manifest: Mapping[str, Any]) -> dict[str, str]:
    macros = manifest.get("macros", {})
    memo: dict[str, str] = {}

    def sig(uid: str, seen: frozenset = frozenset()) -> str:
        if uid in memo:
            return memo[uid]
        macro = macros.get(uid, {})
        h = hashlib.sha256((macro.get("macro_sql") or "").encode())
        for dep in sorted((macro.get("depends_on") or {}).get("macros", [])):
            if dep not in seen:
                h.update(sig(dep, seen | {uid}).encode())
        memo[uid] = h.hexdigest()
        return memo[uid]

    return {uid: sig(uid) for uid in macros}


def _declaration(node: Mapping[str, Any]) -> Any:
    return {"columns": node.get("columns"), "config": node.get("config"), "description": node.get("description")}


def _signature(node: Mapping[str, Any], macros: Mapping[str, str]) -> str:
    body = {k: v for k, v in node.items() if k not in VOLATILE and k != "checksum"}
    body["checksum"] = (node.get("checksum") or {}).get("checksum")
    body["macros"] = [macros.get(m, m) for m in (node.get("depends_on") or {}).get("macros", [])]
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


def _built(manifest: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    return {uid: n for uid, n in manifest.get("nodes", {}).items() if n.get("resource_type") in BUILT}


def modified(old: Mapping[str, Any], new: Mapping[str, Any]) -> set[str]:
    old_macros, new_macros = _macro_signatures(old), _macro_signatures(new)
    old_nodes, new_nodes = _built(old), _built(new)
    changed = {uid for uid, node in new_nodes.items()
               if uid not in old_nodes or _signature(node, new_macros) != _signature(old_nodes[uid], old_macros)}
    declarations_changed = any(
        uid in old_nodes and _declaration(node) != _declaration(old_nodes[uid])
        for uid, node in new_nodes.items() if node.get("resource_type") == "seed")
    if declarations_changed:
        changed |= {uid for uid, n in new_nodes.items() if ((n.get("config") or {}).get("meta") or {}).get("reads_declarations")}
    return changed


def downstream(manifest: Mapping[str, Any], uids: set[str]) -> set[str]:
    children = manifest.get("child_map", {})
    built = _built(manifest)
    out, stack = set(), list(uids)
    while stack:
        uid = stack.pop()
        if uid in out:
            continue
        out.add(uid)
        stack += [c for c in children.get(uid, []) if c in built]
    return out


def plan(published_manifest: Path | None, manifest: Path) -> Plan:
    if published_manifest is None or not Path(published_manifest).exists():
        return Plan(True, frozenset(), "no published manifest to compare with")
    old = json.loads(Path(published_manifest).read_text(encoding="utf-8"))
    new = json.loads(Path(manifest).read_text(encoding="utf-8"))
    removed = set(_built(old)) - set(_built(new))
    if removed:
        return Plan(True, frozenset(), f"{len(removed)} node(s) removed since the published release")
    changed = modified(old, new)
    nodes = downstream(new, changed)
    names = sorted(uid.split(".")[-1] for uid in changed)
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    return Plan(False, frozenset(nodes), f"changed: {shown or 'nothing dbt builds'}; {len(nodes)} node(s) to build")
