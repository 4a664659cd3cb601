"""Tests of degreefit/ruleset/."""
