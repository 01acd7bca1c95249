"""Loading registers: bundled editions, profiles, where the bundled data is."""
