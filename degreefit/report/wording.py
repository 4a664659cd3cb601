"""The sentences every format of the report shares: the headline, how firm the top pick is, what
would change it ("If you added “A” to your goals, MMed would come first (goals +4 vs MMM +3)."; the
changes themselves are found in `explain`), why not another degree, how the points add up,
readable answers.

Change a reason's wording here and the text, Markdown and JSON reports all follow.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from degreefit.answers import Answers, Change
from degreefit.conditions import reads
from degreefit.engine import Contribution, DegreeResult, Recommendation, without_claim
from degreefit.explain import Alternative, Explanation, Unaddressed, WhyNot
from degreefit.kinds import shown
from degreefit.models import AnswerValue, BearsOn, Cite, Claim, Note, Question, Rule, RuleSet, Source, Status
from degreefit.quoting import listed, straight_quotes
from degreefit.report import Report, nothing_counts, ranks, reasons_for, signed

ELIGIBILITY_WORDS: dict[Status, str] = {
    "eligible": "eligible",
    "not_yet": "not yet",
    "ineligible": "ineligible",
}

AI_WRITTEN_TAG = "(AI-written source)"  # beside every citation of such a source


TIER_HEADINGS = {
    "primary": "Primary: a program's own page, an accreditor, a regulator, a statistics office",
    "institutional": "Institutional: a professional body, or a university's text on another host",
    "news": "News",
    "ai_written": "Written by AI",
}


def ai_written_note(source: Source) -> str:
    """What a reader should know about a source that says it was written by AI."""
    return (
        f"AI-written source: the {source.short} says it was written by AI and reviewed by a human. "
        "Reasons resting on it are marked; weigh them with that in mind."
    )


def cited_section(source: Source, section: str) -> str:
    """A cited section as a list of sources names it: source, title, section (and the AI tag). A
    section headed by the page's own title (a page with no heading of its own) is not named twice."""
    tag = f" {AI_WRITTEN_TAG}" if source.ai_written else ""
    same = straight_quotes(section).casefold() == straight_quotes(source.title).casefold()
    named = "" if same else f", section “{section}”"
    return f"{source.short}, “{source.title}”{named}{tag}"


def readable_answer(question: Question, value: AnswerValue) -> str:
    """An answer as a person reads it: labels instead of ids, yes/no for booleans."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return "; ".join(question.label(v) for v in value)
    if isinstance(value, str):
        return question.label(value)
    return str(value)


def headline(recommendation: Recommendation, explanation: Explanation) -> tuple[str, str, str]:
    """The report's first line in three parts (before, the degree codes, after), so a format
    can set the codes apart: "Best fit: |MMM| (Master of Medical Management)", or for a tie,
    "A tie for first: |MHA and MBA|", or, when no goal rule counts for any degree open now, "A tie,
    and no pick: no goal of yours counts for |MHA or MBA| in the sources". A degree not open yet
    never heads it."""
    standings = recommendation.standings
    if recommendation.none_open:
        if standings.later:
            return "No degree is open to you yet. Later paths: ", listed(standings.later), " (below)."
        codes = [result.degree.code for result in recommendation.ranking]
        return "No degree is open to you: ", listed(codes), " each ask for something you do not have (below)."
    top = recommendation.top
    if top is None and nothing_counts(recommendation):
        return "A tie, and no pick: no goal of yours counts for ", _either(standings.first), " in the sources"
    if top is None:
        return "A tie for first: ", listed(standings.first), ""
    return "Best fit: ", top.degree.code, f" ({top.degree.name})"


def document_title(recommendation: Recommendation, explanation: Explanation) -> str:
    """The title of the report as a document (Markdown): the same news as the headline."""
    standings = recommendation.standings
    if recommendation.none_open:
        if standings.later:
            return f"degreefit: no degree is open to you yet; later paths: {_the(standings.later)}"
        return "degreefit: no degree is open to you"
    top = recommendation.top
    if top is None and nothing_counts(recommendation):
        return f"degreefit: a tie, and no pick: {_counts_for_none(standings.first)}"
    if top is None:
        return f"degreefit: a tie for first between {_the(standings.first)}"
    return f"degreefit: best fit is the {top.degree.code} ({top.degree.name})"


def made_line(made: datetime.date, version: str, ruleset: RuleSet) -> str:
    """When a report was made and with what: degreefit's version, and the built-in rules or the
    folder of one's own with the start of its sha256 (as `rules` in the JSON report names it)."""
    rules = (
        "its built-in rules"
        if ruleset.builtin
        else f"the rules in {ruleset.path} (sha256 {ruleset.sha256[:12]})"
    )
    return f"Made on {made.isoformat()} by degreefit {version}, with {rules}."


