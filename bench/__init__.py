"""Render benchmark of the public portal: ``python -m bench`` (see bench/README.md)."""
