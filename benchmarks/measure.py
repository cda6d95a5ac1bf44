"""One measured process: wall time and peak memory (max RSS, from os.wait4) of a command.

Every step of the benchmark runs in its own process, so each peak is that step's alone
(wait4 reports the largest RSS of the process and of the children it waited for).
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


@dataclass
class Run:
    """What a command took; `data` is the JSON its last output line held, if any."""

    command: list[str]
    seconds: float
    cpu_seconds: float  # user + system time of the process and its children: steadier than wall time on a shared machine
    peak_mb: float
    returncode: int | None  # None: killed after its time limit
    stdout: str = ""
    stderr: str = ""
    data: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def failure(self) -> str:
        """Why the step failed, in a line or two of its own output."""
        if self.returncode is None:
            return f"timed out after {self.seconds:.0f} s"
        tail = (self.stderr.strip() or self.stdout.strip()).splitlines()[-3:]
        return f"exit {self.returncode}: " + " | ".join(tail)


def brief() -> list[str]:
    """The `brief` command of this interpreter's environment."""
    script = Path(PYTHON).parent / "brief"
    return [str(script)] if script.is_file() else [PYTHON, "-m", "builder.cli"]


def environment(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH")))),
           "NO_MKDOCS_2_WARNING": "1", **extra}
    env.pop("BRIEF_SERVE", None)
    return env


def run(command: list[str], *, cwd: Path, env: dict[str, str] | None = None, timeout: float = 3600) -> Run:
    """Run `command` to its end (or kill it after `timeout` s); its time, peak RSS and output."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, env=env or environment(), stdout=out, stderr=err,
                                start_new_session=True)
        status, usage = wait(proc, timeout)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        result = Run(command, seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, status,
                     out.read(), err.read())
    result.data = _last_json(result.stdout)
    return result


def wait(proc: subprocess.Popen, timeout: float | None) -> tuple[int | None, os.struct_rusage]:
    """Reap `proc` with wait4 (which, unlike Popen.wait, reports its resource usage)."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return proc.returncode, usage
        if deadline is not None and time.monotonic() > deadline:
            stop(proc)
            _pid, _status, usage = os.wait4(proc.pid, 0)
            proc.returncode = -9
            return None, usage
        time.sleep(0.02)


def stop(proc: subprocess.Popen, grace: float = 15) -> None:
    """Interrupt the process group (as Ctrl-C would), then kill it if it lingers."""
    try:
        os.killpg(proc.pid, signal.SIGINT)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
            break
        time.sleep(0.05)
    try:  # the leader is not reaped yet, so the group id is still ours: nothing of it may outlive the step
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _last_json(stdout: str) -> dict:
    for line in reversed(stdout.strip().splitlines()):
        if line.startswith("{"):
            try:
                return json.loads(line)
            except json.JSONDecodeError:
                return {}
    return {}
