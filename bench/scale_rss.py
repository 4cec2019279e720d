"""ftui's memory over a long session, on a pseudo-terminal: bench/scale.py's ``rss`` part.

The app runs as ``python -m ftui`` on a 120x40 pseudo-terminal against the emulator in this
process. RSS is VmRSS from /proc/PID/status (VmHWM, the peak, beside it). Polls are asked for
with the monitor's refresh key (``r``), each once the last one is on screen (FTUI_TRACE's
``poll`` event); the timer's own interval is set long so that every poll is one of ours.
Between polls the emulator's clock moves 20 s, and every fifth poll a new job starts, so a few
rows change in most polls, as in a working account.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

import boto3
from monitor import seed  # bench/monitor.py: 9,799 finished jobs and 201 running ones
from ptyapp import PtyApp  # bench/ptyapp.py: an app on a pseudo-terminal

from ftui.sim.clock import ScaledClock
from ftui.sim.server import SimServer
from ftui.sim.world import DATA_BUCKET, OUTPUT_BUCKET, ROLE_ARN

COLUMNS, LINES = 120, 40
SAMPLE_EVERY = 50  # polls; the growth is counted from poll 100


class Session:
    """One ftui process on a pseudo-terminal (bench/ptyapp.py), and its trace read as it grows."""

    def __init__(self, sim: SimServer, work: Path) -> None:
        self.trace = work / "trace.jsonl"
        self.polls = 0
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

    def wait_for_poll(self, count: int, timeout: float = 120) -> None:
        """Until the app has shown ``count`` polls in all."""
        deadline = time.monotonic() + timeout
        while self.polls < count:
            if time.monotonic() > deadline:
                raise SystemExit(f"the app did not show poll {count} in {timeout}s")
            self._read_trace()
            time.sleep(0.01)

    def _read_trace(self) -> None:
        if not self.trace.exists():
            return
        with self.trace.open(encoding="utf-8") as handle:
            handle.seek(self._offset)
            text = handle.read()
        whole = text[: text.rfind("\n") + 1]  # a line being written waits for the next read
        self._offset += len(whole.encode("utf-8"))
        self.polls += sum(1 for line in whole.splitlines() if json.loads(line)["event"] == "poll")

    def refresh(self) -> None:
        self.app.send(b"r")

    def memory_mb(self) -> tuple[float, float]:
        """VmRSS and VmHWM of the app, in MB."""
        memory = self.app.memory()
        return round(memory.rss_mb, 1), round(memory.peak_mb, 1)

    def stop(self) -> None:
        self.app.stop()


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
            session.wait_for_poll(1)
            time.sleep(0.5)
            results["rss_10000_jobs_mb"] = session.memory_mb()[0]
            samples: dict[int, float] = {}
            started = time.monotonic()
            for poll in range(1, polls + 1):
                sim.advance(20)
                if poll % 5 == 0:
                    start_job(sim, f"scale-{poll:04d}")
                session.refresh()
                session.wait_for_poll(1 + poll)
                if poll % SAMPLE_EVERY == 0:
                    samples[poll] = session.memory_mb()[0]
                    print(f"poll {poll}: RSS {samples[poll]} MB", file=sys.stderr)
            results["seconds_per_poll"] = round((time.monotonic() - started) / polls, 2)
            time.sleep(1)
            rss, peak = session.memory_mb()
            first = samples.get(100, results["rss_10000_jobs_mb"])
            results[f"rss_after_{polls}_polls_mb"] = rss
            results["rss_peak_mb"] = peak
            results["rss_growth_mb"] = round(rss - first, 1)  # from poll 100 to the last
            for poll, value in samples.items():
                results[f"rss_poll_{poll}_mb"] = value
        finally:
            session.stop()
    return results
