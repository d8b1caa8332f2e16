"""The shipped frameworks as data: maturity models, ITIL process lists and ITIL mappings (TOML)."""
