"""The metric layer's answers as tables: every MetricFlow saved query materialised into schema
``metrics`` of the warehouse, so a BI tool that cannot call ``mf`` sees the same answers."""
