"""Memory and time at scale: a long session, a thousand profiles, a thousand files to validate.

    python bench/scale.py                 # all three (the rss part is long: see below)
    python bench/scale.py rss             # RSS at start, with 10,000 jobs, after 1,000 polls
    python bench/scale.py rss --polls 300 # a shorter session
    python bench/scale.py profiles        # the profiles screen with 1,000 profiles
    python bench/scale.py validate        # `ftui validate` of 1,000 files

rss (bench/scale_rss.py): ftui runs as `python -m ftui` on a pseudo-terminal of 120x40 against
the emulator in this process, as in bench/monitor.py. Its RSS is read at the first frame on an
empty account, when 10,000 jobs are shown, and every 50 polls of a session in which a few jobs
change each poll; the growth is counted from poll 100. A poll of 10,000 jobs takes ~1.6 s (the
app's CPU and the emulator's, in turn), so 1,000 polls take about half an hour: run it in the
background and follow its progress lines, e.g.

    setsid nohup .venv/bin/python bench/scale.py rss > /tmp/rss1000.log 2>&1 < /dev/null &

profiles: the app runs headless in this process (Pilot) with 1,000 profile files; timed is F3
until the first frame with the list is drawn, in wall time and in UI-thread CPU time (the
machine is shared: CPU time is the steadier number), then until every row is read, and a
second visit.

validate: `ftui validate` of 1,000 profile files (copies of the demo profiles), in one process.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COUNT = 1_000
TARGETS = {
    "rss_growth_mb": 5.0,
    "profiles_first_frame_ms": 100.0,
    "validate_seconds": 5.0,
}


def profile_files(folder: Path, count: int = COUNT) -> Path:
    """``count`` profile files in ``folder``/profiles: the demo profiles, copied and renamed."""
    from ftui.core.profiles import ProfileStore
    from ftui.sim.world import seed_profiles

    store = ProfileStore(folder / "profiles", trash_dir=folder / "trash")
    seed_profiles(store)
    samples = sorted(store.user_dir.glob("*.toml"))
    for index in range(count - len(samples)):
        sample = samples[index % len(samples)]
        shutil.copy(sample, store.user_dir / f"{sample.stem}-{index:04d}.toml")
    return store.user_dir


# --- the profiles screen ------------------------------------------------------------------------


async def _profiles_once(folder: Path, count: int) -> dict[str, float]:
    from textual.widgets import DataTable

    from ftui.core.autosave import Autosave
    from ftui.core.aws.session import AwsTarget
    from ftui.core.profiles import ProfileStore
    from ftui.sim.clock import ManualClock
    from ftui.sim.server import SimServer
    from ftui.tui.app import FtuiApp
    from ftui.tui.screens.profiles import READING, ProfilesScreen

    store = ProfileStore(folder / "profiles", trash_dir=folder / "trash")
    sim = SimServer(clock=ManualClock()).start()
    os.environ.update(sim.environment())
    app = FtuiApp(
        target=AwsTarget(region="us-east-1", endpoint_url=sim.endpoint_url),
        store=store,
        autosave=Autosave(folder / "autosave.json"),
        regions=["us-east-1"],
        clock=sim.clock.now,
    )
    frames: list[tuple[float, float]] = []
    display = app._display

    def timed_display(screen: object, renderable: object) -> None:
        display(screen, renderable)  # type: ignore[arg-type]
        shown = isinstance(screen, ProfilesScreen) and renderable is not None
        if shown and screen.query_one(DataTable).row_count == count:  # type: ignore[attr-defined]
            frames.append((time.perf_counter(), time.thread_time()))

    app._display = timed_display  # type: ignore[method-assign]
    out: dict[str, float] = {}
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            for visit in ("first", "again"):
                frames.clear()
                wall, cpu = time.perf_counter(), time.thread_time()
                await pilot.press("f3")
                while not frames:
                    await asyncio.sleep(0.001)
                out[f"{visit}_frame_ms"] = (frames[0][0] - wall) * 1000
                out[f"{visit}_frame_cpu_ms"] = (frames[0][1] - cpu) * 1000
                await app.workers.wait_for_complete()
                await pilot.pause()
                if visit == "first":
                    out["all_read_ms"] = (time.perf_counter() - wall) * 1000
                table = app.screen.query_one(DataTable)
                states = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
                assert READING not in states, "a row was never read"
                await pilot.press("f2")
                await pilot.pause()
    finally:
        sim.stop()
    return out


def bench_profiles(runs: int) -> dict[str, float]:
    """The screen with 1,000 profiles, and with the 5 demo ones: what is Textual's, what is ours."""
    out: dict[str, float] = {}
    for count, label in ((COUNT, "profiles"), (5, "profiles_5")):
        folder = Path(tempfile.mkdtemp(prefix="ftui-scale-"))
        profile_files(folder, count)
        results = [asyncio.run(_profiles_once(folder, count)) for _ in range(runs)]
        shutil.rmtree(folder, ignore_errors=True)
        keys = results[0] if count == COUNT else ("first_frame_cpu_ms", "again_frame_cpu_ms")
        out |= {
            f"{label}_{key}": round(statistics.median(r[key] for r in results), 1) for key in keys
        }
    return out


