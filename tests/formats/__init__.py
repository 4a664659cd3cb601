"""Tests of degreefit/formats/."""
