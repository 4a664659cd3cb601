"""Helpers the test modules share: plain functions, constants and hypothesis strategies.

Fixtures live in conftest.py."""
