"""Rule sets: safe YAML, text normalisation and patterns, schema and loading, lint."""
