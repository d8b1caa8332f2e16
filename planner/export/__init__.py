"""Writing the CSIP plan: Markdown, TOML, CSV and JSON."""
