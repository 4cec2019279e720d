"""Benchmark the jobs monitor with 10,000 jobs, as a user on a terminal would live it.

    python bench/monitor.py             # the full run (about four minutes)
    python bench/monitor.py --quick     # a shorter idle window

The emulator runs here, its clock standing still; the app runs as `ftui` in its own process on a
pseudo-terminal of 120x40, exactly as in a terminal. This script counts every byte the app writes
to that terminal. The app's own timings come from FTUI_TRACE (see ftui/tui/trace.py): how long the
UI thread spends applying a poll (and, as `_cpu_ms`, the CPU time it used: the rest is waiting
for a loaded machine), how long until the screen shows it, and how late the event loop wakes (its
longest stall). Peak RSS is the app process's VmHWM. Only the standard library, the
emulator and ftui are used.

Two polls in which 1% of the jobs change (100 stop) and three in which one job stops are
measured; each result is the worst of its polls. Jobs are stopped away from the moments the
minutes on screen turn (the header's "refreshed HH:MM", running jobs' elapsed minutes), so that
a one-row change is measured alone; its bytes are listed by line of the screen. The script exits
with status 1 when a result misses its target.
"""

from __future__ import annotations

import argparse
import fcntl
import itertools
import json
import os
import pty
import re
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import boto3
from history import history  # bench/history.py: a script's own folder is on its path

from ftui.sim.clock import ManualClock
from ftui.sim.datasets import DATASETS
from ftui.sim.server import SimServer
from ftui.sim.world import DATA_BUCKET, OUTPUT_BUCKET, ROLE_ARN, _trust

