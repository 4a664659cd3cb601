"""The rule set: loading, validating, caching, checking, testing and comparing it."""
