"""Draft seeds from a report's text: ``make capture REPORT=<file> REPORT_ID=<id> [LINES=a-b] [OUT=dir]``.

The flow (``capture.cli.run``), one module per step:

1. ``report_text``  - the report file, its lines and what kind each line is (table row, prose, page furniture);
2. ``finder``       - the tables in the lines: tab-separated blocks with their header rows, sub-headings
                      (``block``), headings, notes and page-break continuations (``list_tables``: bullet lists
                      of figures); ``cells`` says which cells are printed figures (staging's own reading);
3. ``drafting``     - each table as a draft seed: provenance, label and value columns, names from the printed
                      headers (``headers``, ``periods``, ``naming``, ``units``);
4. ``knowledge`` / ``reuse`` - what earlier captures already know (seed names, column names and meanings,
                      row meanings), applied to a table printed again;
5. ``headlines`` and ``registry`` - figures stated in running text, and the report's ``reports.csv`` row;
6. ``writer`` / ``declarations`` - CSVs and declarations written in the capture guide's format (only what is
                      complete enough for the gate); ``review`` - the review file; ``project_staging`` - the
                      generated staging models of the project the seeds belong to.

Nothing in a cell is altered: a cell is the printed text of its tab-separated field (whitespace trimmed; a
field that is one HTML paragraph of the rendering, ``<p>text</p>``, is its text).
"""
