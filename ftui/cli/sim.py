"""``ftui sim`` and ``ftui --demo``: the local AWS emulator, in the foreground or behind the app."""

from __future__ import annotations

import argparse
import gc
import importlib.util
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# Nothing slow at the top: ``ftui --demo`` prints its first line before the slow imports.
from ftui.cli import serving_args
from ftui.cli.exits import Exit
from ftui.core import paths

INSTALL_HINT = "pip install 'ftui[demo]'"


def emulator_available() -> bool:
    """Whether the demo extra is installed: found, not imported (importing moto takes 0.4 s)."""
    return all(importlib.util.find_spec(name) is not None for name in ("moto", "flask"))


def _missing() -> int:
    from ftui.cli.common import err

    err(f"error: the local AWS emulator needs the demo extra; install it with: {INSTALL_HINT}")
    return Exit.UNUSABLE


def run_sim(args: argparse.Namespace) -> int:
    from ftui.cli.common import err, out

    specs: list[str] = list(getattr(args, "fault", None) or [])
    if "help" in specs:
        from ftui.sim.faults import FAULT_HELP

        out(FAULT_HELP.rstrip("\n"))
        return Exit.OK
    if not emulator_available():
        return _missing()
    from ftui.sim.faults import FaultSpecError, parse_fault
    from ftui.sim.server import SimServer
    from ftui.sim.world import seed_world

    try:
        faults = [parse_fault(spec) for spec in specs]
    except FaultSpecError as error:
        err(f"error: --fault: {error}; `ftui sim --fault help` lists the faults")
        return Exit.UNUSABLE
    try:
        sim = SimServer(port=args.port, speed=args.speed, seed=args.random_seed)
    except OSError as error:
        err(f"error: cannot listen on 127.0.0.1:{args.port}: {error.strerror or error}")
        return Exit.UNUSABLE
    except ValueError as error:
        err(f"error: --speed: {error}")
        return Exit.UNUSABLE
    # Until the world is seeded and the faults are on, /_ftui/health says "not ready": a script
    # polling it on a known --port must not start early. Seeding is the emulator calling
    # itself, which faults spare.
    sim.start(ready=False)
    sim.faults.add(faults)
    if args.seed:
        seed_world(sim)
    sim.mark_ready()
    if not sim.wait_ready():
        err("error: the emulator does not answer its own health check")
        sim.stop()
        return Exit.UNUSABLE
    # Whoever reads the lines below may stop the emulator as soon as it has them: be ready first.
    done = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: done.set())
    world = "the demo world" if args.seed else "an empty account"
    out(f"ftui sim: AWS on {sim.endpoint_url} ({world}, time x{args.speed:g})")
    out("Use it from another shell:")
    for name, value in sim.environment().items():
        out(f"  export {name}={value}")
    out(f"Skip ahead an hour: curl -X POST '{sim.endpoint_url}/_ftui/advance?seconds=3600'")
    if faults:
        out(f"Faults on: {' '.join(f.spec for f in faults)}")
        out(f"End them: curl -X DELETE '{sim.endpoint_url}/_ftui/faults'")
    out("Ctrl+C stops it.")
    sys.stdout.flush()  # to a pipe, stdout is block-buffered and this process does not exit
    done.wait()
    sim.stop()
    return Exit.OK


# Commands that call AWS: under --demo they need the emulator. The others only read and write
# profiles, so the demo's profiles folder is all they need and they start at once.
# Commands that call AWS: under --demo they must reach the emulator, never the user's account.
AWS_COMMANDS = (
    frozenset({None, "submit", "jobs", "metrics", "stop", "check", "data"}) | serving_args.COMMANDS
)


def run_demo(args: argparse.Namespace, dispatch: Callable[[], int]) -> int:
    """Run the command against the demo: its profiles, and the emulator if the command calls AWS."""
    # A profile missing from the demo may be one of the user's: keep where they are, for the hint.
    args.user_profiles = paths.profiles_dir()
    local_data = args.command == "data" and not str(args.path).startswith("s3://")
    if args.command not in AWS_COMMANDS or local_data:
        with demo_profiles():
            return dispatch()
    speed_problem = _speed_problem(args.speed)
    if speed_problem is not None:
        from ftui.cli.common import err

        err(f"error: --speed: {speed_problem}")
        return Exit.UNUSABLE
    if args.command == "submit" and not _demo_profile_exists(args):
        return Exit.UNUSABLE  # said at once, not after seconds of starting the emulator
    if args.command is None:
        return _demo_tui(args.speed, dispatch)
    progress = Progress(quiet=bool(getattr(args, "json", False)))
    progress.say("starting the local AWS emulator…")
    progress.say("loading moto…")
    refused = demo_unavailable()
    if refused is not None:
        return refused
    with demo_environment(args.speed, progress) as ready:
        if not ready:
            from ftui.cli.common import err

            err("error: the local AWS emulator does not answer its health check")
            return Exit.UNUSABLE
        return dispatch()


