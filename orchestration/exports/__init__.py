"""Exports of the scorecard warehouse.

Each export takes ``(db_path, out_dir)``, opens the DuckDB file read-only, writes under ``out_dir``
and returns the paths it wrote:

* ``export_tables``: every table of the ``marts`` schema as CSV and Parquet, with a data dictionary
  (published figures as printed; no disclosure control).
* ``export_spreadsheet``: ``education_scorecard.xlsx``, the Education Scorecard as printed, typed.
* ``export_scorecard_html``: ``scorecard.html``, a static, self-contained page of headline charts.
* ``export_open_data``: ``open_data/``, every observation in the DfE Explore Education Statistics
  tidy-data layout, with its metadata files.

The last three are public: they apply disclosure control (``disclosure.py``, ``config.py``).
"""

from __future__ import annotations

from .html import export_scorecard_html
from .open_data import export_open_data
from .spreadsheet import export_spreadsheet
from .tables import export_tables

__all__ = ["export_tables", "export_spreadsheet", "export_scorecard_html", "export_open_data"]