def _the(codes: Sequence[str]) -> str:
    return listed([f"the {code}" for code in codes])


def _counts_for_none(codes: Sequence[str]) -> str:
    """Why a tie is no pick, for the title and the recap: "no goal of yours counts for the MHA or
    the MBA in the sources"."""
    return f"no goal of yours counts for {_either([f'the {code}' for code in codes])} in the sources"


LEGEND = (
    "Goals decide the order; costs only separate degrees that serve your goals equally. "
    "Costs never count for a degree that serves none of your goals; "
    "degrees share a rank when nothing separates them."
)


def goals_cell(result: DegreeResult) -> str:
    """A degree's goal points as the ranking shows them: for and against apart ("+3 −2"), or
    "none" when no goal rule counted."""
    goals = [c.points for c in result.contributions if c.rule.bears_on == "goals"]
    parts = [signed(sum(p for p in goals if p > 0))] if any(p > 0 for p in goals) else []
    parts += [signed(sum(p for p in goals if p < 0))] if any(p < 0 for p in goals) else []
    return " ".join(parts) or "none"


def costs_cell(result: DegreeResult) -> str:
    """A degree's cost points as the ranking shows them ("−3"), or "none" when no cost counted."""
    return signed(result.cost) if any(c.rule.bears_on == "costs" for c in result.contributions) else "none"


def standing_words(result: DegreeResult, sep: str = " · ") -> str:
    """A degree's two accounts together: "goals +5 · costs none"."""
    return f"goals {goals_cell(result)}{sep}costs {costs_cell(result)}"


def firmness(recommendation: Recommendation, explanation: Explanation) -> str:
    """How firm the top pick is, in words a person can use: a clear pick, a close call (on one
    claim, or on costs alone), or the only degree open now."""
    top = recommendation.top
    if top is None:
        return ""
    code, decided, lead = top.degree.code, explanation.decided, recommendation.standings.lead
    following = [c for c in recommendation.open_now if c != code]
    after = recommendation.result(following[0]) if following else None
    if decided == "only_open" or after is None:
        unlinked = "" if reasons_for(top) else " No goal of yours counts for it in the sources."
        return f"{code} is the only degree open to you now, so it comes first.{unlinked}{_conflicted(top)}"
    if decided == "costs":
        return (
            f"A close call: {code} and {after.degree.code} are level on goals ({goals_cell(top)} each); "
            f"{code} comes first only because fewer costs are documented against it "
            f"(costs: {costs_cell(top)} for {code}, {costs_cell(after)} for {after.degree.code}). "
            "The sources may simply be silent "
            f"on its own costs: see what they do not say.{_conflicted(top)}"
        )
    points = f"{lead:g} goal point{'' if lead == 1 else 's'}"
    level = [c for c in following if recommendation.result(c).goal == after.goal]  # all next on goals
    nexts = listed(level)
    if explanation.rests_on:
        count = len(explanation.rests_on)
        which = "the claim listed below" if count == 1 else f"the {count} claims listed below"
        then = "the first place changes"
        if count == 1:
            first = without_claim(recommendation, explanation.rests_on[0].id).first
            if len(first) == 1:
                then = f"{first[0]} would come first"
            elif first:
                then = f"{listed(list(first))} would tie for first"
        without = "without it" if count == 1 else "without any one of them"
        return (
            f"A close call: {code} leads {nexts} by {points}, but the pick rests on "
            f"{which}: {without}, {then}.{_conflicted(top)}"
        )
    return (
        f"A clear pick: {code} leads the next {'degree' if len(level) == 1 else 'degrees'} open to you, "
        f"{nexts}, by {points}, "
        f"and no single claim decides it.{_conflicted(top)}"
    )