# --- ftui validate ------------------------------------------------------------------------------


def bench_validate(runs: int) -> dict[str, float]:
    folder = Path(tempfile.mkdtemp(prefix="ftui-scale-"))
    files = sorted(str(p) for p in profile_files(folder).glob("*.toml"))
    ftui = str(Path(sys.executable).with_name("ftui"))
    seconds, cpu = [], []
    for _ in range(runs):
        start, before = time.perf_counter(), _children_cpu()
        done = subprocess.run([ftui, "validate", *files], capture_output=True, check=False)
        seconds.append(time.perf_counter() - start)
        cpu.append(_children_cpu() - before)
        # 0 all valid, 1 some invalid (the unfinished demo draft): anything else is a crash.
        assert done.returncode in (0, 1), done.stderr.decode()[-2000:]
    start = time.perf_counter()
    subprocess.run([ftui, "validate", files[0]], capture_output=True, check=False)
    one = time.perf_counter() - start
    shutil.rmtree(folder, ignore_errors=True)
    median = statistics.median(seconds)
    return {
        "validate_seconds": round(median, 2),
        "validate_cpu_seconds": round(statistics.median(cpu), 2),
        "validate_files_per_second": round(len(files) / median),
        "validate_one_file_seconds": round(one, 2),
    }


def _children_cpu() -> float:
    """CPU seconds of the finished child processes: steadier than wall time on a busy machine."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# --- memory over a long session -----------------------------------------------------------------


def bench_rss(polls: int) -> dict[str, float]:
    from scale_rss import run  # bench/scale_rss.py: the session on a pseudo-terminal

    return run(polls)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", nargs="*", choices=["rss", "profiles", "validate"])
    parser.add_argument("--runs", type=int, default=3, help="runs of the timed parts (median)")
    parser.add_argument("--polls", type=int, default=1000, help="polls of the rss part")
    args = parser.parse_args()
    chosen = args.what or ["rss", "profiles", "validate"]
    results: dict[str, float] = {}
    if "profiles" in chosen:
        results |= bench_profiles(args.runs)
    if "validate" in chosen:
        results |= bench_validate(args.runs)
    if "rss" in chosen:
        results |= bench_rss(args.polls)
    targets = {**TARGETS, "profiles_first_frame_cpu_ms": TARGETS["profiles_first_frame_ms"]}
    width = max(len(k) for k in results)
    for key, value in results.items():
        target = targets.get(key)
        verdict = "" if target is None else ("  ok" if value <= target else f"  OVER {target}")
        print(f"{key.ljust(width)}  {value}{verdict}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
