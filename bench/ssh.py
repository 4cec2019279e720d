"""ftui at the end of an SSH link: bytes while idle, colours, a slow link.

    python bench/ssh.py              # every screen, 60 s idle each, both colour systems, slow link
    python bench/ssh.py --quick      # 10 s idle windows
    python bench/ssh.py --only idle  # one part: idle, colours or slow

The emulator runs here with the demo world (real time: a running job moves as it would on AWS);
the app runs as `ftui` in its own process on a pseudo-terminal, as over SSH. This script types
the keys a user would, waits for each screen to settle and counts what the app writes:

- idle: bytes per minute on every screen once it has settled (target 0, except what follows live
  data: the monitor's "refreshed" line, a running job's detail);
- colours: the first frame of each screen in truecolor and with TEXTUAL_COLOR_SYSTEM=256 (no
  truecolor sequence may be written there, and no text may be drawn in its background's colour);
- slow: the terminal read at modem speed while keys arrive quickly: keys answered in order, total
  bytes and time to settle against a fast reader, the app's RSS.
Only the standard library, the emulator and ftui are used.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ssh_screens import TRUECOLOR, VirtualTerminal  # bench/ is on a script's path

from ftui.core.profiles import ProfileStore
from ftui.sim.clock import ScaledClock
from ftui.sim.server import SimServer
from ftui.sim.world import seed_profiles, seed_world

APP = Path(__file__).resolve().parent.parent / ".venv" / "bin" / "ftui"
SETTLE_SECONDS = 1.5  # no byte for this long: the screen is drawn
KEY_GAP = 0.05  # between keys typed "quickly"
MODEM_BYTES_PER_SECOND = 7000  # 56 kbit/s
READ_TICK = 0.05


@dataclass
class Session:
    """ftui on a pseudo-terminal; what it writes is kept with times and decoded as a screen."""

    env: dict[str, str]
    columns: int = 120
    lines: int = 40
    read_rate: int | None = None  # bytes a second the far end takes, None: as fast as it comes
    chunks: list[tuple[float, bytes]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.screen = VirtualTerminal(self.columns, self.lines)
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", self.lines, self.columns, 0, 0))
        self.master = master
        self.process = subprocess.Popen(
            [str(APP), "--region", "us-east-1"],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=self.env,
            start_new_session=True,
        )
        os.close(slave)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            limit = 65536
            if self.read_rate is not None:
                limit = max(1, int(self.read_rate * READ_TICK))
                time.sleep(READ_TICK)
            try:
                data = os.read(self.master, limit)
            except OSError:
                return
            if not data:
                return
            with self.lock:
                self.chunks.append((time.monotonic(), data))
                self.screen.feed(data)

    def keys(self, *sequences: str, gap: float = KEY_GAP) -> float:
        """Type ``sequences``; the time the first was sent."""
        start = time.monotonic()
        for sequence in sequences:
            os.write(self.master, sequence.encode())
            time.sleep(gap)
        return start

    def written(self, start: float, end: float | None = None) -> bytes:
        with self.lock:
            return b"".join(d for t, d in self.chunks if t >= start and (end is None or t < end))

    def last_write(self) -> float:
        with self.lock:
            return self.chunks[-1][0] if self.chunks else 0.0

    def settle(
        self,
        until: Callable[[VirtualTerminal], bool],
        timeout: float = 30,
        quiet_for: float = SETTLE_SECONDS,
    ) -> float:
        """Wait for ``until`` to hold of the screen and the app to be quiet; when it last wrote."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                shown = until(self.screen)
            quiet = time.monotonic() - self.last_write() >= quiet_for
            if shown and quiet:
                return self.last_write()
            time.sleep(0.1)
        raise SystemExit("the screen did not settle:\n" + "\n".join(self.screen.text()))

    def rss_kb(self) -> int:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def close(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        os.close(self.master)


# --- the walk -------------------------------------------------------------------------------

DOWN, ENTER, ESCAPE, PAGE_DOWN = "\x1b[B", "\r", "\x1b", "\x1b[6~"
F = {1: "\x1bOP", 2: "\x1bOQ", 3: "\x1bOR", 4: "\x1bOS", 7: "\x1b[18~"}
CTRL_P = "\x10"


@dataclass(frozen=True)
class Stop:
    """One screen of the walk: the keys that lead there from the previous, and what shows it."""

    name: str
    keys: tuple[str, ...]
    shows: str
    live: str = ""  # why it may write while idle
    quiet: float = SETTLE_SECONDS  # a screen that never stops writing settles between writes


def has(text: str) -> Callable[[VirtualTerminal], bool]:
    return lambda screen: screen.contains(text)


# The wizard's steps and their headings (a step's name alone is also in other steps' text).
STEPS = (
    ("Job", "Job: what kind"),
    ("Base model", "Base model: what the job"),
    ("Data", "Data: what the job learns"),
    ("Access", "Access: the role"),
    ("Network", "Network: run the job"),
    ("Hyperparameters", "Hyperparameters: how"),
    ("Tags", "Tags: for cost"),
    ("Review", "Review: the request"),
)
WITH_CHART, FINISHED = 2, 7  # rows of the demo's monitor, newest first
LAST_JOB = "support-bot-nova-micro-ft-003  Completed"

WALK = [
    Stop("jobs monitor", (), "refreshed", live="the 'refreshed' line of each poll"),
    Stop(
        "job detail (running, loss chart)",
        (*[DOWN] * WITH_CHART, ENTER),
        "Loss by step",
        live="a running job's detail reads it again and draws what changed",
    ),
    Stop(
        "job detail (finished)",
        (ESCAPE, *[DOWN] * (FINISHED - WITH_CHART), ENTER),
        "Completed  DISTILLATION",
    ),
    Stop("profiles", (ESCAPE, F[3]), "nova-support-bot"),
    # The profile with everything filled in, so each step shows all its widgets.
    Stop(f"draft 1 {STEPS[0][0]}", (DOWN, DOWN, ENTER), STEPS[0][1]),
    *(
        Stop(f"draft {n + 1} {step}", (PAGE_DOWN,), heading)
        for n, (step, heading) in enumerate(STEPS)
        if n
    ),
    Stop("custom models", (F[7],), "support-bot-micro-v3"),
    Stop("model detail", (ENTER,), "Final metrics"),
    Stop("help", (F[1],), "Esc closes"),
    # Textual's own palette input blinks (ftui's do not): it is never quiet for long.
    Stop(
        "command palette",
        (ESCAPE, CTRL_P),
        "Search for commands",
        live="Textual's palette input blinks its cursor",
        quiet=0.3,
    ),
]


def environment(sim: SimServer, work: Path, *, colours: str) -> dict[str, str]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "COLORTERM"))},
        **sim.environment(),
        "TERM": "xterm-256color",
        "FTUI_CONFIG_DIR": str(work / "config"),
        "FTUI_STATE_DIR": str(work / "state"),
        "ESCDELAY": "25",
    }
    if colours == "truecolor":
        env["COLORTERM"] = "truecolor"
    else:
        env["TEXTUAL_COLOR_SYSTEM"] = colours
    return env


