"""The rule set: loading, validating, caching, checking, testing and comparing it.

Loading (the fast path): `load` finds and reads the files, `cache` keeps rule sets that passed.
Validating (on a cache miss): `validate` runs `yamlfile` (YAML with line numbers; `yamlwords` for
syntax errors), `scalars`, `shapes` with `messages`, `records`, `questionids` and `crossrefs`.
The workbench: `check` (`rules check`); `cases` (`rules test`) with `casefile`, `casecheck` and
`caserun`; `diff` (`rules diff`) with `edits` and `impact`; `workbench` words what they print.
"""
