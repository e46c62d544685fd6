"""EES geography columns for an area, from ``marts.dim_area`` (never from code).

DfE open data standards (ud.html, *Allowable geographic levels*): every row has ``geographic_level``,
``country_code`` and ``country_name``; a ``Regional`` row adds ``region_code`` and ``region_name``; a
``Local authority`` row adds ``old_la_code``, ``new_la_code`` and ``la_name`` and, as good practice, its
region. Columns of a level not in the row are left blank (eesyscreener ``check_geog_overcompleted_cols``:
no region for a National row, no LA columns for a Regional one). A file carries the columns of the
levels it holds (``columns_for``), in the standard's order.
"""

from __future__ import annotations

import pandas as pd

LEVELS = ["National", "Regional", "Local authority"]
COUNTRY = ["country_code", "country_name"]
REGION = ["region_code", "region_name"]
LA = ["old_la_code", "new_la_code", "la_name"]
GEOGRAPHY = COUNTRY + REGION + LA


def _text(value) -> str:
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class Geography:
    """Geography columns of every area ``dim_area`` knows, by ``area_name``."""

    def __init__(self, areas: pd.DataFrame):
        self._of: dict[str, dict] = {}
        if areas is None or areas.empty:
            return
        cols = list(areas.columns)
        for row in zip(*(areas[c].tolist() for c in cols)):
            a = dict(zip(cols, row))
            geo = self._columns(a)
            if geo is not None:
                self._of[_text(a.get("area_name"))] = geo

    @staticmethod
    def _columns(a: dict) -> dict | None:
        level = _text(a.get("geographic_level"))
        out = {"geographic_level": level, **dict.fromkeys(GEOGRAPHY, "")}
        if level == "National":
            out.update(country_code=_text(a.get("area_code")) or _text(a.get("country_code")),
                       country_name=_text(a.get("area_name")))
        elif level == "Regional":
            out.update(country_code=_text(a.get("country_code")), country_name=_text(a.get("country_name")),
                       region_code=_text(a.get("region_code")) or _text(a.get("area_code")),
                       region_name=_text(a.get("region_name")) or _text(a.get("area_name")))
        elif level == "Local authority":
            out.update(country_code=_text(a.get("country_code")), country_name=_text(a.get("country_name")),
                       region_code=_text(a.get("region_code")), region_name=_text(a.get("region_name")),
                       old_la_code=_text(a.get("la_number")), new_la_code=_text(a.get("area_code")),
                       la_name=_text(a.get("area_name")))
        else:
            return None  # a level this export does not publish
        return out

    def of(self, area_name) -> dict | None:
        """``geographic_level`` and every geography column for the area, or None when unknown."""
        geo = self._of.get(_text(area_name))
        return dict(geo) if geo is not None else None


def columns_for(levels: set[str]) -> list[str]:
    """The geography columns (after ``geographic_level``) a file with these levels carries."""
    cols = list(COUNTRY)
    if levels & {"Regional", "Local authority"}:
        cols += REGION
    if "Local authority" in levels:
        cols += LA
    return cols


def level_rank(level: str) -> int:
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)
