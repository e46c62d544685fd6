"""The shared core: paths, environment, the seed catalog and the warehouse connection.

Everything else (``expectations``, ``orchestration``, ``exporters``, ``capture``, ``bi``, ``bench``)
imports from here; this package imports none of them.
"""
