"""``ftui sim`` and ``ftui --demo``: the local AWS emulator, in the foreground or behind the app."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import platformdirs

from ftui.cli.common import err, out
from ftui.cli.main import EXIT_OK, EXIT_UNUSABLE

INSTALL_HINT = "pip install 'ftui[demo]'"
DEMO_SPEED = 60.0


def emulator_available() -> bool:
    try:
        import moto.server  # noqa: F401
    except ImportError:
        return False
    return True


def _missing() -> int:
    err(f"error: the local AWS emulator needs the demo extra; install it with: {INSTALL_HINT}")
    return EXIT_UNUSABLE


def run_sim(args: argparse.Namespace) -> int:
    if not emulator_available():
        return _missing()
    from ftui.sim.server import SimServer
    from ftui.sim.world import seed_world

    try:
        sim = SimServer(port=args.port, speed=args.speed, seed=args.random_seed).start()
    except OSError as error:
        err(f"error: cannot listen on 127.0.0.1:{args.port}: {error.strerror or error}")
        return EXIT_UNUSABLE
    if args.seed:
        seed_world(sim)
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
    out("Ctrl+C stops it.")
    sys.stdout.flush()  # to a pipe, stdout is block-buffered and this process does not exit
    done.wait()
    sim.stop()
    return EXIT_OK


def demo_config_dir() -> Path:
    return platformdirs.user_data_path("ftui", appauthor=False) / "demo"


@contextmanager
def demo_environment(speed: float) -> Iterator[None]:
    """A seeded emulator for this process, and a config folder of its own.

    The app then reaches the emulator as it reaches AWS: through AWS_ENDPOINT_URL and
    credentials in the environment, nothing else.
    """
    from ftui.core.profiles import ProfileStore
    from ftui.sim.server import SimServer
    from ftui.sim.world import REGIONS, seed_profiles, seed_world

    sim = SimServer(speed=speed).start()
    saved = dict(os.environ)
    try:
        seed_world(sim)
        for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN"):
            os.environ.pop(name, None)
        os.environ.update(sim.environment())
        os.environ.setdefault("FTUI_REGIONS", ",".join(REGIONS))  # the demo has jobs in both
        config = Path(os.environ.get("FTUI_DEMO_DIR") or demo_config_dir())
        os.environ["FTUI_CONFIG_DIR"] = str(config)
        os.environ["FTUI_STATE_DIR"] = str(config / "state")
        seed_profiles(ProfileStore(config / "profiles"))
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)
        sim.stop()


def demo_unavailable() -> int | None:
    """The exit code to stop with when the demo cannot run, else ``None``."""
    return None if emulator_available() else _missing()
