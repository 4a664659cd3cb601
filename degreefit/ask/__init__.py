"""The terminal session of `ask`: gathering the answers (a file, an interrupted run, the
person at the terminal), the questionnaire walk, its prompts, and the answers kept between runs."""
