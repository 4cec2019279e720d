"""What one keystroke in a wizard field costs the UI thread, as a person typing would feel it.

    python bench/wizard_typing.py            # 200 keystrokes in the job name, at 100x30

Each key goes the whole way: the Input, FieldChanged, the core's DraftEditor, the validation of
the whole draft, the problems of every step, the sidebar and the status line. Measured is the
UI thread's time in ``WizardScreen.edited``, where all of that happens after the edit itself
(Pilot's own waits would drown it); the screen's repaint of one field is not counted.
On a shared machine the wall time's p95 is other processes' turns: the CPU time is steadier.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

KEYS = 200


async def main() -> None:
    from ftui.core.autosave import Autosave
    from ftui.core.aws.session import AwsTarget
    from ftui.core.profiles import ProfileStore
    from ftui.sim.clock import ManualClock
    from ftui.sim.server import SimServer
    from ftui.sim.world import seed_profiles, seed_world
    from ftui.tui.app import FtuiApp

    folder = Path(tempfile.mkdtemp(prefix="ftui-bench-"))
    sim = SimServer(clock=ManualClock()).start()
    try:
        seed_world(sim)
        os.environ.update(sim.environment())
        store = ProfileStore(folder / "profiles", trash_dir=folder / "trash")
        seed_profiles(store)
        app = FtuiApp(
            target=AwsTarget(region="us-east-1", endpoint_url=sim.endpoint_url),
            store=store,
            autosave=Autosave(folder / "autosave.json"),
            regions=["us-east-1"],
            clock=sim.clock.now,
        )
        async with app.run_test(size=(100, 30)) as pilot:
            app.open_profile("nova-support-bot")
            await pilot.pause()
            await pilot.press("alt+1", "tab", "tab", "tab", "end")
            await app.workers.wait_for_complete()

            screen = app.screen
            edited = screen.edited  # type: ignore[attr-defined]
            times: list[float] = []
            cpu: list[float] = []

            def timed(changed: object) -> None:
                start, start_cpu = time.perf_counter(), time.thread_time()
                edited(changed)
                times.append((time.perf_counter() - start) * 1000)
                cpu.append((time.thread_time() - start_cpu) * 1000)

            screen.edited = timed  # type: ignore[attr-defined]
            await pilot.press(*("x" * (KEYS // 2)), *["backspace"] * (KEYS // 2))
        for label, values in (("", times), (" (UI thread's CPU time)", cpu)):
            median = statistics.median(values)
            p95 = sorted(values)[int(len(values) * 0.95)]
            print(
                f"{len(values)} keystrokes in a field{label}: median {median:.1f} ms,"
                f" p95 {p95:.1f} ms"
            )
    finally:
        sim.stop()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    asyncio.run(main())
