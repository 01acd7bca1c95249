"""Typed records: services, registers, labels, COFOG codes."""
