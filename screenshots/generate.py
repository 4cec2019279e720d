"""Regenerate screenshots/*.svg from the demo account, driven by keys as a person would.

    python screenshots/generate.py          # SVGs; PNGs too when rsvg-convert is installed

The emulator runs on a frozen clock and the profiles in a temporary folder, so the pictures are
the same on every machine.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZE = (110, 32)


async def main() -> None:
    import boto3
    from textual.widgets import TextArea

    from ftui.core.autosave import Autosave
    from ftui.core.editing import TRAINING_URI
    from ftui.core.profiles import ProfileStore
    from ftui.sim.clock import ManualClock
    from ftui.sim.runtime.routes import NO_PACING
    from ftui.sim.server import SimServer
    from ftui.sim.world import UNTRUSTED_ROLE_ARN, seed_profiles, seed_world
    from ftui.tui.app import FtuiApp
    from ftui.tui.screens.jobs_progress import FIRST_DELAY as PROGRESS_DELAY
    from ftui.tui.screens.models import ModelsScreen
    from ftui.tui.widgets.job_table import JobTable
    from ftui.tui.wizard.datacheck import DELAY as DATA_CHECK_DELAY
    from ftui.tui.wizard.screen import WizardScreen

    role = ("roleArn",)

    workdir = Path(tempfile.mkdtemp(prefix="ftui-shots-"))
    sim = SimServer(clock=ManualClock()).start()
    try:
        seed_world(sim)
        os.environ.update(sim.environment())
        store = ProfileStore(workdir / "profiles", trash_dir=workdir / "trash")
        seed_profiles(store)
        for path in store.user_dir.iterdir():
            os.utime(path, (1_795_000_000, 1_795_000_000))
        app = FtuiApp(
            store=store,
            autosave=Autosave(workdir / "autosave.json"),
            regions=["us-east-1", "us-west-2"],
            clock=sim.clock.now,
        )
        shots: list[str] = []

        async with app.run_test(size=SIZE) as pilot:

            async def shot(name: str) -> None:
                await pilot.pause(0.3)
                app.save_screenshot(f"{name}.svg", str(HERE))
                shots.append(name)

            await app.workers.wait_for_complete()
            await pilot.pause(PROGRESS_DELAY + 0.2)  # the training jobs' ETA
            await app.workers.wait_for_complete()
            await shot("jobs")
            await pilot.press("down", "down", "down", "down", "down", "enter")
            await app.workers.wait_for_complete()
            await shot("job-detail")
            await pilot.press("escape")
            table = app.query_one(JobTable)
            for name in ("support-bot-nova-micro-ft-003", "support-bot-nova-micro-ft-003-5-epochs"):
                table.select_arn(next(r.arn for r in table.view if r.name == name))
                await pilot.press("space")
            await pilot.press("c")
            await app.workers.wait_for_complete()
            await shot("compare")
            await pilot.press("escape", "escape", "f3")
            await shot("profiles")
            await pilot.press("down", "down", "enter")
            await pilot.pause(0.5)
            wizard = app.screen
            assert isinstance(wizard, WizardScreen)
            for index, name in enumerate(
                ("job", "model", "data", "access", "network", "hyper", "tags", "review")
            ):
                if name == "data":  # the dataset checker's verdict, a moment after opening
                    await pilot.pause(DATA_CHECK_DELAY + 0.2)
                    await app.workers.wait_for_complete()
                await shot(f"wizard-{index + 1}-{name}")
                picker = {"data": TRAINING_URI, "access": role}.get(name)
                if picker is not None:
                    wizard.steps[wizard.current].focus_path(picker)
                    await pilot.press("ctrl+o")
                    await app.workers.wait_for_complete()
                    await shot(f"picker-{name}")
                    await pilot.press("escape")
                await pilot.press("pagedown")
            await pilot.press("ctrl+r")
            await app.workers.wait_for_complete()  # the pre-flight checks pass: the dialog
            await shot("submit")
            await pilot.press("n")
            assert wizard.editor is not None
            wizard.edited(wizard.editor.set(role, UNTRUSTED_ROLE_ARN))
            await pilot.press("f5")
            await app.workers.wait_for_complete()
            await shot("preflight")
            # After the job: support-bot-micro-v3 deployed, then tried beside Nova Micro.
            bedrock = boto3.client("bedrock", region_name="us-east-1")
            model = bedrock.get_custom_model(modelIdentifier="support-bot-micro-v3")["modelArn"]
            bedrock.create_custom_model_deployment(
                modelDeploymentName="support-bot-micro-v3-live", modelArn=model
            )
            sim.clock.advance(600)  # Creating → Active
            sim.stream_pacing = NO_PACING
            await pilot.press("escape", "f7")
            await app.workers.wait_for_complete()
            await pilot.pause(0.3)
            await shot("models")
            models = app.screen
            assert isinstance(models, ModelsScreen)
            models.table.move_cursor(row=models.table.get_row_index(model))
            await pilot.press("t")
            await app.workers.wait_for_complete()
            app.screen.query_one("#try-prompt", TextArea).text = "How do I reset my password?"
            await pilot.press("ctrl+s")
            await pilot.pause(0.5)
            await app.workers.wait_for_complete()
            await shot("try")
        for name in shots:
            png = HERE / f"{name}.png"
            if shutil.which("rsvg-convert"):
                subprocess.run(
                    ["rsvg-convert", "-w", "1400", "-o", str(png), str(HERE / f"{name}.svg")],
                    check=True,
                )
        print(f"wrote {len(shots)} screenshots to {HERE}", file=sys.stderr)
    finally:
        sim.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    asyncio.run(main())
