"""Benchmark harness of the portal: `make bench` (bench/run.py). Never part of the test suite."""