def _conflicted(top: DegreeResult) -> str:
    """A warning when a documented cost of the top pick clashes with the person's answers."""
    if not any(c.rule.conflict for c in top.contributions):
        return ""
    code = top.degree.code
    return f" But a cost below conflicts with your answers: as you answered, it may rule the {code} out."


def tie_line(recommendation: Recommendation) -> str:
    """Why the degrees tied for first are level, and that their order is no preference."""
    tied = recommendation.first
    names = listed([r.degree.code for r in tied])
    order = "They are listed in the rule set's order, which is no preference."
    if tied[0].goal > 0:
        level = f"level on goals ({goals_cell(tied[0])} each) and on costs ({costs_cell(tied[0])} each)"
        return f"A tie: {names} are {level}. {order}"
    return (
        f"A tie: {names} are level on goals ({goals_cell(tied[0])} each), and with no goal of yours "
        f"behind them their costs do not separate them: the sources' silence is no merit. {order}"
    )


# How to get a copy of the report just made: the recap's last line, and the command it gives on a
# line of its own (so that it can be copied whole). `ask --last` makes the report of the answers
# last typed (or resumed) in a terminal again; answers from a file are given again with --answers.
COPY_LINE = (
    "For a copy to keep or send to a mentor (if your answers came from a file, give --answers FILE "
    "instead of --last):"
)
COPY_COMMAND = "degreefit ask --last --format markdown > degreefit.md"


def recap_pick(recommendation: Recommendation, explanation: Explanation) -> str:
    """The advice in one line, for the recap that ends the text report: the pick and how firm it
    is, the tie, or that no degree is open now."""
    standings = recommendation.standings
    if recommendation.none_open:
        if standings.later:
            return f"No degree is open to you yet; later paths: {_the(standings.later)}."
        return "No degree is open to you."
    top = recommendation.top
    if top is None and nothing_counts(recommendation):
        return f"A tie, and no pick: {_counts_for_none(standings.first)}."
    if top is None:
        return f"A tie for first: {_the(standings.first)}."
    if explanation.decided == "only_open":
        how = "the only degree open to you now"
    else:
        how = "a close call" if explanation.close_call else "a clear pick"
    conflict = (
        ", but a cost of it conflicts with your answers"
        if any(c.rule.conflict for c in top.contributions)
        else ""
    )
    return f"Best fit: the {top.degree.code} ({top.degree.name}), {how}{conflict}."


def rests_on_heading(recommendation: Recommendation, count: int = 1) -> str:
    """The heading over the claims a pick rests on."""
    which = "this claim" if count == 1 else "any one of these claims"
    top = recommendation.standings.top or listed(recommendation.standings.first)
    return f"Without {which}, {top} would not come first"


def reason_text(contribution: Contribution) -> str:
    """A reason as every format prints it: a cost that rules the degree out as the person
    answered is named a conflict."""
    return f"Conflict: {contribution.reason}" if contribution.rule.conflict else contribution.reason


def note_line(note: Note) -> str:
    """A note worth knowing, with the degrees it is about (when it names them)."""
    about = f" ({listed(note.degrees)})" if note.degrees else ""
    if note.program:
        year = f" (as of {note.as_of})" if note.as_of is not None else " (undated page)"
        return f"At {note.program}{year}: {note.text}{about}"
    return f"{note.text}{about}"


def example_line(claim: Claim) -> str:
    """What one program's page shows: "At <program> (as of <year>): <what it says>"."""
    year = f" (as of {claim.as_of})" if claim.as_of is not None else " (undated page)"
    return f"At {claim.program}{year}: {claim.says}"


def silent_line() -> str:
    """What the table of silent topics is."""
    return (
        "For your answers no source we hold, of any tier, says anything on these topics; "
        "check each program's own pages:"
    )


