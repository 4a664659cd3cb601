"""Running degreefit (or a few lines of Python) in a process of its own, under a timeout, so that a
hang fails the test instead of the run.

Every starter gets the same environment: the test's own (which the autouse fixture in conftest.py
gives a rule-set cache of the session, TERM=dumb, so no colour, and 100 columns), with COLUMNS and
TERM fixed again here, a cache where the test asks for one, and the test's overrides last."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from subprocess import CompletedProcess
from typing import IO, Any, Literal, overload

TIMEOUT = 60  # seconds: far more than any command here takes, so only a hang reaches it
PIPE = subprocess.PIPE
Arg = str | bytes | os.PathLike[str]
Stream = int | IO[Any] | None


def installed_script() -> Path:
    """The `degreefit` console script of the environment running the tests."""
    beside = Path(sys.executable).parent / ("degreefit.exe" if os.name == "nt" else "degreefit")
    if beside.exists():
        return beside
    found = shutil.which("degreefit")
    assert found, "the degreefit console script is not installed"
    return Path(found)


def degreefit_env(
    cache: Path | str | None = None, overrides: Mapping[str, str | None] | None = None
) -> dict[str, str]:
    """The environment of a degreefit process: this one's, 100 columns, a dumb terminal (no colour),
    the rule-set cache in `cache` ("" turns caching off; None keeps the test's), then `overrides`
    (None removes a variable)."""
    env = {**os.environ, "COLUMNS": "100", "TERM": "dumb"}
    if cache is not None:
        env["DEGREEFIT_CACHE_DIR"] = str(cache)
    for key, value in (overrides or {}).items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def terminal_env(tmp_path: Path, term: str = "xterm") -> dict[str, str]:
    """The environment of a person at a terminal (for pexpect): this one's without NO_COLOR and a
    fixed size (the terminal gives it), TERM `term`, and the rule-set cache under tmp_path."""
    inherited = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "COLUMNS", "LINES"}}
    return {**inherited, "TERM": term, "DEGREEFIT_CACHE_DIR": str(tmp_path / "cache")}


def command(args: Sequence[Arg], *, script: bool = False) -> list[Arg]:
    """`python -m degreefit ARGS...`, or the installed script with ARGS when `script`."""
    return [installed_script(), *args] if script else [sys.executable, "-m", "degreefit", *args]


@overload
def run_degreefit(*args: Arg, text: Literal[False], **options: Any) -> CompletedProcess[bytes]: ...


@overload
def run_degreefit(
    *args: Arg, text: Literal[True] = ..., **options: Any
) -> subprocess.CompletedProcess[str]: ...


def run_degreefit(
    *args: Arg,
    text: bool = True,
    script: bool = False,
    code: str | None = None,
    cache: Path | str | None = None,
    env: Mapping[str, str | None] | None = None,
    input: str | bytes | None = None,
    stdin: Stream = None,
    stdout: Stream = PIPE,
    stderr: Stream = PIPE,
    timeout: float = TIMEOUT,
    cwd: Path | None = None,
    **more: Any,
) -> subprocess.CompletedProcess[Any]:
    """Run `python -m degreefit ARGS...` (the installed script when `script`; `python -c CODE ARGS...`
    when `code` is given) to the end, in `degreefit_env(cache, env)`, from `cwd`, with `input` (or
    `stdin`) as its stdin; stdout and stderr are captured (as UTF-8 text unless `text` is False).
    `more` goes to subprocess.run as it is (preexec_fn, pass_fds). The exit status is not checked."""
    argv = command(args, script=script) if code is None else [sys.executable, "-c", code, *args]
    streams = _streams(stdin, stdout, stderr, text=text)
    env_ = degreefit_env(cache, env)
    return subprocess.run(
        argv, input=input, **streams, env=env_, cwd=cwd, timeout=timeout, check=False, **more
    )


def start_degreefit(
    *args: Arg,
    text: bool = False,
    script: bool = True,
    cache: Path | str | None = None,
    env: Mapping[str, str | None] | None = None,
    stdin: Stream = PIPE,
    stdout: Stream = PIPE,
    stderr: Stream = PIPE,
    cwd: Path | None = None,
) -> subprocess.Popen[Any]:
    """Start the installed script (`python -m degreefit` unless `script`) with ARGS, in the same
    environment as `run_degreefit`, with pipes for its streams unless told otherwise; the caller
    waits for it (under a timeout) and kills it."""
    streams = _streams(stdin, stdout, stderr, text=text)
    return subprocess.Popen(command(args, script=script), **streams, env=degreefit_env(cache, env), cwd=cwd)


def _streams(stdin: Stream, stdout: Stream, stderr: Stream, *, text: bool) -> dict[str, Any]:
    """The stream arguments of a child: where each goes, and whether as UTF-8 text or bytes."""
    encoding = "utf-8" if text else None
    return {"stdin": stdin, "stdout": stdout, "stderr": stderr, "text": text, "encoding": encoding}


GIGABYTE = 1 << 30


def limit_memory() -> None:
    """Run in the child before it starts (preexec_fn): at most a gigabyte of address space (POSIX)."""
    import resource  # POSIX only

    resource.setrlimit(resource.RLIMIT_AS, (GIGABYTE, GIGABYTE))
