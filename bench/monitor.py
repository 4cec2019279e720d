"""Benchmark the jobs monitor with 10,000 jobs, as a user on a terminal would live it.

    python bench/monitor.py             # the full run (about four minutes)
    python bench/monitor.py --quick     # a shorter idle window

The emulator runs here with a frozen clock; the app runs as `ftui` in its own process on a
pseudo-terminal of 120x40, exactly as in a terminal. This script counts every byte the app writes
to that terminal. The app's own timings come from FTUI_TRACE (see ftui/tui/trace.py): how long the
UI thread spends applying a poll, how long until the screen shows it, and how late the event loop
wakes (its longest stall). Peak RSS is the app process's VmHWM. Only the standard library, the
emulator and ftui are used.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import boto3
from history import history  # bench/history.py: a script's own folder is on its path

from ftui.sim.clock import ScaledClock
from ftui.sim.datasets import DATASETS
from ftui.sim.server import SimServer
from ftui.sim.world import DATA_BUCKET, OUTPUT_BUCKET, ROLE_ARN, _trust

JOBS = 10_000
RUNNING = 201  # two rounds of 100 (1% of the jobs) are stopped, and one job for a one-row change
COLUMNS, LINES = 120, 40
TARGETS = {
    "first_display_ms": 300,
    "poll_apply_ms": 50,
    "max_stall_ms": 100,
    "one_row_change_bytes": 2048,
    "idle_bytes_per_minute": 0,
    "peak_rss_mb": 150,
}


@dataclass
class Terminal:
    """The master side of the app's pseudo-terminal: everything written to it, with times."""

    fd: int
    chunks: list[tuple[float, int]] = field(default_factory=list)
    raw: list[tuple[float, bytes]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def read_forever(self) -> None:
        while True:
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                return
            if not data:
                return
            with self.lock:
                self.chunks.append((time.monotonic(), len(data)))
                if os.environ.get("BENCH_RAW"):
                    self.raw.append((time.monotonic(), data))

    def bytes_between(self, start: float, end: float) -> int:
        with self.lock:
            return sum(n for t, n in self.chunks if start <= t < end)


def seed(sim: SimServer) -> None:
    """9,799 finished jobs of the last 90 days and 201 running ones, all in us-east-1."""
    kw = {
        "endpoint_url": sim.endpoint_url,
        "region_name": "us-east-1",
        "aws_access_key_id": "x",
        "aws_secret_access_key": "x",
    }
    s3 = boto3.client("s3", **kw)
    for bucket in (DATA_BUCKET, OUTPUT_BUCKET):
        s3.create_bucket(Bucket=bucket)
    s3.put_object(
        Bucket=DATA_BUCKET, Key="support/train.jsonl", Body=DATASETS["support/train.jsonl"]
    )
    boto3.client("iam", **kw).create_role(
        RoleName=ROLE_ARN.rsplit("/", 1)[1],
        AssumeRolePolicyDocument=_trust("bedrock.amazonaws.com"),
    )
    now = sim.clock.now()
    sim.bedrock.import_history("us-east-1", history(JOBS - RUNNING, end=now))
    bedrock = boto3.client("bedrock", **kw)
    for i in range(RUNNING):
        bedrock.create_model_customization_job(
            jobName=f"running-{i:03d}",
            customModelName=f"running-{i:03d}-model",
            roleArn=ROLE_ARN,
            baseModelIdentifier="amazon.nova-micro-v1:0:128k",
            trainingDataConfig={"s3Uri": f"s3://{DATA_BUCKET}/support/train.jsonl"},
            outputDataConfig={"s3Uri": f"s3://{OUTPUT_BUCKET}/jobs/"},
        )


def events(trace: Path, kind: str) -> list[dict[str, float]]:
    if not trace.exists():
        return []
    out = []
    for line in trace.read_text().splitlines():
        event = json.loads(line)
        if event["event"] == kind:
            out.append(event)
    return out


def wait_for_polls(trace: Path, count: int, timeout: float = 60) -> list[dict[str, float]]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        polls = events(trace, "poll")
        if len(polls) >= count:
            return polls
        time.sleep(0.05)
    raise SystemExit(f"the app did not report {count} polls in {timeout}s")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="a 15 s idle window instead of 125 s (two idle polls)"
    )
    args = parser.parse_args()
    idle_window = 15.0 if args.quick else 125.0

    work = Path(tempfile.mkdtemp(prefix="ftui-bench-"))
    trace = work / "trace.jsonl"
    # Real time in the emulator, as on AWS: the app's clock and the jobs' clock agree.
    sim = SimServer(clock=ScaledClock(1.0)).start()
    print(f"seeding {JOBS:,} jobs…", file=sys.stderr)
    seed(sim)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    env = {
        **os.environ,
        **sim.environment(),
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "FTUI_CONFIG_DIR": str(work / "config"),
        "FTUI_REFRESH_INTERVAL": "2",
        "FTUI_TRACE": str(trace),
    }
    terminal = Terminal(master)
    reader = threading.Thread(target=terminal.read_forever, daemon=True)
    reader.start()
    app = subprocess.Popen(
        [sys.executable, "-m", "ftui", "--region", "us-east-1"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    # The emulator shares this machine's two cores with the app; on AWS the server's work happens
    # elsewhere. Lower this process's priority so its load does not count as the app's stalls.
    os.nice(10)
    results: dict[str, float] = {}
    try:
        first = wait_for_polls(trace, 1)[0]
        results["first_display_ms"] = first["display_ms"]
        results["first_apply_ms"] = first["apply_ms"]
        results["calls_per_poll"] = first["calls"]
        wait_for_polls(trace, 2)

        # Polls in which 1% of the jobs change: 100 running jobs stop (InProgress -> Stopping).
        applies, poll_bytes = [], []
        for batch in range(2):
            seen = len(events(trace, "poll"))
            for i in range(batch * 100, batch * 100 + 100):
                sim.bedrock.stop_job("us-east-1", f"running-{i:03d}")
            before = time.monotonic()
            polls = wait_for_polls(trace, seen + 1)
            time.sleep(0.3)
            assert polls[-1]["changed"] == 100, polls[-1]
            applies.append(polls[-1]["apply_ms"])
            poll_bytes.append(terminal.bytes_between(before, time.monotonic()))
        results["rows_changed_per_poll"] = 100
        results["poll_apply_ms"] = max(applies)
        results["poll_bytes"] = max(poll_bytes)

        # One row changes: the last running job stops.
        seen = len(events(trace, "poll"))
        sim.bedrock.stop_job("us-east-1", "running-200")
        before = time.monotonic()
        polls = wait_for_polls(trace, seen + 1)
        time.sleep(0.3)
        results["one_row_change_bytes"] = terminal.bytes_between(before, time.monotonic())
        if os.environ.get("BENCH_RAW"):
            for t, data in terminal.raw:
                if t >= before:
                    print(repr(data), file=sys.stderr)
        results["one_row_apply_ms"] = polls[-1]["apply_ms"]

        # Idle: once the stopping jobs have stopped, nothing runs and nothing changes.
        sim.advance(120)
        seen = len(events(trace, "poll"))
        wait_for_polls(trace, seen + 1, timeout=90)
        time.sleep(0.5)
        start = time.monotonic()
        time.sleep(idle_window)
        idle_bytes = terminal.bytes_between(start, time.monotonic())
        idle_polls = [p for p in events(trace, "poll") if p["t"] >= time.time() - idle_window]
        results["idle_polls_per_minute"] = round(len(idle_polls) * 60 / idle_window, 1)
        results["idle_bytes_per_minute"] = round(idle_bytes * 60 / idle_window)

        lags = events(trace, "lag")
        results["max_stall_ms"] = max(e["max_ms"] for e in lags)
        results["peak_rss_mb"] = round(rss_mb(app.pid), 1)

    finally:
        app.terminate()
        app.wait(timeout=30)
        sim.stop()
    if os.environ.get("BENCH_TIMELINE"):
        kinds = ("poll", "lag", "gc")
        timeline = sorted((e for k in kinds for e in events(trace, k)), key=lambda e: e["t"])
        for event in timeline:
            print(json.dumps(event), file=sys.stderr)
    width = max(len(k) for k in results)
    for key, value in results.items():
        target = TARGETS.get(key)
        verdict = (
            "" if target is None else ("  ok" if value <= target else f"  OVER target {target}")
        )
        print(f"{key.ljust(width)}  {value}{verdict}")


if __name__ == "__main__":
    main()
