"""The roadmap optimiser: the only package that imports PuLP."""
