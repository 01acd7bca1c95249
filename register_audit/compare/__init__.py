"""Comparing editions: matching services, the diff, the trend."""