JOBS = 10_000
ONE_ROW_POLLS = 3
BATCH = 100  # 1% of the jobs
# Two rounds of 100 are stopped, then one job at a time for the one-row changes.
RUNNING = 2 * BATCH + ONE_ROW_POLLS
COLUMNS, LINES = 120, 40
# The longest wait for a quiet moment: the minutes on screen turn at most a few seconds apart.
MAX_WINDOW = 40.0
TARGETS = {
    "first_display_ms": 300,
    "poll_apply_ms": 50,
    "one_row_apply_ms": 10,
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
                self.raw.append((time.monotonic(), data))

    def bytes_between(self, start: float, end: float) -> int:
        with self.lock:
            return sum(n for t, n in self.chunks if start <= t < end)

    def written_between(self, start: float, end: float) -> bytes:
        with self.lock:
            return b"".join(data for t, data in self.raw if start <= t < end)


MOVE = re.compile(rb"\x1b\[(\d+);\d+H")
ESCAPE = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")


def by_line(written: bytes) -> dict[int, tuple[int, str]]:
    """Bytes written to each line of the screen (the line a cursor move went to), and its text."""
    lines: dict[int, tuple[int, str]] = {}
    moves = list(MOVE.finditer(written))
    for move, after in zip(moves, [*moves[1:], None], strict=True):
        chunk = written[move.start() : after.start() if after else len(written)]
        line = int(move.group(1))
        count, text = lines.get(line, (0, ""))
        shown = ESCAPE.sub(b"", chunk).decode(errors="replace").strip()
        lines[line] = (count + len(chunk), text or shown)
    return lines


def minute_turns(created: list[datetime]) -> list[float]:
    """Seconds past the minute at which the screen's minutes move on: the clock in the header,
    and each running job's elapsed time (shown in minutes)."""
    return sorted({0.0, *(c.timestamp() % 60 for c in created)})


def poll_window(trace: Path) -> float:
    """How long a change may take to be shown: two of the latest gaps between polls (a poll of
    10,000 jobs takes seconds on a loaded machine), with room."""
    times = [p["t"] for p in events(trace, "poll")[-4:]]
    gap = max((b - a for a, b in itertools.pairwise(times)), default=MAX_WINDOW)
    return min(MAX_WINDOW, 2 * gap + 1)


def away_from_turns(turns: list[float], window: float) -> None:
    """Wait until no minute turns within ``window`` seconds: a one-row change then writes its
    row and its notice, not also every line whose minute moved on at that moment."""
    while True:
        now = time.time() % 60
        ahead = [(t - now) % 60 for t in turns]
        if min(ahead) > window:
            return
        time.sleep(min(ahead) + 0.5)


def seed(sim: SimServer) -> list[datetime]:
    """9,797 finished jobs of the last 90 days and 203 running ones, all in us-east-1; when the
    running ones were created."""
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
    created = []
    for i in range(RUNNING):
        created.append(sim.clock.now())
        bedrock.create_model_customization_job(
            jobName=f"running-{i:03d}",
            customModelName=f"running-{i:03d}-model",
            roleArn=ROLE_ARN,
            baseModelIdentifier="amazon.nova-micro-v1:0:128k",
            trainingDataConfig={"s3Uri": f"s3://{DATA_BUCKET}/support/train.jsonl"},
            outputDataConfig={"s3Uri": f"s3://{OUTPUT_BUCKET}/jobs/"},
        )
    return created


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
    # The emulator's clock starts at the real time (the app's clock and the jobs' agree) and stands
    # still: jobs change only when this script changes them, so a measured poll holds exactly the
    # changes made. On a loaded machine a run lasts minutes, long enough for stopping jobs to stop
    # (90 s) or running ones to leave validation, in the middle of a measured poll.
    sim = SimServer(clock=ManualClock(datetime.now(UTC))).start()
    print(f"seeding {JOBS:,} jobs…", file=sys.stderr)
    turns = minute_turns(seed(sim))
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

        def poll_after(stopped: list[str]) -> tuple[dict[str, float], bytes]:
            """Stop these jobs; the poll that shows it, and what it wrote to the terminal."""
            away_from_turns(turns, poll_window(trace))
            # Right after a poll is shown: the next one starts an interval later, so none lists
            # the jobs while they stop.
            seen = len(wait_for_polls(trace, len(events(trace, "poll")) + 1))
            before = time.monotonic()
            for name in stopped:
                sim.bedrock.stop_job("us-east-1", name)
            poll = wait_for_polls(trace, seen + 1)[seen]
            time.sleep(0.3)
            assert poll["changed"] == len(stopped), poll
            return poll, terminal.written_between(before, time.monotonic())

        # Polls in which 1% of the jobs change: 100 running jobs stop (InProgress -> Stopping).
        batches = [
            poll_after([f"running-{i:03d}" for i in range(b * BATCH, (b + 1) * BATCH)])
            for b in range(2)
        ]
        results["rows_changed_per_poll"] = BATCH
        results["poll_apply_ms"] = max(poll["apply_ms"] for poll, _ in batches)
        results["poll_apply_cpu_ms"] = max(poll["apply_cpu_ms"] for poll, _ in batches)
        results["poll_display_ms"] = max(poll["display_ms"] for poll, _ in batches)
        results["poll_bytes"] = max(len(written) for _, written in batches)

        # One row changes: one more running job stops, a few times over.
        ones = [poll_after([f"running-{i:03d}"]) for i in range(2 * BATCH, RUNNING)]
        results["one_row_polls"] = len(ones)
        results["one_row_apply_ms"] = max(poll["apply_ms"] for poll, _ in ones)
        results["one_row_apply_cpu_ms"] = max(poll["apply_cpu_ms"] for poll, _ in ones)
        results["one_row_display_ms"] = max(poll["display_ms"] for poll, _ in ones)
        results["one_row_change_bytes"] = max(len(written) for _, written in ones)
        most = max((written for _, written in ones), key=len)
        if os.environ.get("BENCH_RAW"):
            print(repr(most), file=sys.stderr)

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
    missed = []
    for key, value in results.items():
        target = TARGETS.get(key)
        verdict = ""
        if target is not None:
            verdict = "  ok" if value <= target else f"  OVER target {target}"
            if value > target:
                missed.append(key)
        print(f"{key.ljust(width)}  {value}{verdict}")
    print("the largest one-row change, by line of the screen (1 is the top):")
    for line, (count, text) in sorted(by_line(most).items()):
        print(
            f"  line {line:>2}  {count:>4} bytes  {text[:70]!r}"
            if text
            else f"  line {line:>2}  {count:>4} bytes  (the cursor, put back)"
        )
    if missed:
        raise SystemExit(f"over target: {', '.join(missed)}")


if __name__ == "__main__":
    main()
