"""The audit: human-service catalogue, budget tables, coverage, the report model."""
