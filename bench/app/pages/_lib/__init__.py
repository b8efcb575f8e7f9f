"""Helpers of the benchmark's bridge app."""
