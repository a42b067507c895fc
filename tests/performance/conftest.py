"""Fixtures for the performance tests: generated datasets of one shape at two sizes."""
