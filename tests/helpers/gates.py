"""The closing gates of the built-in rules, for tests that close every degree but one."""

from __future__ import annotations

# Two gates that close the MBA and the MHA to non-clinicians, to whom the MMM and the MMed are closed already.
CLOSING_GATES = """\
gates:
  - id: mba-closed
    claim: zz-closed
    degree: MBA
    status: ineligible
    when: {clinical_status: {is: non_clinician}}
    reason: Made up for a test.

  - id: mha-closed
    claim: zz-closed
    degree: MHA
    status: ineligible
    when: {clinical_status: {in: [non_clinician, other_clinician]}}
    reason: Made up for a test.
"""

# The condition of the gates made up for medical students.
STUDENTS = "{clinical_status: {is: medical_student}}"


def gate_yaml(gate_id: str, claim: str, degree: str, status: str, when: str, reason: str) -> str:
    """One gate of a rule file, as YAML."""
    return (
        f"  - id: {gate_id}\n    claim: {claim}\n    degree: {degree}\n    status: {status}\n"
        f"    when: {when}\n    reason: {reason}\n"
    )


def gates_yaml(*written: str) -> str:
    """A rule file of these gates."""
    return "gates:\n" + "".join(written)
