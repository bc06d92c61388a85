"""The ways in: REST (FastAPI) and the CLI."""
