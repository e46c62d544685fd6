"""The Reconciliation sheet: ``marts.fct_reconciliation``, the checks of every printed derived figure,
for a reader who filters and sorts.

* ordered mismatches first, then not_checkable, then match (then report, table, report line);
* a cross-report check names both sources: the report, line and printed text of the compared figure
  (``compared_observation_id`` in ``fct_metric_observations``);
* published_value, recomputed_value, difference and tolerance are numbers (or blank) with a number
  format: the printed precision of the figure for the published value, two more decimals for the
  others (a fixed format where the precision is not known);
* disclosure control: a check of a figure hidden in the public copy (or compared with one) keeps its
  status but blanks its values, shows ``c`` as its printed text, says so in the ``disclosure`` column,
  and withholds a description or reason that quotes figures; the description or reason of a check of a
  figure in running text (it quotes its sentence) that quotes a figure of its report the public copy hides
  is withheld too.
"""

from __future__ import annotations

import re

import pandas as pd

from . import numfmt
from .marts import SUPPRESSED_MARKER, Marts
from .workbook_cells import missing
from .workbook_frames import Frame

STATUS_ORDER = {"mismatch": 0, "not_checkable": 1, "match": 2}
HIDDEN = "hidden by disclosure control"
WITHHELD = "withheld: it quotes a figure hidden by disclosure control"
NUMERIC = ("published_value", "recomputed_value", "difference", "tolerance")
COLUMNS = ("status", "disclosure", "check_type", "metric_id", "metric_name", "report_id", "source_locator",
           "printed_text", "unit", "published_value", "recomputed_value", "difference", "tolerance",
           "value_qualifier", "description", "reason", "compared_report_id", "compared_source_locator",
           "compared_printed_text", "check_id", "observation_id", "compared_observation_id")
MART_COLUMNS = ("check_id", "check_type", "metric_id", "report_id", "source_table", "source_locator", "printed_text",
                "description", "published_value", "recomputed_value", "difference", "tolerance", "value_qualifier",
                "status", "reason", "observation_id", "compared_observation_id")
UNPRINTED = ("check_id", "observation_id", "compared_observation_id")
WIDE = ("description", "reason", "source_locator", "compared_source_locator", "metric_name")

# what a description may contain without quoting a figure: identifiers, file names, report lines, dates and
# years (2018/19, 27/10/2023) and the x 100 of a percentage
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*"
_NOT_FIGURES = re.compile(r"\S*_\S*|\S+\.txt|\blines? [0-9]+(?:-[0-9]+)?|\bx 100\b|\bup to 100\b"
                          r"|[0-9]+(?:/[0-9]+)+|\b[0-9]{1,2}(?:st|nd|rd|th)? " + _MONTH + r"\b|\b" + _MONTH
                          + r" [0-9]{4}\b|\b(?:19|20)[0-9]{2}\b")
_NUMBER_WORDS = ("none|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
                 "sixteen|seventeen|eighteen|nineteen|twenty|half|third|thirds|quarter|quarters|doubled")
_FIGURE = re.compile(r"(?<![0-9.,])[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?%?|\b(?:" + _NUMBER_WORDS + r")\b", re.IGNORECASE)


def figures_quoted(text) -> set[str]:
    """The figures a description quotes (numbers and number words outside identifiers, lines and dates)."""
    if missing(text):
        return set()
    rest = _NOT_FIGURES.sub(" ", str(text))
    return {_norm(m.group(0)) for m in _FIGURE.finditer(rest)}


def quotes_figures(text) -> bool:
    return bool(figures_quoted(text))


def _norm(figure) -> str:
    return str(figure).strip().rstrip("*").strip().lower()


def _withhold(text, own_hidden: bool, in_text: bool, hidden_texts: set[str]) -> bool:
    """Withhold a description or reason that quotes a figure when its check's figure is hidden, or, for a
    check of a figure in running text (whose description quotes its sentence), when it quotes a figure of
    its report that the public copy hides."""
    quoted = figures_quoted(text)
    if not quoted:
        return False
    return own_hidden or (in_text and bool(quoted & hidden_texts))