def nothing_counts_line(recommendation: Recommendation) -> str:
    """Said when no rule counts for any degree open to the person now."""
    names = listed(list(recommendation.open_now))
    return (
        f"Nothing in the sources counts for {names} for your answers: their order here is no advice. "
        "Compare the programs' own pages against your goals."
    )


def unaddressed_line(item: Unaddressed) -> str:
    """A goal of the person's that no degree they can enter is linked to, and where to look instead."""
    topic = item.question.topic.lower() if item.question.topic else "answers"
    return (
        f"Among your {topic}, the sources link “{item.question.label(item.value)}” to no degree open to "
        "you now. Look at the programs' own pages for it."
    )


def change_heading(recommendation: Recommendation) -> str:
    """The heading over what would change the advice: the top pick, the tie, or a degree open now."""
    if recommendation.none_open:
        return "What would open a degree to you now"
    return "What would break the tie" if recommendation.standings.tied else "What would change the top pick"


def change_lines(
    recommendation: Recommendation,
    answers: Answers,
    explanation: Explanation,
    *,
    questions: Mapping[str, Question] | None = None,
) -> list[str]:
    """Each alternative that would change the first place, in a sentence (or why there is none)."""
    first = recommendation.standings.first
    lines = [
        describe_alternative(a, answers.values, first, questions=questions) for a in explanation.alternatives
    ]
    if explanation.searched:  # not every change was tried: none can be said to do nothing
        return [*lines, searched_line(explanation.searched)]
    if lines:
        return lines
    if recommendation.none_open:
        return ["No change of one or two of your own answers would open a degree to you now."]
    if recommendation.standings.tied:
        return ["No change of one or two of your own answers would put one degree ahead of the others."]
    return [f"No change of one or two of your own answers would put another degree ahead of {first[0]}."]


def describe_change(change: Change, before: Mapping[str, AnswerValue]) -> str:
    """One change in words, as the person would make it ("added ... to your goals")."""
    question = change.question
    subject = question.topic.lower() if question.topic else question.id
    if change.action in ("add", "drop"):
        label = question.label(str(change.value))
        if change.action == "add":
            return f"added “{label}” to your {subject}"
        return f"dropped “{label}” from your {subject}"
    old = before.get(question.id)
    new = change.value
    if isinstance(new, bool):
        return f"answered {'yes' if new else 'no'} to “{question.prompt}”"
    # A multiple choice set whole (a question a change brings in): each choice by its label.
    shown_new = (
        listed([shown(question, value) for value in new]) if isinstance(new, tuple) else shown(question, new)
    )
    if old is None or isinstance(old, (bool, tuple)):
        return f"answered {shown_new} to “{question.prompt}”"
    return f"answered {shown_new} instead of {shown(question, old)} to “{question.prompt}”"


def describe_alternative(
    alternative: Alternative,
    answers: Mapping[str, AnswerValue],
    first: Sequence[str],
    *,
    questions: Mapping[str, Question] | None = None,
) -> str:
    """An alternative in a sentence: "If you ..., MMed would come first (goals +4 vs MMM +3).".
    It is compared with the degree first now or, out of a tie (`first` holds the degrees that
    share first place now), with the best of the tied degrees other than the new first; never
    with a degree the person cannot enter (none open now: no comparison). A question the change
    brings in whose answer does not matter reads "(any specialty)"."""
    parts = " and ".join(_merged(alternative.changes, answers))
    loose = "".join(f" ({_any(key, questions)})" for key in alternative.any_of)
    rival = _rival(alternative, first)
    return f"If you {parts}{loose}, {alternative.top} would come first ({_versus(alternative, rival)})."


def _any(key: str, questions: Mapping[str, Question] | None) -> str:
    """A brought-in question whose answer does not matter: "any specialty"."""
    question = (questions or {}).get(key)
    if question is None:
        return f"any {key.replace('_', ' ')}"
    if question.topic:
        return f"any {question.topic.lower()}"
    return f"any answer to “{question.prompt}”"


