"""Running the programme: where a progress file stands (timeline), plan against actual (status)."""
