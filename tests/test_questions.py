"""The questions as a person reads them (rules/questions.yaml): each fits whoever answers it, asks
one thing, informs without arguing, and the README's answers contract lists every choice."""

from __future__ import annotations

import re
from pathlib import Path

from degreefit.models import RuleSet

README = Path(__file__).resolve().parent.parent / "README.md"

# Words that weigh one answer against another, or judge a degree, rather than inform: a help text
# says what a question means or what the sources say, never which answer is wiser.
ARGUING = ("usually", "better", "best", "should", "little known", "fits around", "fit around", "only")


def test_career_stage_reads_the_same_for_every_clinical_status(ruleset: RuleSet) -> None:
    """A pharmacist, a resident and a medical student can each answer the career stage: the help
    speaks to no profession, says where residents and fellows belong, and the first choice is a
    student's, not "still studying" asked of someone who just said she is a student."""
    question = ruleset.question("career_stage")
    help_text = question.help or ""
    assert not re.search(r"doctor|physician", help_text, re.IGNORECASE)
    assert "Residents and fellows count as early career" in help_text
    labels = {c.value: c.label for c in question.choices}
    assert labels["student"] == "Student, not yet working in my field"
    assert "residency or fellowship" in labels["early"]


def test_clinical_work_and_income_ask_one_thing_each(ruleset: RuleSet) -> None:
    """Keeping clinical work asks about all of it (someone keeping a few shifts answers no, and
    the help says so) and never about money; the income question's help says how to answer
    without an income, for students and others who earn nothing now."""
    keep = ruleset.question("keep_practicing")
    income = ruleset.question("can_reduce_income")
    assert "all of your clinical work" in keep.prompt
    assert "fewer shifts" in (keep.help or "")
    assert "income" not in keep.prompt.lower()
    assert not re.search(r"clinical|shift", f"{income.prompt} {income.help}", re.IGNORECASE)
    assert "If you earn nothing now" in (income.help or "")


def test_help_texts_inform_without_arguing(ruleset: RuleSet) -> None:
    """No help text weighs one answer against another ("full-time study usually does not" fit
    around a job came from no source) or judges a degree."""
    arguing = {
        q.id: [word for word in ARGUING if re.search(rf"\b{word}\b", q.help or "", re.IGNORECASE)]
        for q in ruleset.questions
    }
    assert {qid: words for qid, words in arguing.items() if words} == {}


def test_goals_help_says_which_goal_covers_a_chief_medical_officer_and_a_start_up(ruleset: RuleSet) -> None:
    """No goal names a chief medical officer's post or a start-up: the help names the goals that
    cover them, each quoted by its label exactly as the list shows it."""
    goals = ruleset.question("goals")
    help_text = goals.help or ""
    assert "chief medical officer" in help_text
    assert "start-up" in help_text
    quoted = re.findall(r"“([^”]+)”", help_text)
    labels = [c.label for c in goals.choices]
    assert quoted == [
        "Lead within a health system",
        "Work in digital health or health tech",
        "Build a career beyond clinical medicine",
    ]
    assert set(quoted) <= set(labels)


def test_readme_answers_contract_lists_every_choice(ruleset: RuleSet) -> None:
    """The README's answers table lists every choice of every question, in order (it once listed
    11 goals of 12)."""
    rows = {
        line.split("`")[1]: line.split("|")[3]
        for line in README.read_text(encoding="utf-8").splitlines()
        if line.startswith("| `")
    }
    # A question with no row lists no choice: the failure names it, rather than a KeyError.
    listed = {q.id: re.findall(r"`([a-z_]+)`", rows.get(q.id, "")) for q in ruleset.questions if q.choices}
    assert listed == {q.id: list(q.choice_values()) for q in ruleset.questions if q.choices}
