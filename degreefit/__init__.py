"""degreefit: which graduate degree fits a physician, nurse or health-care manager."""

__version__ = "0.1.0"
