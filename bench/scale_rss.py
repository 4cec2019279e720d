"""ftui's memory over a long session, on a pseudo-terminal: bench/scale.py's ``rss`` part.

The app runs as ``python -m ftui`` on a 120x40 pseudo-terminal against the emulator in this
process. RSS is VmRSS from /proc/PID/status (VmHWM, the peak, beside it). Polls are asked for
with the monitor's refresh key (``r``), each once the last one is on screen (FTUI_TRACE's
``poll`` event); the timer's own interval is set long so that every poll is one of ours.
Between polls the emulator's clock moves 20 s, and every fifth poll a new job starts, so a few
rows change in most polls, as in a working account.

Every poll lists every job (10 calls of 1,000 summaries, ~8 MB of JSON): a poll that listed
fewer than the 10,000 seeded jobs stops the run. A poll is ~0.75 s of the app's CPU (reading
the answers, ~7 timestamps a job) and about as much of this process's (the emulator writing
them, ~0.45 s; moving its clock; HTTP), one after the other: ~1.6 s a poll, 1,000 polls in
under half an hour on a quiet machine. A progress line every 50 polls (RSS, peak, seconds and
the app's CPU seconds a poll, when it will end) makes a long run one to follow in its log.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
from monitor import JOBS, seed  # bench/monitor.py: 9,797 finished jobs and 203 running ones
from ptyapp import PtyApp  # bench/ptyapp.py: an app on a pseudo-terminal

from ftui.sim.clock import ScaledClock
from ftui.sim.server import SimServer
from ftui.sim.world import DATA_BUCKET, OUTPUT_BUCKET, ROLE_ARN

COLUMNS, LINES = 120, 40
SAMPLE_EVERY = 50  # polls; the growth is counted from poll 100
GROWTH_FROM = 100
# /proc/PID/stat after the command name: utime and stime, fields 14 and 15 of proc(5).
UTIME, STIME = 11, 12
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class Session:
    """One ftui process on a pseudo-terminal (bench/ptyapp.py), and its trace read as it grows."""

    def __init__(self, sim: SimServer, work: Path) -> None:
        self.trace = work / "trace.jsonl"
        self.polls: list[dict[str, Any]] = []  # the trace's poll events, in order
        self._offset = 0
        env = {
            **os.environ,
            **sim.environment(),
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
            "FTUI_CONFIG_DIR": str(work / "config"),
            "FTUI_STATE_DIR": str(work / "state"),
            "FTUI_REFRESH_INTERVAL": "3600",
            "FTUI_TRACE": str(self.trace),
        }
        self.app = PtyApp.spawn(
            [sys.executable, "-m", "ftui", "--region", "us-east-1"],
            env=env,
            columns=COLUMNS,
            lines=LINES,
        )

    def wait_for_poll(self, count: int, timeout: float = 120) -> dict[str, Any]:
        """Until the app has shown ``count`` polls in all; the last one's trace event."""
        deadline = time.monotonic() + timeout
        while len(self.polls) < count:
            if time.monotonic() > deadline:
                raise SystemExit(f"the app did not show poll {count} in {timeout}s")
            self._read_trace()
            time.sleep(0.01)
        return self.polls[count - 1]

    def _read_trace(self) -> None:
        if not self.trace.exists():
            return
        with self.trace.open(encoding="utf-8") as handle:
            handle.seek(self._offset)
            text = handle.read()
        whole = text[: text.rfind("\n") + 1]  # a line being written waits for the next read
        self._offset += len(whole.encode("utf-8"))
        events = (json.loads(line) for line in whole.splitlines())
        self.polls += [event for event in events if event["event"] == "poll"]

    def refresh(self) -> None:
        self.app.send(b"r")

    def memory_mb(self) -> tuple[float, float]:
        """VmRSS and VmHWM of the app, in MB."""
        memory = self.app.memory()
        return round(memory.rss_mb, 1), round(memory.peak_mb, 1)

    def cpu_seconds(self) -> float:
        """The app's CPU time so far, all its threads, user and system."""
        text = Path(f"/proc/{self.app.process.pid}/stat").read_text()
        fields = text[text.rfind(")") + 2 :].split()  # the command name may hold spaces
        return (int(fields[UTIME]) + int(fields[STIME])) / CLOCK_TICKS

    def stop(self) -> None:
        self.app.stop()


