"""Timing benchmarks: each module runs as ``python -m benchmarks.<name>``; they print, never assert."""
