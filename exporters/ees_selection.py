"""Which observations the open data carries, and why each other one is left out.

Open data holds the reports' figures as exact numbers for a period EES can name. An observation is
left out (listed in ``open_data/excluded.csv`` with one of ``REASONS``) when it is:

* a comparison between periods or a multi-year average (statistic ``change`` or
  ``multi_year_average``): EES has no time identifier for either (ud.html, *List of allowable time
  values*); the underlying single-period figures are published where the reports print them;
* a figure the warehouse computed rather than read (``figure_role`` ``derived_*``: attendance = 100 -
  absence, an EHCP cohort implied by printed shares): open data carries what the reports print (a
  printed '-' read as nil is printed and stays);
* a qualified figure ("over 300", "approximately 3,000", "nearly 40%"): an EES indicator is an exact
  number, so 300 would say more than the report did;
* a fraction printed in words or as a/b ("two-thirds"): no decimal form was printed, and any
  ``indicator_dp`` would show a rounded figure the report did not print;
* a period with no EES time identifier (``ees_time``): a part year, a half term, a span of dates that
  is no standard period, an undated period;
* for an area ``dim_area`` does not know, or from a report with no area;
* superseded: another figure for the same cell (indicator, time, place, filters), from a later
  snapshot or report, is published (EES has one value per cell).
"""

from __future__ import annotations

import math

from .ees_time import Exclusion
from .marts import missing as _missing

PUBLISHED_STATISTICS = {"level", "target"}

REASONS = {
    "comparison": "a comparison between two periods (a change or difference): EES has no time identifier "
                  "for a comparison; the single-period figures are published where the reports print them",
    "multi_year_average": "an average over several years: EES has no time identifier for a multi-year span, "
                          "and this project never averages rates itself",
    "computed_by_warehouse": "computed by the warehouse, not printed in a report (open data carries the "
                             "reports' figures)",
    "qualified_figure": "a qualified figure (e.g. 'over', 'approximately'): an EES indicator is an exact "
                        "number, so publishing the number alone would overstate it",
    "fraction_in_words": "a fraction printed in words or as a/b: the report gives no decimal figure and EES "
                         "would show it rounded",
    "part_year": "a part year (year to date): EES has no time identifier for a part year, and coding it as "
                 "the whole year would misstate it",
    "half_term": "a half term: EES has no half-term time identifier",
    "no_time_identifier": "a span of dates that is not a period EES has a time identifier for",
    "period_not_stated": "the report does not date the period",
    "statistic_not_published": "a statistic open data does not carry",
    "unknown_area": "an area the warehouse's dim_area does not describe (no EES geography)",
    "report_area_unknown": "the report's area is not recorded, so the file it belongs to cannot be named",
    "superseded": "another figure for the same indicator, time period, place and filters is published "
                  "(EES holds one value per cell)",
}




def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def not_at_printed_precision(value, decimals) -> bool:
    """True when the value has more decimals than the report printed (a fraction printed as words)."""
    if _missing(value) or _missing(decimals):
        return False
    v, d = float(value), int(decimals)
    return not math.isclose(v, round(v, d), rel_tol=0, abs_tol=10 ** -(d + 6))


def excluded(o: dict) -> Exclusion | None:
    """Why an observation is left out of the open data (before its time and place), or None."""
    statistic = _text(o.get("statistic")) or "level"
    if statistic == "change" or o.get("period_type") == "change":
        return Exclusion("comparison")
    if statistic == "multi_year_average" or o.get("period_type") == "multi_year":
        return Exclusion("multi_year_average")
    if statistic not in PUBLISHED_STATISTICS:
        return Exclusion("statistic_not_published", statistic)
    role = _text(o.get("figure_role"))
    if role.startswith("derived"):
        return Exclusion("computed_by_warehouse", role)
    qualifier = _text(o.get("value_qualifier"))
    if qualifier.startswith("fraction"):
        return Exclusion("fraction_in_words")
    if qualifier:
        return Exclusion("qualified_figure", qualifier)
    if not_at_printed_precision(o.get("value"), o.get("printed_decimals")):
        return Exclusion("fraction_in_words")
    return None


def reason_text(exclusion: Exclusion) -> str:
    text = REASONS.get(exclusion.code, exclusion.code)
    return f"{text} ({exclusion.detail})" if exclusion.detail else text
