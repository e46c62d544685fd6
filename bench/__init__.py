"""Benchmarks of the scorecard pipeline (``make bench``; not part of ``make test``).

* ``bench.run``: times the pipeline's steps (validation, seed load, dbt models, dbt tests, exports, the
  full refresh and a no-change re-run), a floor (the compiled SQL of every model executed directly in
  one DuckDB connection), typical BI queries against the marts, an ``mf query``, and the same models on
  synthetic multi-authority data at 1, 10 and 153 authorities; writes ``bench/results/<date>.json``.
* ``bench.scale``: the generator of that synthetic data (``bench/scale/<n>/``, git-ignored). Every
  synthetic figure is labelled as such and is never presented as a real authority's figure.
"""
