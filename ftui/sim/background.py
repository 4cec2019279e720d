"""``ftui --demo``'s emulator: a process of its own, started beside the app, not before it.

The app used to wait seconds for moto to load and the demo account to be made before its first
frame. Now the command binds a loopback socket (so the endpoint's address is known at once),
hands it to a child process, and starts the app; the app's first calls wait in the socket's
backlog, then in :class:`~ftui.sim.gate.ServiceGate`, until the child has made what they read.
The child makes the jobs first (the monitor shows them), then the demo's profiles, then the rest
of the account. On two cores the app draws on one while the emulator loads on the other, and
the app's process never holds moto's objects (or pays for collecting them).

The child runs until the app's end of a pipe closes: when ftui exits, crashes or is killed, the
emulator goes with it. What it says goes to a log file, never to the terminal the app draws on.

This module's parent half imports nothing heavy: ``ftui --demo`` loads it before its first frame.
"""

from __future__ import annotations

import argparse
import contextlib
import select
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

# The emulator's credentials: any would do, these name it in a request log.
ACCESS_KEY = "ftui-sim"
SECRET_KEY = "ftui-sim-secret"
REGION = "us-east-1"
# Connections the app may open before the child accepts them (its pool holds at most 10).
BACKLOG = 128
STOP_SECONDS = 5.0
FIRST_CALL_WAIT = 1.0
FIRST_ANSWER_WAIT = 2.0


@dataclass
class Background:
    """The emulator's process, as the app's side of ``ftui --demo`` sees it."""

    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def environment(self) -> dict[str, str]:
        return environment(self.endpoint_url)

    def stop(self) -> bool:
        """Close the pipe the child watches and wait for it to go; ``False`` if it failed
        (its log says why), and only then."""
        with contextlib.suppress(OSError):
            if self.process.stdin is not None:
                self.process.stdin.close()
        try:
            code = self.process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return True  # it hung while stopping: what it served was served
        return code == 0


def environment(endpoint_url: str, region: str = REGION) -> dict[str, str]:
    """What a process needs to use the emulator at ``endpoint_url`` as AWS."""
    return {
        "AWS_ENDPOINT_URL": endpoint_url,
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_DEFAULT_REGION": region,
        "AWS_REGION": region,
        "AWS_EC2_METADATA_DISABLED": "true",
    }


def start(*, speed: float, profiles: Path, log: Path, drawn: int | None = None) -> Background:
    """Bind the endpoint and start the emulator behind it; returns before it is ready.

    ``drawn``: a pipe's reading end, on which the app says its first frame is drawn
    (:mod:`ftui.tui.readiness`): the emulator starts loading then, or at the app's first call.
    """
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen(BACKLOG)
        fd = listener.fileno()
        command = [sys.executable, "-m", "ftui.sim.background", "--fd", str(fd)]
        command += ["--speed", repr(speed), "--profiles", str(profiles)]
        passed = [fd]
        if drawn is not None:
            command += ["--drawn", str(drawn)]
            passed.append(drawn)
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("wb") as out:
            process = subprocess.Popen(
                command,
                pass_fds=passed,
                stdin=subprocess.PIPE,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # the terminal's signals are the app's to handle
            )
        return Background(process, int(listener.getsockname()[1]), log)
    finally:
        listener.close()  # the child holds its own copy


# --- the child ------------------------------------------------------------------------------


def serve(fd: int, speed: float, profiles: Path, drawn: int | None = None) -> int:
    """Serve on the socket ``fd``, making the demo account while already answering."""
    # The app draws its first frame, says so on ``drawn``, then calls: until then (or a
    # second), loading moto here would only slow that frame down (on two cores, 350 ->
    # 550-700 ms measured; a lower priority did not help). Told the frame is drawn, it loads
    # while the app loads boto3 for its first call (~0.2 s sooner than waiting for the call).
    select.select([fd] if drawn is None else [fd, drawn], [], [], FIRST_CALL_WAIT)
    import gc

    from ftui.core.profiles import ProfileStore
    from ftui.sim.seeding import verdicts
    from ftui.sim.server import SimServer
    from ftui.sim.world import MONITORED, seed_first, seed_profiles, seed_rest

    sim = SimServer(speed=speed, fd=fd)
    sim.gate.close()
    sim.start(ready=False)
    parent_gone = threading.Event()
    watch = threading.Thread(target=_watch_parent, args=(parent_gone,), daemon=True)
    watch.start()
    sim.bedrock.verdicts.update(verdicts.shipped())
    try:
        seed_first(sim)
        sim.gate.open(MONITORED)
        # The app's first poll is answered while the rest is made, in this process: made
        # at once, it would take the interpreter from the answer the user is waiting for.
        sim.gate.wait_answered("bedrock", FIRST_ANSWER_WAIT)
        seed_profiles(ProfileStore(profiles))
        seed_rest(sim)
        sim.gate.open()
        gc.freeze()  # the account lives as long as the process: out of the collector's way
        sim.mark_ready()
        parent_gone.wait()
    finally:
        sim.stop()
    return 0


def _watch_parent(gone: threading.Event) -> None:
    """The parent keeps our stdin open while it runs: end of file is its end."""
    with contextlib.suppress(OSError):
        while sys.stdin.buffer.read(1):
            pass
    gone.set()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ftui.sim.background")
    parser.add_argument("--fd", type=int, required=True)
    parser.add_argument("--speed", type=float, required=True)
    parser.add_argument("--profiles", type=Path, required=True)
    parser.add_argument("--drawn", type=int)
    args = parser.parse_args(argv)
    return serve(args.fd, args.speed, args.profiles, args.drawn)


if __name__ == "__main__":  # pragma: no cover - run as the child of ftui --demo
    sys.exit(main())
