"""Tests of degreefit/batch/."""
