"""The CI gate: policies, their evaluation and measures."""
