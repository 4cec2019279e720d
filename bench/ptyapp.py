"""Run a terminal app in a pseudo-terminal and watch what it draws, as a terminal would.

    app = PtyApp.spawn([".venv/bin/ftui"], env=env, columns=80, lines=24)
    first = app.wait_for_frame("Jobs", timeout=20)   # seconds from spawn, or None
    settled = app.wait_until_quiet(0.3, timeout=10)
    memory = app.memory()
    app.stop()

Every write the app makes is kept with the time it was read. A frame is what an app writes
between the synchronized-output markers (``ESC[?2026h`` ... ``ESC[?2026l``) once it is on the
alternate screen; apps that do not use the markers are cut at each read instead. The terminal
answers the queries a modern terminal answers (synchronized output supported, the cursor's
position), so Textual apps draw exactly as they do in kitty, WezTerm or iTerm2: Textual only
wraps its frames in the markers once a terminal says it supports them.

Only the standard library: the benchmark must not share the apps' imports.
"""

from __future__ import annotations

import contextlib
import fcntl
import math
import os
import pty
import re
import signal
import struct
import subprocess
import termios
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ALT_SCREEN = b"\x1b[?1049h"
SYNC_START = b"\x1b[?2026h"
SYNC_END = b"\x1b[?2026l"
SYNC_MARKER = re.compile(rb"\x1b\[\?2026[hl]")
SYNCHRONIZED_OUTPUT_MODE = 2026
# DECRPM answers: 2 is "supported, currently reset"; 0 is "not recognised".
MODE_SUPPORTED, MODE_UNKNOWN = 2, 0
MODE_QUERY = re.compile(rb"\x1b\[\?(\d+)\$p")
CURSOR_QUERY = b"\x1b[6n"
# What a terminal does not print: CSI, OSC/DCS/APC strings, and two-byte escapes.
CURSOR_MOVE = re.compile(rb"\x1b\[[0-9;]*[Hf]")
ESCAPES = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]"
    rb"|\x1b[\]P_^][^\x07\x1b]*(?:\x07|\x1b\\)"
    rb"|\x1b[@-Z\\-_()*+][0-9A-Za-z]?"
)
KB = 1024
# One write of a whole screen reaches the master side in several reads of the pty's buffer size,
# microseconds apart: reads closer than this are one batch.
BATCH_GAP = 0.005


@dataclass(frozen=True)
class Write:
    """One read from the terminal's master side: what the app wrote, and when it arrived."""

    at: float  # time.monotonic()
    data: bytes


@dataclass(frozen=True)
class Memory:
    """The app's memory in MB: its resident set now, its peak, and with its child processes."""

    rss_mb: float
    peak_mb: float
    tree_rss_mb: float


def screen_text(data: bytes) -> str:
    """The printable text of terminal output: escapes dropped, each cursor jump a new line."""
    lines = CURSOR_MOVE.sub(b"\n", data)
    return ESCAPES.sub(b"", lines).decode("utf-8", "replace")


