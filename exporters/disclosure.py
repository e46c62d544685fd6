"""Disclosure control for the public exports: a pure function over a DataFrame of cells.

The rule (threshold ``t``, default 5, see ``config.py``):

1. Primary suppression: a count of children from 1 up to ``t`` inclusive is replaced by ``c`` (the
   DfE / GSS symbol for confidential). Zero is not suppressed; counts of things other than children
   (schools, sessions, money) are never suppressed.
2. Secondary suppression: a group is a total with its components (e.g. the "Sefton Total" row and
   the language rows above it, or an Ofsted "Total" column and its four grade columns). When exactly
   one member of a group is suppressed, the other members would give it away by subtraction, so the
   next smallest component of that group is suppressed too (the smallest non-zero one; a zero, or
   the total when no component is left). Repeated until no group reveals a suppressed cell, since a
   cell can sit in a row group and a column group.
3. Derived values: a share (percentage) computed from a suppressed count is suppressed too.

The marts keep every published figure; only the public exports apply this.
"""

from __future__ import annotations

import pandas as pd

PRIMARY = "primary"
SECONDARY = "secondary"
DERIVED = "derived"

CELL_COLUMNS = ("cell_id", "value", "is_child_count")


def suppress(
    cells: pd.DataFrame,
    groups: pd.DataFrame | None = None,
    threshold: int = 5,
) -> pd.DataFrame:
    """Decide which cells to suppress.

    ``cells``: one row per cell, columns ``cell_id`` (unique), ``value`` (number or null),
    ``is_child_count`` (bool) and optionally ``share_of`` (the ``cell_id`` of the count a share is
    computed from; null otherwise). Extra columns are kept.

    ``groups``: one row per membership, columns ``group_id``, ``cell_id``, ``role`` ('total' or
    'component'); a cell may belong to several groups. Optional.

    Returns a copy of ``cells`` with ``suppressed`` (bool) and ``suppression`` (primary / secondary /
    derived / null). ``threshold <= 0`` suppresses nothing.
    """
    missing = [c for c in CELL_COLUMNS if c not in cells.columns]
    if missing:
        raise ValueError(f"cells is missing columns {missing}")
    if cells["cell_id"].duplicated().any():
        raise ValueError("cell_id must be unique")
    out = cells.copy()
    reason: dict[object, str] = {}
    if threshold <= 0:
        out["suppressed"] = False
        out["suppression"] = pd.Series([None] * len(out), index=out.index, dtype="object")
        return out

    value = dict(zip(out["cell_id"], pd.to_numeric(out["value"], errors="coerce")))
    child = dict(zip(out["cell_id"], out["is_child_count"].fillna(False).astype(bool)))

    # 1. primary
    for cid, v in value.items():
        if child[cid] and pd.notna(v) and 1 <= v <= threshold:
            reason[cid] = PRIMARY

    # 2. secondary, to a fixed point
    if groups is not None and len(groups):
        by_group: dict[object, tuple[list, list]] = {}
        for gid, cid, role in zip(groups["group_id"], groups["cell_id"], groups["role"]):
            if cid not in value:
                continue
            totals, components = by_group.setdefault(gid, ([], []))
            (totals if role == "total" else components).append(cid)
        changed = True
        while changed:
            changed = False
            for totals, components in by_group.values():
                if not totals:
                    continue  # no equation to solve without a total
                known = [c for c in totals + components if pd.notna(value[c])]
                hidden = [c for c in known if c in reason]
                if len(hidden) != 1:
                    continue
                candidates = [c for c in components if c in known and c not in reason]
                nonzero = [c for c in candidates if value[c] != 0]
                pool = nonzero or candidates or [c for c in totals if c in known and c not in reason]
                if not pool:
                    continue
                pick = min(pool, key=lambda c: (value[c], str(c)))
                reason[pick] = SECONDARY
                changed = True

    # 3. shares of suppressed counts
    if "share_of" in out.columns:
        for cid, base in zip(out["cell_id"], out["share_of"]):
            if pd.notna(base) and base in reason and cid not in reason:
                reason[cid] = DERIVED

    out["suppression"] = out["cell_id"].map(reason).astype("object")
    out["suppressed"] = out["suppression"].notna()
    return out


def mask(values: pd.Series, suppressed: pd.Series, marker: str = "c") -> pd.Series:
    """``values`` as objects with suppressed entries replaced by ``marker``."""
    result = values.astype("object").copy()
    result[suppressed.fillna(False).astype(bool)] = marker
    return result
