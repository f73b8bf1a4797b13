"""Reproducible benchmarks of what users feel (DESIGN.md §8). See benchmarks/README.md."""
