"""Benchmarks behind `make bench`: each measured against a baseline run in the same process, same run."""