def _rival(alternative: Alternative, first: Sequence[str]) -> str | None:
    """The degree a changed first place is compared with: the one first now, or the best other of
    those tied for first now (by their points after the change; a tie keeps their order)."""
    others = [code for code in first if code != alternative.top]
    if not others:
        return None
    points = alternative.points
    return min(others, key=lambda code: (-points[code][0], -points[code][1], others.index(code)))


def _versus(alternative: Alternative, rival: str | None) -> str:
    """The points that put the new first ahead: its goals against the rival's, or, level on
    goals, its costs against the rival's."""
    goal, cost = alternative.points[alternative.top]
    if rival is None:
        return f"goals {signed(goal)}"
    rival_goal, rival_cost = alternative.points[rival]
    if goal != rival_goal:
        return f"goals {signed(goal)} vs {rival} {signed(rival_goal)}"
    return f"level on goals with {rival} at {signed(goal)}; costs {signed(cost)} vs {signed(rival_cost)}"


def _merged(changes: Sequence[Change], answers: Mapping[str, AnswerValue]) -> list[str]:
    """The changes in words, two goals added (or dropped) together said once: "added “A” and “B” to"."""
    if len(changes) == 2 and changes[0][:2] == changes[1][:2] and changes[0].action in ("add", "drop"):
        question, action = changes[0].question, changes[0].action
        labels = " and ".join(f"“{question.label(str(c.value))}”" for c in changes)
        subject = question.topic.lower() if question.topic else question.id
        return [
            f"added {labels} to your {subject}"
            if action == "add"
            else f"dropped {labels} from your {subject}"
        ]
    return [describe_change(c, answers) for c in changes]


def programs_step(code: str, programs: str, *, later: bool = False) -> str:
    """A next step: look at the programs the sources name for a degree (when it opens, if later)."""
    if later:
        return f"When the {code} opens to you, look at the programs the sources name: {programs}"
    return f"Look at the {code} programs the sources name: {programs}"


def local_programs_step(code: str, programs: str) -> str:
    """A next step: look at the programs of the person's country whose own pages the report shows."""
    return f"Look at the {code} programs of your country whose own pages are shown above: {programs}"


def later_step(code: str, reason: str) -> str:
    """A next step for a degree not open yet: what must happen first, in the gate's words."""
    return f"Come back to the {code} later: {reason}"


def ask_step(codes: Sequence[str], topic: str, question: Question, answer: str) -> str:
    """A next step for a silence: what to ask the admissions offices of a degree's programs, since
    the sources say nothing on it, with the person's answer as "Your answers" shows it."""
    return (
        f"Ask each {_either(codes)} program's admissions office about {topic}: the sources say "
        f"nothing on it (your answer to “{question.title()}”: {answer})."
    )


class Step(NamedTuple):
    """A next step the sources support: what to do, the degrees it is about, and the section it
    rests on (none for a question the sources leave open)."""

    text: str
    degrees: tuple[str, ...]
    cite: Cite | None = None


def next_steps(report: Report) -> tuple[Step, ...]:
    """What to do next, all from the rule set: look at the programs the sources name for each degree
    first now; for each degree not open yet, what must happen first and its programs; and ask the
    admissions offices (of the degrees first now, else of the later ones) about each topic of the
    person's limits the sources say nothing on."""
    recommendation, ruleset = report.recommendation, report.ruleset
    standings = recommendation.standings
    steps: list[Step] = []
    for code in standings.first:
        # Where the person's country has programs' own pages, those are the programs to look at;
        # else the programs the degree's profile names.
        local = [
            c for c in report.explanation.examples if code in c.degrees and c.who and "region" in reads(c.who)
        ]
        if local:
            named = "; ".join(dict.fromkeys(c.program for c in local))
            steps.append(Step(local_programs_step(code, named), (code,), local[0].cite))
        else:
            steps += [
                Step(programs_step(code, fact.text), (code,), fact.cite)
                for fact in ruleset.degree(code).profile.examples
            ]
    for code in standings.later:
        gates = (g for g in recommendation.result(code).gates if g.status == "not_yet")
        steps += [Step(later_step(code, gate.reason), (code,), gate.cite) for gate in gates]
        steps += [
            Step(programs_step(code, fact.text, later=True), (code,), fact.cite)
            for fact in ruleset.degree(code).profile.examples
        ]
    asked = standings.first or standings.later
    for unknown in report.explanation.unknowns:
        codes = tuple(code for code in unknown.degrees if code in asked)
        question = unknown.question
        if codes and question.constraint is not None:
            answer = readable_answer(question, report.answers.values[question.id])
            steps.append(Step(ask_step(codes, question.constraint.topic, question, answer), codes))
    return tuple(steps)


