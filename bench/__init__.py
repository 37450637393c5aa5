"""Benchmarks, run by hand: ``python -m bench`` (see ``bench/run.py``); results in ``bench/results.md``."""
