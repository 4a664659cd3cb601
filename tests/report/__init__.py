"""Tests of degreefit/report/."""
