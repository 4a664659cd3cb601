"""Run degreefit as `python -m degreefit`."""

from degreefit.cli import main

main()