def _demo_tui(speed: float, dispatch: Callable[[], int]) -> int:
    """The app at once, the emulator starting beside it (:mod:`ftui.sim.background`).

    The app's first calls wait for the emulator as they would for a slow AWS; its first frame
    does not. The demo's profiles are written by the emulator, just after the jobs.
    """
    if not emulator_available():
        return _missing()
    from ftui.sim import background
    from ftui.sim.seeding.names import REGIONS
    from ftui.tui import readiness

    config = paths.demo_dir()
    log = config / "state" / "emulator.log"
    # The app says on this pipe when its first frame is drawn (ftui.tui.readiness).
    drawn, announce = os.pipe()
    try:
        emulator = background.start(speed=speed, profiles=config / "profiles", log=log, drawn=drawn)
    finally:
        os.close(drawn)  # the emulator has its own copy
    try:
        with _environment(
            **emulator.environment(),
            FTUI_CONFIG_DIR=str(config),
            FTUI_STATE_DIR=str(config / "state"),
            **{readiness.ENV: str(announce)},
        ):
            for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN"):
                os.environ.pop(name, None)
            os.environ.setdefault("FTUI_REGIONS", ",".join(REGIONS))
            code = dispatch()
            if os.environ.get(readiness.ENV) == str(announce):
                os.close(announce)  # never drawn (it stopped at once): the app did not close it
    finally:
        stopped_well = emulator.stop()
    if not stopped_well:
        from ftui.cli.common import err

        err(f"error: the local AWS emulator stopped; what it said is in {log}")
    return code


def _demo_profile_exists(args: argparse.Namespace) -> bool:
    """Whether the profile to submit is there; if not, says so (as submit would)."""
    from ftui.cli.common import err, profile_error, store
    from ftui.core.profiles import ProfileError

    with demo_profiles():
        try:
            store().load(args.name)
        except ProfileError as error:
            err(profile_error(args, error, args.name))
            return False
    return True


class Progress:
    """Start-up lines on stderr: the emulator takes seconds, and the screen must not stay blank.

    Quiet when stdout is machine-readable (``--json``): a script sees nothing it did not ask for.
    """

    def __init__(self, *, quiet: bool) -> None:
        self.quiet = quiet
        self.started = time.monotonic()

    def say(self, text: str) -> None:
        if not self.quiet:
            print(f"ftui: {text}", file=sys.stderr, flush=True)

    def ready(self) -> None:
        self.say(f"ready in {time.monotonic() - self.started:.1f} s")


@contextmanager
def demo_profiles() -> Iterator[None]:
    """The demo's own config folder, with its sample profiles, in place of the user's."""
    from ftui.core.profiles import ProfileStore
    from ftui.sim.world import seed_profiles

    config = paths.demo_dir()
    with _environment(FTUI_CONFIG_DIR=str(config), FTUI_STATE_DIR=str(config / "state")):
        seed_profiles(ProfileStore(config / "profiles"))
        yield


@contextmanager
def demo_environment(speed: float, progress: Progress) -> Iterator[bool]:
    """A seeded emulator for this process, and the demo's profiles; ``False`` if it is not ready.

    The app then reaches the emulator as it reaches AWS: through AWS_ENDPOINT_URL and
    credentials in the environment, nothing else.
    """
    from ftui.sim.server import SimServer
    from ftui.sim.world import REGIONS, seed_world

    sim = SimServer(speed=speed).start(ready=False)
    try:
        progress.say("seeding the demo account…")
        seed_world(sim)
        # The seeded account (moto's objects, botocore's models) lives as long as the command:
        # out of the collector's sight, a full collection no longer stalls `--demo check` for
        # 300-500 ms (bench/preflight.py: worst fresh run 740 -> 531 ms).
        gc.freeze()
        sim.mark_ready()
        if not sim.wait_ready():
            yield False
            return
        with _environment(**sim.environment()), demo_profiles():
            for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN"):
                os.environ.pop(name, None)
            os.environ.setdefault("FTUI_REGIONS", ",".join(REGIONS))  # the demo has jobs in both
            progress.ready()
            yield True
    finally:
        sim.stop()


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    """Set ``values`` in the environment; put the whole environment back afterwards."""
    saved = dict(os.environ)
    os.environ.update(values)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _speed_problem(speed: float) -> str | None:
    from ftui.sim.clock import ScaledClock

    try:
        ScaledClock(speed)
    except ValueError as error:
        return str(error)
    return None


def demo_unavailable() -> int | None:
    """The exit code to stop with when the demo cannot run, else ``None``."""
    return None if emulator_available() else _missing()
