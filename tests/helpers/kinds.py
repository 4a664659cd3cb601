"""One question of each kind, for the tests of answer kinds and their values."""

from __future__ import annotations

from degreefit.models import Choice, Question

CHOICES = (Choice("mmm", "Master of Medical Management"), Choice("mba", "Master of Business Administration"))


SINGLE = Question("degree", "single", "Which degree?", topic="Degree", choices=CHOICES)


MULTI = Question("goals", "multi", "Your goals?", topic="Goals", choices=CHOICES)


BOOLEAN = Question("practicing", "boolean", "Do you practice?")


INTEGER = Question("years", "integer", "How many years?", min=0, max=10)


ONE_OF_EACH = {"single": SINGLE, "multi": MULTI, "boolean": BOOLEAN, "integer": INTEGER}
