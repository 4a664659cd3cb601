"""`degreefit rules`: check, test and compare rule sets (the advisor's workbench)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from degreefit.cli.options import ViewFormat, ViewFormatOption, rules_dir
from degreefit.errors import DegreefitError
from degreefit.output import write_json, write_text

rules_app = typer.Typer(
    help="Check, test and compare rule sets (copies of rules/ that an advisor edits). "
    "The guide for rule authors is README.md in the rules folder (rules/README.md).",
    no_args_is_help=True,
)


RulesDirArgument = Annotated[
    Optional[str],  # noqa: UP045 - typer reads this annotation at runtime
    typer.Argument(metavar="[DIR]", help="The rule set (a copy of rules/); the built-in one when left out."),
]


@rules_app.command("check")
def rules_check(
    directory: RulesDirArgument = None,
) -> None:
    """Check a rule set and report every problem at once, as file:line: rule-id: message.

    Beyond what loading checks (unknown keys, ids, questions, values, degrees, cites, rules
    that can never fire, rules held to their claims), it reports source sections no claim
    cites, claims nothing uses without saying why, degrees that no answers rank first (a
    degree marked thinly_sourced is a note instead), and test cases (DIR/cases) that are not
    well formed. Exit 0 when clean, 2 when not.
    """
    from degreefit.ruleset import check

    checked = check.run(rules_dir(directory))
    write_text(checked.text)
    if checked.error:
        raise DegreefitError(checked.error)


@rules_app.command("test")
def rules_test(
    directory: RulesDirArgument = None,
    show_coverage: Annotated[
        bool,
        typer.Option(
            "--coverage", help="Also list the rules, gates, notes and claims that no case exercises."
        ),
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every case, passing ones too.")
    ] = False,
) -> None:
    """Run the rule set's test cases (DIR/cases/*.yaml): each is a person's answers and what
    the advice must be.

    A case can expect the degree first on its own (`top: MMed`), the degrees tied for first
    (`top: [MHA, MBA]`), acceptable firsts (`top_one_of`), degrees kept out of first place
    (`not_first`), a degree's `eligibility`, and rules, gates, notes or claims among the
    `reasons`. Each failing case is shown with what it got and the rules that decided it
    (--verbose lists the passing ones too). Exit 0 when every case holds, 2 when not.
    """
    from degreefit.ruleset import cases

    tested = cases.run(rules_dir(directory), show_coverage=show_coverage, every=verbose)
    write_text(tested.text)
    if tested.error:
        raise DegreefitError(tested.error)


@rules_app.command("diff")
def rules_diff(
    old: Annotated[str, typer.Argument(metavar="OLD", help="The rule set before the edit (a directory).")],
    new: Annotated[str, typer.Argument(metavar="NEW", help="The rule set after the edit (a directory).")],
    answers: Annotated[
        Optional[str],  # noqa: UP045 - typer reads this annotation at runtime
        typer.Option("--answers", "-a", metavar="FILE", help="Compare the advice for one person's answers."),
    ] = None,
    cohort_file: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--cohort", metavar="FILE", help="Compare the advice for a cohort (JSON Lines or CSV)."),
    ] = None,
    sample_size: Annotated[
        Optional[int],  # noqa: UP045 - typer reads this annotation at runtime
        typer.Option(
            "--sample",
            min=0,
            max=100_000,
            metavar="N",
            help="Without --answers or --cohort: how many random answer sets join NEW's test cases "
            "(default 2000).",
        ),
    ] = None,
    output_format: ViewFormatOption = ViewFormat.text,
) -> None:
    """Show what an edit of a rule set changes, and whose advice it changes.

    First the claims, rules, gates, notes, degrees and questions added, removed, changed or
    reweighted; then, for the same people ranked under OLD and under NEW, how many first
    places change and from what to what, the largest score moves, and one example person
    for each. The people are NEW's test cases plus a fixed sample of random answers (the
    same every run), or those of --answers or --cohort.
    """
    from degreefit.ruleset import diff, printout

    compared = diff.run(
        Path(old),
        Path(new),
        answers=answers,
        cohort=cohort_file,
        sample_size=sample_size,
    )
    if output_format is ViewFormat.json:
        write_json(printout.diff_json(old, new, compared.changes, compared.effect))
    else:
        write_text(printout.diff_text(old, new, compared.changes, compared.effect))
    if compared.failure:
        raise DegreefitError(compared.failure)
