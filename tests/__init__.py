"""The test suite: test modules, their fixtures (conftest.py) and the helpers they share (helpers/)."""