@dataclass
class Visit:
    name: str
    first_frame: int
    idle_per_minute: int = 0
    idle_sample: bytes = b""
    truecolor: bool = False
    hidden: list[str] = field(default_factory=list)
    screen: list[str] = field(default_factory=list)


def walk(session: Session, idle_window: float) -> list[Visit]:
    visits = []
    for stop in WALK:
        sent = session.keys(*stop.keys)
        settled = session.settle(has(stop.shows), quiet_for=stop.quiet)
        frame = session.written(sent, settled + 0.001)
        visit = Visit(stop.name, len(frame), truecolor=bool(TRUECOLOR.search(frame)))
        with session.lock:
            visit.hidden = session.screen.invisible_text()
            visit.screen = session.screen.text()
        if idle_window:
            start = time.monotonic()
            time.sleep(idle_window)
            idle = session.written(start)
            visit.idle_per_minute = round(len(idle) * 60 / idle_window)
            visit.idle_sample = idle[:400]
        visits.append(visit)
        print(
            f"  {stop.name}: {visit.first_frame} B, idle {visit.idle_per_minute} B/min",
            file=sys.stderr,
        )
    return visits


def slow_link(sim: SimServer, work: Path, rate: int | None) -> tuple[dict[str, float], str]:
    """30 quick down-arrows in the monitor, then Enter: where it ends, bytes, time, RSS."""
    session = Session(environment(sim, work, colours="truecolor"), read_rate=rate)
    try:
        session.settle(has("support-bot-nova-pro-ft-001"), timeout=60)
        rss_before = session.rss_kb()
        peak = rss_before
        sent = session.keys(*([DOWN] * 30), ENTER, gap=0.02)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            peak = max(peak, session.rss_kb())
            if time.monotonic() - session.last_write() >= SETTLE_SECONDS + 1:
                break
            time.sleep(0.1)
        settled = session.last_write()
        with session.lock:
            final = session.screen.text()
        numbers = {
            "bytes": len(session.written(sent)),
            "settle_s": round(settled - sent, 2),
            "rss_before_mb": round(rss_before / 1024, 1),
            "rss_peak_mb": round(peak / 1024, 1),
        }
        return numbers, "\n".join(final)
    finally:
        session.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 s idle windows instead of 60 s")
    parser.add_argument("--only", choices=("idle", "colours", "slow"))
    parser.add_argument("--size", default="120x40", help="COLUMNSxLINES (default 120x40)")
    parser.add_argument("--show", action="store_true", help="print each screen as decoded")
    args = parser.parse_args()
    idle_window = 10.0 if args.quick else 60.0
    columns, lines = (int(n) for n in args.size.split("x"))

    work = Path(tempfile.mkdtemp(prefix="ftui-ssh-"))
    seed_profiles(ProfileStore(work / "config" / "profiles"))
    sim = SimServer(clock=ScaledClock(1.0)).start()
    seed_world(sim)
    os.nice(5)  # the emulator's work is AWS's on a real link: let the app come first
    try:
        runs: dict[str, list[Visit]] = {}
        for colours in ("truecolor", "256"):
            if args.only == "slow" or (args.only == "idle" and colours != "truecolor"):
                continue
            window = idle_window if colours == "truecolor" and args.only != "colours" else 0
            print(f"walk, {colours}, idle window {window:g} s", file=sys.stderr)
            session = Session(environment(sim, work, colours=colours), columns, lines)
            try:
                runs[colours] = walk(session, window)
            finally:
                session.close()
        report(runs, args.show)
        if args.only in (None, "slow"):
            fast, fast_screen = slow_link(sim, work, None)
            slow, slow_screen = slow_link(sim, work, MODEM_BYTES_PER_SECOND)
            same = fast_screen == slow_screen
            # 30 presses pass the demo's 13 rows: Enter, typed last, opens the last (oldest) job.
            arrived = LAST_JOB in slow_screen and LAST_JOB in fast_screen
            print(f"\nslow link (30 x Down then Enter, reader at {MODEM_BYTES_PER_SECOND} B/s)")
            for key in fast:
                print(f"  {key:14} fast {fast[key]:>10}  slow {slow[key]:>10}")
            print(f"  same final screen: {same}; the last job's detail open: {arrived}")
    finally:
        sim.stop()


def report(runs: dict[str, list[Visit]], show: bool) -> None:
    true, indexed = runs.get("truecolor", []), runs.get("256", [])
    names = [v.name for v in true or indexed]
    print(f"\n{'screen':36} {'idle B/min':>10} {'frame tc':>9} {'frame 256':>9}")
    for i, name in enumerate(names):
        t = true[i] if true else None
        c = indexed[i] if indexed else None
        idle = t.idle_per_minute if t else "-"
        print(
            f"{name:36} {idle:>10} {t.first_frame if t else '-':>9} "
            f"{c.first_frame if c else '-':>9}"
        )
    for visit in indexed:
        if visit.truecolor:
            print(f"TRUECOLOR written under 256 colours: {visit.name}")
        for hidden in visit.hidden:
            print(f"unreadable in 256 colours, {visit.name}: {hidden}")
    for visit in true:
        if visit.idle_per_minute:
            print(f"idle writes on {visit.name}: {visit.idle_sample[:200]!r}")
    if show:
        for visit in true + indexed:
            print(f"\n--- {visit.name}\n" + "\n".join(visit.screen))


if __name__ == "__main__":
    main()
