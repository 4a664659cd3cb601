"""`degreefit rules test`: run every test case of a rule set and say how each went.

The cases are read and held to the rule set (`casefile`) and run (`caserun`); `printout` words
the outcome.
"""

from __future__ import annotations

from pathlib import Path

from degreefit.engine import Engine
from degreefit.errors import DegreefitError
from degreefit.report.wording import counted
from degreefit.ruleset.casefile import case_files, load_cases
from degreefit.ruleset.caserun import coverage, run_case
from degreefit.ruleset.load import builtin_rules_dir, load_ruleset
from degreefit.ruleset.printout import Said, all_passed, case_report


def run(directory: Path | None, *, show_coverage: bool, every: bool) -> Said:
    """Run the cases of the rule set in `directory` (the built-in one when None): the report,
    failing when a case does; DegreefitError when it has no cases."""
    where = directory or builtin_rules_dir()
    ruleset = load_ruleset(where)
    cases = load_cases(where, ruleset) if case_files(where) else ()
    if not cases:
        raise DegreefitError(
            f"{where / 'cases'}: no test cases; add a YAML file of cases there, written like "
            f"{builtin_rules_dir() / 'cases' / 'personas.yaml'}"
        )
    engine = Engine(ruleset)
    results = [run_case(engine, case) for case in cases]
    found = coverage(ruleset, results) if show_coverage else None
    report = case_report(results, where, found, every=every)
    failed = sum(not result.passed for result in results)
    if failed:
        return Said(report, f"{failed:,} of {counted(len(results), 'case')} failed")
    return Said(report + all_passed(results, where))