@dataclass
class Progress:
    """The session so far, as a line of its log."""

    polls: int
    started: float  # time.monotonic()
    cpu_started: float  # the app's CPU seconds then

    def line(self, poll: int, session: Session, rss: float, peak: float) -> str:
        elapsed = time.monotonic() - self.started
        per_poll = elapsed / poll
        cpu = (session.cpu_seconds() - self.cpu_started) / poll
        ends = datetime.now() + timedelta(seconds=per_poll * (self.polls - poll))
        return (
            f"{datetime.now():%H:%M:%S} poll {poll}/{self.polls}: RSS {rss} MB, peak {peak} MB,"
            f" {per_poll:.2f} s a poll (app CPU {cpu:.2f} s), {elapsed / 60:.1f} min so far,"
            f" ends ~{ends:%H:%M}"
        )


def start_job(sim: SimServer, name: str) -> None:
    boto3.client(
        "bedrock",
        endpoint_url=sim.endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    ).create_model_customization_job(
        jobName=name,
        customModelName=f"{name}-model",
        roleArn=ROLE_ARN,
        baseModelIdentifier="amazon.nova-micro-v1:0:128k",
        trainingDataConfig={"s3Uri": f"s3://{DATA_BUCKET}/support/train.jsonl"},
        outputDataConfig={"s3Uri": f"s3://{OUTPUT_BUCKET}/jobs/"},
    )


def run(polls: int = 1000) -> dict[str, float]:
    results: dict[str, float] = {}
    with SimServer(clock=ScaledClock(1.0)) as sim:
        session = Session(sim, Path(tempfile.mkdtemp(prefix="ftui-scale-")))
        try:
            session.wait_for_poll(1)  # an empty account's list, on screen
            time.sleep(0.5)
            results["rss_start_empty_mb"] = session.memory_mb()[0]
        finally:
            session.stop()

    with SimServer(clock=ScaledClock(1.0)) as sim:
        print("seeding 10,000 jobs…", file=sys.stderr)
        seed(sim)
        session = Session(sim, Path(tempfile.mkdtemp(prefix="ftui-scale-")))
        try:
            results |= _session(sim, session, polls)
        finally:
            session.stop()
    return results


def _session(sim: SimServer, session: Session, polls: int) -> dict[str, float]:
    session.wait_for_poll(1)
    time.sleep(0.5)
    results = {"rss_10000_jobs_mb": session.memory_mb()[0]}
    samples: dict[int, float] = {}
    progress = Progress(polls, time.monotonic(), session.cpu_seconds())
    for poll in range(1, polls + 1):
        sim.advance(20)
        if poll % 5 == 0:
            start_job(sim, f"scale-{poll:04d}")
        session.refresh()
        shown = session.wait_for_poll(1 + poll)
        if shown["rows"] < JOBS:
            raise SystemExit(f"poll {poll} listed {shown['rows']} jobs, not all {JOBS}")
        if poll % SAMPLE_EVERY == 0:
            samples[poll], peak = session.memory_mb()
            print(progress.line(poll, session, samples[poll], peak), file=sys.stderr)
    elapsed = time.monotonic() - progress.started
    cpu = session.cpu_seconds() - progress.cpu_started
    measured = session.polls[1:]  # the polls asked for: the first listing came with the start
    time.sleep(1)
    rss, peak = session.memory_mb()
    first = samples.get(GROWTH_FROM, results["rss_10000_jobs_mb"])
    return results | {
        f"rss_after_{polls}_polls_mb": rss,
        "rss_peak_mb": peak,
        "rss_growth_mb": round(rss - first, 1),  # from poll 100 to the last
        **{f"rss_poll_{poll}_mb": value for poll, value in samples.items()},
        "seconds_per_poll": round(elapsed / polls, 2),
        "app_cpu_seconds_per_poll": round(cpu / polls, 2),
        "session_minutes": round(elapsed / 60, 1),
        "jobs_listed_first_poll": measured[0]["rows"],
        "jobs_listed_last_poll": measured[-1]["rows"],
        "polls_with_rows_changed": sum(1 for event in measured if event["changed"]),
        "rows_changed_median": statistics.median(event["changed"] for event in measured),
    }
