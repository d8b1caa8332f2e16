"""csip's planner: loading, gap analysis, the roadmap optimiser, what-ifs, exports and the CLI.

The package is import-light on purpose (no Textual, no solver at import time) so that the command
line starts fast and the rules package can share the domain model without import cycles.
"""
