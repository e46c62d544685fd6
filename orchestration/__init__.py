"""Dagster code location for the Sefton children's-services scorecard warehouse."""
