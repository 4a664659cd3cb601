"""Tests of degreefit/catalog/."""