class PtyApp:
    """A command on a pseudo-terminal of its own, in its own process group."""

    def __init__(self, process: subprocess.Popen[bytes], master: int, started: float) -> None:
        self.process = process
        self.started = started
        self._master = master
        self._writes: list[Write] = []
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._closed = False
        self._reader = threading.Thread(target=self._read_forever, name="ptyapp", daemon=True)
        self._reader.start()

    @classmethod
    def spawn(
        cls,
        argv: Sequence[str],
        *,
        env: Mapping[str, str],
        columns: int = 80,
        lines: int = 24,
        cwd: str | Path | None = None,
    ) -> PtyApp:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        started = time.monotonic()
        process = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=dict(env),
            cwd=cwd,
            start_new_session=True,  # the pty becomes its controlling terminal; one group to kill
        )
        os.close(slave)
        return cls(process, master, started)

    # -- what was written -------------------------------------------------------------------

    def _read_forever(self) -> None:
        while True:
            try:
                data = os.read(self._master, 65536)
            except OSError:  # EIO: every holder of the slave side has closed it
                data = b""
            at = time.monotonic()
            with self._changed:
                if data:
                    self._writes.append(Write(at, data))
                else:
                    self._closed = True
                self._changed.notify_all()
            if not data:
                return
            self._answer(data)

    def _answer(self, data: bytes) -> None:
        """Reply to the terminal queries in ``data``, as the terminal the app thinks it is on."""
        replies = b""
        for match in MODE_QUERY.finditer(data):
            mode = int(match.group(1))
            setting = MODE_SUPPORTED if mode == SYNCHRONIZED_OUTPUT_MODE else MODE_UNKNOWN
            replies += b"\x1b[?%d;%d$y" % (mode, setting)
        replies += b"\x1b[1;1R" * data.count(CURSOR_QUERY)
        if replies:
            with contextlib.suppress(OSError):
                os.write(self._master, replies)

    def writes(self) -> list[Write]:
        with self._lock:
            return list(self._writes)

    def output(self) -> bytes:
        return b"".join(w.data for w in self.writes())

    def bytes_between(self, start: float, end: float) -> int:
        """Bytes written from ``start`` (inclusive) to ``end`` (exclusive), monotonic times."""
        return sum(len(w.data) for w in self.writes() if start <= w.at < end)

    def frames(self) -> list[tuple[float, bytes]]:
        """Each frame drawn on the alternate screen so far: (when its end arrived, its bytes).

        A frame between the markers counts once its end marker has arrived; output outside the
        markers (an app's frames before the terminal said it has them) is cut at each read.
        """
        stream = bytearray()
        ends: list[tuple[int, float]] = []  # offset just past each read, and its time
        for write in self.writes():
            stream += write.data
            ends.append((len(stream), write.at))
        alt = stream.find(ALT_SCREEN)
        if alt < 0:
            return []
        found: list[tuple[float, bytes]] = []
        position = alt + len(ALT_SCREEN)
        opened: int | None = None  # where the frame being drawn began
        for marker in SYNC_MARKER.finditer(stream, position):
            if opened is None:
                found += _unmarked(stream, position, marker.start(), ends)
                position = marker.end()
                if marker.group() == SYNC_START:
                    opened = marker.start()
            elif marker.group() == SYNC_END:
                found.append((_time_of(marker.end(), ends), bytes(stream[opened : marker.end()])))
                opened, position = None, marker.end()
        if opened is None:
            found += _unmarked(stream, position, len(stream), ends)
        return found

    def first_frame_with(self, marker: str) -> float | None:
        """Seconds from spawn to the end of the first frame that shows ``marker``."""
        for at, frame in self.frames():
            if marker in screen_text(frame):
                return at - self.started
        return None

    # -- waiting ----------------------------------------------------------------------------

    def _wait(self, ready: Callable[[], float | None], timeout: float) -> float | None:
        # Times come from the reads themselves, so a late look changes no measurement.
        deadline = time.monotonic() + timeout
        while True:
            found = ready()
            remaining = deadline - time.monotonic()
            if found is not None or remaining <= 0:
                return found
            with self._changed:
                closed = self._closed
                if not closed:
                    self._changed.wait(min(remaining, 0.25))
            if closed:  # all written is here: one last look, outside the lock it takes
                return ready()

    def wait_for_frame(self, marker: str, timeout: float) -> float | None:
        """Seconds from spawn to the first frame showing ``marker``; None if none in ``timeout``."""
        return self._wait(lambda: self.first_frame_with(marker), timeout)

    def wait_until_quiet(self, quiet: float, timeout: float) -> float | None:
        """Seconds from spawn to the last write before ``quiet`` seconds of silence."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            writes = self.writes()
            last = writes[-1].at if writes else self.started
            silent_for = time.monotonic() - last
            if silent_for >= quiet:
                return last - self.started
            time.sleep(quiet - silent_for)
        return None

    def send(self, keys: bytes) -> None:
        """Type ``keys`` as a terminal would send them."""
        os.write(self._master, keys)

    @property
    def exited(self) -> bool:
        return self.process.poll() is not None

    # -- the process ------------------------------------------------------------------------

    def memory(self) -> Memory:
        status = _status(self.process.pid)
        tree = sum(_status(pid).get("VmRSS", 0) for pid in _descendants(self.process.pid))
        rss = status.get("VmRSS", 0)
        return Memory(rss / KB, status.get("VmHWM", 0) / KB, (rss + tree) / KB)

    def stop(self, grace: float = 3.0) -> None:
        """Hang up as a closed terminal window does, then kill whatever is left of the group."""
        group = self.process.pid  # start_new_session: the group's id is the leader's pid
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGHUP)
            os.killpg(group, signal.SIGCONT)  # a stopped process would not see the hang-up
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=grace)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=grace)
        with contextlib.suppress(OSError):
            os.close(self._master)
        self._reader.join(timeout=grace)


def _time_of(offset: int, ends: list[tuple[int, float]]) -> float:
    """When the read holding byte ``offset - 1`` of the stream arrived."""
    for end, at in ends:
        if end >= offset:
            return at
    return ends[-1][1]


def _unmarked(
    stream: bytearray, start: int, stop: int, ends: list[tuple[int, float]]
) -> list[tuple[float, bytes]]:
    """The output from ``start`` to ``stop`` as frames: reads in quick succession are one."""
    pieces: list[tuple[float, bytes]] = []
    previous, batch_from, last_at = start, start, -math.inf
    for end, at in ends:
        cut = min(end, stop)
        if cut <= previous:
            continue
        if at - last_at > BATCH_GAP and previous > batch_from:
            pieces.append((last_at, bytes(stream[batch_from:previous])))
            batch_from = previous
        previous, last_at = cut, at
        if cut >= stop:
            break
    if previous > batch_from:
        pieces.append((last_at, bytes(stream[batch_from:previous])))
    return pieces


def _status(pid: int) -> dict[str, int]:
    """The kB fields of /proc/PID/status; empty once the process is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    fields: dict[str, int] = {}
    for line in text.splitlines():
        name, _, value = line.partition(":")
        parts = value.split()
        if len(parts) == 2 and parts[1] == "kB":
            fields[name] = int(parts[0])
    return fields


def _descendants(pid: int) -> list[int]:
    """The processes started, directly or not, by ``pid``."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces: the fields follow its end.
        fields = text[text.rfind(")") + 2 :].split()
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found: list[int] = []
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found
