"""Exports of the scorecard warehouse, for people and for BI tools. Reads the ``marts`` schema only.

Each exporter takes ``(db_path, out_dir)``, opens the DuckDB file read-only, writes under ``out_dir``
and returns the paths it wrote. ``EXPORTERS`` maps each dbt exposure (``dbt_project/models/
exposures.yml``: the one declaration of an export and what it reads) to its exporter:

* ``tables``: every table of ``marts`` as CSV and Parquet, with a data dictionary (published figures
  as printed; no disclosure control);
* ``scorecard_workbook``: ``education_scorecard.xlsx``, the Education Scorecard as printed, typed;
* ``scorecard_page``: ``scorecard.html``, a static, self-contained page of headline charts;
* ``open_data``: ``open_data/``, observations in the DfE Explore Education Statistics layout.

The last three are public: they apply disclosure control.
"""

from __future__ import annotations

from .html import export_scorecard_html
from .open_data import export_open_data
from .spreadsheet import export_spreadsheet
from .tables import export_tables

EXPORTERS = {
    "tables": export_tables,
    "scorecard_workbook": export_spreadsheet,
    "scorecard_page": export_scorecard_html,
    "open_data": export_open_data,
}

__all__ = ["EXPORTERS", "export_open_data", "export_scorecard_html", "export_spreadsheet", "export_tables"]
