"""Tests of degreefit/ask/."""