def _either(codes: Sequence[str]) -> str:
    """ "MMM", "MHA or MBA", "MHA, MBA or MMed"."""
    return codes[0] if len(codes) == 1 else f"{', '.join(codes[:-1])} or {codes[-1]}"


def searched_line(count: int) -> str:
    """Said when the search for changes stopped short of trying them all (a question of thousands of
    choices): what it tried."""
    return (
        f"Of the changes of one or two of your own answers, only the first {count:,} were tried: there "
        "are too many to try them all."
    )


def why_not_standing(why: WhyNot, recommendation: Recommendation) -> str:
    """Where the degree asked about stands: its rank (shared with the degrees placed alike) and
    points, and whether any rule of the rule set ever counts for it."""
    code = why.result.degree.code
    placed = ranks(recommendation)
    rank, of = placed[code], len(recommendation.ranking)
    sharing = [c for c, r in placed.items() if r == rank and c != code]
    where = f"shares rank {rank} of {of} with {listed(sharing)}" if sharing else f"ranks {rank} of {of}"
    standing = f"It {where} ({standing_words(why.result, '; ')})."
    if why.never_counted:
        standing += f" No rule of this rule set ever counts for {code}."
    return standing


def why_not_verdict(
    why: WhyNot,
    answers: Mapping[str, AnswerValue],
    first: Sequence[str],
    *,
    questions: Mapping[str, Question] | None = None,
) -> str:
    """The answer to "why not this degree": already first, blocked, tied for first, or what would
    put it first (on its own)."""
    code = why.result.degree.code
    if tuple(first) == (code,):
        return f"{code} is already your top pick."
    if why.blocked_by is not None:
        return f"No change of your own answers would put {code} first: {why.blocked_by.reason}"
    if why.tied_with:
        tied = f"{code} is tied for first with {listed(why.tied_with)}"
        if why.change is None and why.searched:
            return f"{tied}. {searched_line(why.searched)}"
        if why.change is None:
            return f"{tied}; no change of one or two of your own answers would put it first on its own."
        return f"{tied}. {describe_alternative(why.change, answers, first, questions=questions)}"
    if why.change is None and why.searched:
        return searched_line(why.searched)
    if why.change is None:
        return f"No change of one or two of your own answers would put {code} first."
    return describe_alternative(why.change, answers, first, questions=questions)


def points_sum(result: DegreeResult) -> str:
    """How a degree's points add up, each account apart: "goals +3 +2 = +5; costs −1.5"."""
    return f"goals {_added(result, 'goals')}; costs {_added(result, 'costs')}"


def _added(result: DegreeResult, account: BearsOn) -> str:
    terms = [c.points for c in result.contributions if c.rule.bears_on == account]
    if not terms:
        return "none"
    added = " ".join(signed(t) for t in terms)
    return added if len(terms) == 1 else f"{added} = {signed(sum(terms))}"


def weight(rule: Rule, ruleset: RuleSet) -> str:
    """Why a rule counts what it counts: its claim's level and, for a claim of an AI-written
    source, the discount ("strong (3) less 0.5, AI-written source")."""
    claim = next((c for c in ruleset.claims if c.id == rule.claim), None)
    if claim is None:
        return ""
    scoring = ruleset.scoring
    points = next((level.points for level in scoring.levels if level.name == claim.level), None)
    level = claim.level if points is None else f"{claim.level} ({points:g})"
    discount = scoring.ai_written_discount
    if ruleset.source(claim.source).ai_written and discount:
        return f"{level} less {discount:g}, AI-written source"
    return level
