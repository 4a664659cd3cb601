"""The rule set: loading, validating, caching, checking, testing and comparing it.

Loading (the fast path): `load` finds and reads the files, `cache` keeps rule sets that passed.
Validating (on a cache miss): `validate` runs `yamlfile` (YAML with line numbers; `yamlerrors` for
syntax errors), `scalars`, `shapes` (the files' shapes, pydantic's errors in plain words, and the
records built from the files), `questionids` and `crossrefs`; these use the checks only a rule set
needs: `conditionyaml` (conditions as rule files write them, and the named groups of a question's
choices they use), `claimuse` (how rules may use claims, and the scoring scale), `claimlinks` and
`satisfy` (answers that make a condition true).
The workbench: `check` (`rules check`); `cases` (`rules test`: run, coverage, report) with `casefile`;
`diff` (`rules diff`) with `edits` and `impact`; `printout` words what they print.
"""