def frame(marts: Marts, apply_disclosure: bool) -> Frame:
    rec = marts.reconciliation.copy() if marts.reconciliation is not None else pd.DataFrame()
    for col in MART_COLUMNS:
        if col not in rec.columns:
            rec[col] = None
    obs = marts.observations.set_index("observation_id") if len(marts.observations) else pd.DataFrame()

    def obs_field(ids: pd.Series, name: str) -> list:
        if name not in obs.columns:
            return [None] * len(ids)
        m = obs[name].to_dict()
        return [m.get(i) if not missing(i) else None for i in ids]

    rec["metric_name"] = [marts.metric(m).get("metric_name") if not missing(m) else None for m in rec["metric_id"]]
    rec["unit"] = obs_field(rec["observation_id"], "unit")
    rec["compared_report_id"] = obs_field(rec["compared_observation_id"], "report_id")
    rec["compared_source_locator"] = obs_field(rec["compared_observation_id"], "source_locator")
    rec["compared_printed_text"] = obs_field(rec["compared_observation_id"], "printed_text")
    decimals = obs_field(rec["observation_id"], "printed_decimals")
    roles = obs_field(rec["observation_id"], "figure_role")  # share / count: a printed table cell
    line = obs_field(rec["observation_id"], "source_line")

    hidden_ids: set = set()
    hidden_texts: dict[str, set[str]] = {}  # report -> printed texts of its hidden counts
    if apply_disclosure and "is_suppressed" in obs.columns:
        hid = obs[obs["is_suppressed"].fillna(False).astype(bool)]
        hidden_ids = set(hid.index)
        for report_id, printed, unit in zip(hid["report_id"], hid["printed_text"], hid["unit"]):
            if not missing(printed) and unit == "count":  # what disclosure control hides at source: counts
                hidden_texts.setdefault(report_id, set()).add(_norm(printed))
    hidden = [(o in hidden_ids) or (c in hidden_ids)
              for o, c in zip(rec["observation_id"], rec["compared_observation_id"])]
    rec["disclosure"] = [HIDDEN if h else None for h in hidden]
    rec = rec.astype(dict.fromkeys(("printed_text", "compared_printed_text", "description", "reason"), "object"))
    mask = pd.Series(hidden, index=rec.index, dtype=bool)
    if mask.any():
        for col in NUMERIC[:3]:
            rec[col] = rec[col].astype("float64")
            rec.loc[mask, col] = float("nan")
        rec.loc[mask, "printed_text"] = SUPPRESSED_MARKER
        has_compared = mask & rec["compared_observation_id"].notna()
        rec.loc[has_compared, "compared_printed_text"] = SUPPRESSED_MARKER
    if hidden_texts:
        for col in ("description", "reason"):
            withheld = [_withhold(t, h, role not in ("share", "count"), hidden_texts.get(r, set()) | hidden_texts.get(cr, set()))
                        for t, h, role, r, cr in zip(rec[col], hidden, roles, rec["report_id"], rec["compared_report_id"])]
            rec.loc[pd.Series(withheld, index=rec.index, dtype=bool), col] = WITHHELD

    rec["_d"] = [None if missing(d) else int(d) for d in decimals]
    rec["_d"] = [d if d is not None else _printed_decimals(t) for d, t in zip(rec["_d"], rec["printed_text"])]
    rec["_rank"] = [STATUS_ORDER.get(s, 3) for s in rec["status"]]
    rec["_line"] = [n if not missing(n) else 0 for n in line]
    rec = rec.sort_values(["_rank", "report_id", "source_table", "_line", "check_type", "check_id"],
                          kind="stable", na_position="last").reset_index(drop=True)
    formats: dict[str, list] = {c: [] for c in NUMERIC}
    for d in rec["_d"]:
        formats["published_value"].append(numfmt.fixed_format(d) if d is not None else "#,##0.00")
        finer = numfmt.fixed_format(d + 2) if d is not None else "#,##0.0000"
        for c in NUMERIC[1:]:
            formats[c].append(finer)
    out = rec[list(COLUMNS)].copy()
    for c in NUMERIC:
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    return Frame(out, formats, WIDE, UNPRINTED)


def _printed_decimals(text) -> int | None:
    if missing(text) or not re.search(r"\d", str(text)):
        return None
    return numfmt.decimals(str(text))


def counts(f: Frame) -> dict[str, int]:
    return f.data["status"].value_counts().to_dict()
