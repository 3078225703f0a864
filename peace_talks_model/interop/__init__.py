"""Importers and exporters for the field's datasets (PA-X first; see `docs/import/`)."""
