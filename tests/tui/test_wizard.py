"""The wizard, driven by keys alone against the emulator: build, check, save, submit."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, Input, OptionList, Static

from ftui.core.autosave import Autosave
from ftui.core.draft import Path as LocPath
from ftui.sim.server import SimServer
from ftui.sim.world import GRADER_ARN, ROLE_ARN, UNTRUSTED_ROLE_ARN
from ftui.tui.app import FtuiApp
from ftui.tui.screens.confirm import ConfirmScreen
from ftui.tui.screens.job_detail import JobDetailScreen
from ftui.tui.screens.preflight import PreflightScreen
from ftui.tui.screens.submit import SubmitScreen
from ftui.tui.wizard.screen import WizardScreen
from ftui.tui.wizard.steps.review import ReviewStep
from tests.tui.conftest import make_app, make_store

SIZE = (100, 30)
DATA = "s3://ftui-demo-data"
OUTPUT = "s3://ftui-demo-output/jobs/"


def path_of(widget: Widget | None) -> LocPath | None:
    node: Any = widget
    while node is not None:
        if hasattr(node, "path") and isinstance(node.path, tuple):
            return node.path
        node = node.parent
    return None


async def tab_to(pilot: Pilot[Any], path: LocPath, limit: int = 80) -> None:
    for _ in range(limit):
        if path_of(pilot.app.focused) == path:
            return
        await pilot.press("tab")
    raise AssertionError(f"Tab never reached {path}; focus is on {pilot.app.focused}")


async def type_in(pilot: Pilot[Any], path: LocPath, text: str) -> None:
    """Tab to the field, clear it, type."""
    await tab_to(pilot, path)
    focused = pilot.app.focused
    assert isinstance(focused, Input), focused
    await pilot.press("end", "ctrl+u", *text)


def error_under(screen: WizardScreen, path: LocPath) -> str:
    """The problem text shown under the field of ``path``."""
    field = next(w for w in screen.query(".field") if getattr(w, "path", None) == path)
    error = field.query_one(".field-error", Static)
    return str(error.render()) if error.display else ""


def wizard(app: FtuiApp) -> WizardScreen:
    screen = app.screen
    assert isinstance(screen, WizardScreen), screen
    return screen


async def step(pilot: Pilot[Any], title: str) -> None:
    await pilot.press("pagedown")
    await pilot.pause()
    current = wizard(pilot.app)  # type: ignore[arg-type]
    assert current.steps[current.current].title == title


async def choose_model(pilot: Pilot[Any], words: str, model_id: str) -> None:
    await step(pilot, "Base model")
    await pilot.press(*words, "enter")
    models = pilot.app.screen.query_one("#models", OptionList)
    assert pilot.app.focused is models
    await pilot.press("enter")
    assert wizard(pilot.app).draft.get(("baseModelIdentifier",)) == model_id  # type: ignore[arg-type]


async def submit_and_check(pilot: Pilot[Any], sim: SimServer) -> dict[str, Any]:
    """Go to the review, submit with the keyboard, and compare what AWS got with what was shown."""
    app = pilot.app
    screen = wizard(app)  # type: ignore[arg-type]
    await pilot.press("alt+8")
    await pilot.pause()
    assert screen.report.ok, [str(p) for p in screen.report.errors]
    await pilot.press("ctrl+r")
    await app.workers.wait_for_complete()  # the pre-flight checks pass, then the dialog
    await pilot.pause()
    assert isinstance(app.screen, SubmitScreen), app.screen
    await pilot.press("y")
    await app.workers.wait_for_complete()
    await pilot.pause()
    review = screen.steps[-1]
    assert isinstance(review, ReviewStep) and review.shown_request is not None
    shown = review.shown_request
    job = sim.bedrock.find_job("us-east-1", str(shown["jobName"]))
    assert job.request == shown, "AWS received exactly the request the review showed"
    await pilot.pause()
    detail = app.screen
    assert isinstance(detail, JobDetailScreen) and detail.arn == job.arn, "the monitor shows it"
    return shown


@pytest.mark.parametrize("kind", ["FINE_TUNING"])
async def test_fine_tuning_from_an_empty_draft(
    aws_env: SimServer, tmp_path: Path, kind: str
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        screen = wizard(app)
        assert screen.draft.get(("customizationType",)) == "FINE_TUNING"
        await choose_model(pilot, "micro", "amazon.nova-micro-v1:0:128k")
        await step(pilot, "Data")
        await type_in(pilot, ("trainingDataConfig", "s3Uri"), f"{DATA}/support/train.jsonl")
        await tab_to(pilot, ("validationDataConfig", "validators"))
        await pilot.press("enter", *f"{DATA}/support/validation.jsonl")
        await type_in(pilot, ("outputDataConfig", "s3Uri"), OUTPUT)
        await step(pilot, "Access")
        await type_in(pilot, ("roleArn",), ROLE_ARN)
        await step(pilot, "Network")
        await step(pilot, "Hyperparameters")
        assert screen.draft.get(("hyperParameters",)) == {
            "epochCount": "2",
            "learningRate": "1e-5",
            "learningRateWarmupSteps": "10",
        }, "the model's defaults are filled in"
        await type_in(pilot, ("hyperParameters", "epochCount"), "3")
        await step(pilot, "Tags")
        await tab_to(pilot, ("jobTags",))
        await pilot.press("enter", *"team", "tab", *"search")
        shown = await submit_and_check(pilot, aws_env)
        assert shown["hyperParameters"]["epochCount"] == "3"
        assert shown["validationDataConfig"] == {
            "validators": [{"s3Uri": f"{DATA}/support/validation.jsonl"}]
        }
        assert shown["jobTags"] == [{"key": "team", "value": "search"}]
        assert str(shown["clientRequestToken"]).startswith("ftui-")


async def test_continued_pre_training(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("down", "enter")
        assert wizard(app).draft.get(("customizationType",)) == "CONTINUED_PRE_TRAINING"
        await choose_model(pilot, "express", "amazon.titan-text-express-v1:0:8k")
        await step(pilot, "Data")
        await type_in(pilot, ("trainingDataConfig", "s3Uri"), f"{DATA}/docs/corpus.jsonl")
        await type_in(pilot, ("outputDataConfig", "s3Uri"), OUTPUT)
        await step(pilot, "Access")
        await type_in(pilot, ("roleArn",), ROLE_ARN)
        shown = await submit_and_check(pilot, aws_env)
        assert shown["customizationType"] == "CONTINUED_PRE_TRAINING"
        assert shown["hyperParameters"] == {
            "epochCount": "5",
            "batchSize": "1",
            "learningRate": "1e-5",
            "learningRateWarmupSteps": "5",
        }


async def test_distillation_with_a_documented_teacher(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("down", "down", "enter")
        await choose_model(pilot, "micro", "amazon.nova-micro-v1:0:128k")
        teacher = ("customizationConfig", "distillationConfig", "teacherModelConfig")
        await tab_to(pilot, (*teacher, "teacherModelIdentifier"))
        await pilot.press("shift+tab")  # the teacher list, just above
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        assert wizard(app).draft.get((*teacher, "teacherModelIdentifier")) == "amazon.nova-pro-v1:0"
        await type_in(pilot, (*teacher, "maxResponseLengthForInference"), "1000")
        await step(pilot, "Data")
        await type_in(pilot, ("trainingDataConfig", "s3Uri"), f"{DATA}/distill/prompts.jsonl")
        await type_in(pilot, ("outputDataConfig", "s3Uri"), OUTPUT)
        await step(pilot, "Access")
        await type_in(pilot, ("roleArn",), ROLE_ARN)
        shown = await submit_and_check(pilot, aws_env)
        assert shown["customizationConfig"] == {
            "distillationConfig": {
                "teacherModelConfig": {
                    "teacherModelIdentifier": "amazon.nova-pro-v1:0",
                    "maxResponseLengthForInference": 1000,
                }
            }
        }


async def test_reinforcement_fine_tuning(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("down", "down", "down", "enter")
        await choose_model(pilot, "nova 2", "amazon.nova-2-lite-v1:0:256k")
        grader = ("customizationConfig", "rftConfig", "graderConfig", "lambdaGrader", "lambdaArn")
        await type_in(pilot, grader, GRADER_ARN)
        await step(pilot, "Data")
        await type_in(pilot, ("trainingDataConfig", "s3Uri"), f"{DATA}/rft/math-prompts.jsonl")
        await type_in(pilot, ("outputDataConfig", "s3Uri"), OUTPUT)
        await step(pilot, "Access")
        await type_in(pilot, ("roleArn",), ROLE_ARN)
        await step(pilot, "Network")
        await step(pilot, "Hyperparameters")
        rft = ("customizationConfig", "rftConfig", "hyperParameters")
        await type_in(pilot, (*rft, "epochCount"), "2")
        await type_in(pilot, (*rft, "learningRate"), "0.00001")
        shown = await submit_and_check(pilot, aws_env)
        assert shown["customizationConfig"] == {
            "rftConfig": {
                "graderConfig": {"lambdaGrader": {"lambdaArn": GRADER_ARN}},
                "hyperParameters": {"epochCount": 2, "learningRate": 1e-05},
            }
        }
        assert "hyperParameters" not in shown


async def test_bad_values_are_shown_where_they_are_and_block_submit(
    aws_env: SimServer, tmp_path: Path
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        screen = wizard(app)
        await type_in(pilot, ("jobName",), "bad name!")
        await pilot.pause()
        field = screen.query_one("#f-jobName")
        error = field.query_one(".field-error")
        assert "letters, digits" in str(error.render())
        assert field.query_one(Input).has_class("-problem")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert not isinstance(app.screen, SubmitScreen)
        assert screen.steps[screen.current].title == "Review"
        problems = screen.query_one("#problems", OptionList)
        assert problems.option_count >= 5
        texts = [str(problems.get_option_at_index(i).prompt) for i in range(problems.option_count)]
        assert any(t.startswith("✗ jobName:") for t in texts), texts
        problems.focus()
        problems.highlighted = next(i for i, t in enumerate(texts) if "jobName" in t)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.steps[screen.current].title == "Job"
        assert path_of(app.focused) == ("jobName",)
        assert screen.draft.get(("jobName",)) == "bad name!", "nothing typed is lost"


async def test_aws_refusal_takes_the_cursor_to_the_field(
    aws_env: SimServer, tmp_path: Path
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.open_profile("nova-support-bot")
        await pilot.pause()
        screen = wizard(app)
        await pilot.press("alt+4")
        await type_in(pilot, ("roleArn",), UNTRUSTED_ROLE_ARN)
        await pilot.press("alt+1")
        await type_in(pilot, ("jobName",), "untrusted-role-job")
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        # The pre-flight checks see the role's trust; submitting anyway, AWS refuses it too.
        assert isinstance(app.screen, PreflightScreen)
        role = app.screen.result("role")
        assert role is not None and role.status == "fail"
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SubmitScreen)
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.steps[screen.current].title == "Access"
        assert path_of(app.focused) == ("roleArn",)
        refused = "Could not assume provided IAM role."
        # It stays, at the field and in the status line, however long the user reads it ...
        await pilot.pause(0.1)
        assert refused in error_under(screen, ("roleArn",))
        assert refused in str(screen.status.render())
        # ... until the field it is about changes.
        await pilot.press("backspace")
        await pilot.pause()
        assert refused not in error_under(screen, ("roleArn",))
        assert refused not in str(screen.status.render())


async def test_save_quit_reopen_edit_resubmit(aws_env: SimServer, tmp_path: Path) -> None:
    store = make_store(tmp_path)
    app = make_app(aws_env, tmp_path, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3", "down", "down", "enter")  # nova-support-bot
        await pilot.pause()
        screen = wizard(app)
        assert screen.working.profile == "nova-support-bot"
        first = await submit_and_check(pilot, aws_env)
        await pilot.press("f4", "alt+1")
        await type_in(pilot, ("jobName",), "support-bot-nova-micro-ft-006")
        await type_in(pilot, ("customModelName",), "support-bot-micro-v6")
        assert screen.working.dirty
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not screen.working.dirty
        await pilot.press("ctrl+q")
    saved = store.load("nova-support-bot")
    assert saved.draft.get(("jobName",)) == "support-bot-nova-micro-ft-006"

    again = make_app(aws_env, tmp_path, store=store)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.press("f3", "down", "down", "enter")
        await pilot.pause()
        screen = wizard(again)
        assert screen.draft.get(("jobName",)) == "support-bot-nova-micro-ft-006"
        second = await submit_and_check(pilot, aws_env)
        assert second["jobName"] != first["jobName"]
        assert second["clientRequestToken"] != first["clientRequestToken"]
        # The same revision once more: answered from the ledger, no third job.
        count = aws_env.bedrock.job_count("us-east-1")
        await pilot.press("f4", "ctrl+r")
        await pilot.pause()
        await pilot.press("y")
        await again.workers.wait_for_complete()
        await pilot.pause()
        assert aws_env.bedrock.job_count("us-east-1") == count


async def test_the_draft_survives_quitting_unsaved(aws_env: SimServer, tmp_path: Path) -> None:
    store = make_store(tmp_path)
    app = make_app(aws_env, tmp_path, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await type_in(pilot, ("jobName",), "typed-but-never-saved")
        await pilot.press("ctrl+q")
    saved = Autosave(tmp_path / "autosave.json").load()
    assert saved is not None and saved.request["jobName"] == "typed-but-never-saved"
    again = make_app(aws_env, tmp_path, store=store)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        assert wizard(again).draft.get(("jobName",)) == "typed-but-never-saved"


async def test_a_hang_up_saves_the_draft(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await type_in(pilot, ("jobName",), "before-the-line-dropped")
        app._hang_up()
        await pilot.pause()
    assert app.return_code == 129
    saved = json.loads((tmp_path / "autosave.json").read_text())
    assert saved["request"]["jobName"] == "before-the-line-dropped"


async def test_moving_between_drafts_keeps_unsaved_changes(
    aws_env: SimServer, tmp_path: Path
) -> None:
    """A profile's unsaved changes are kept when another draft opens, and come back with it;
    only a draft that belongs to no profile is asked about, since only it could be lost."""
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3", "down", "down", "enter")  # nova-support-bot
        await pilot.pause()
        await type_in(pilot, ("jobName",), "edited")
        await pilot.press("f3")
        await pilot.pause()
        assert "edits kept" not in str(
            app.screen.query_one("#profiles", DataTable).get_row("nova-support-bot")
        )
        await pilot.press("up", "enter")  # open another profile
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen), "nothing is lost: nothing to ask"
        assert wizard(app).working.profile == "draft-haiku-classifier"
        assert "nova-support-bot are kept" in str(wizard(app).status.render())
        await pilot.press("f3")
        await pilot.pause()
        row = app.screen.query_one("#profiles", DataTable).get_row("nova-support-bot")
        assert any("edits kept" in str(cell) for cell in row)
        await pilot.press("down", "enter")  # back to nova-support-bot
        await pilot.pause()
        assert wizard(app).draft.get(("jobName",)) == "edited"
        assert wizard(app).working.dirty
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert Autosave(tmp_path / "autosave.json").kept("nova-support-bot") is None
        # A new draft that was never saved would be lost: that one is asked about.
        await pilot.press("f3", "n")
        await pilot.pause()
        await type_in(pilot, ("jobName",), "never-saved")
        await pilot.press("f3", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        assert wizard(app).draft.get(("jobName",)) == "never-saved"


async def test_help_lists_the_keys(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        text = "\n".join(str(s.render()) for s in app.screen.query("Static"))
        for words in ("PgDn", "Next", "Ctrl+S", "Save", "Ctrl+R", "Submit", "F6", "Alt+1"):
            assert words in text, words


async def test_an_opened_profile_shows_its_hyperparameters_in_the_form(
    aws_env: SimServer, tmp_path: Path
) -> None:
    """The form is built for the profile's model after its values were shown: they must
    still be in the fields, not only in what would be submitted."""
    store = make_store(tmp_path)
    profile = store.load("nova-support-bot")
    profile.draft.set(("hyperParameters", "epochCount"), "4")
    store.save(profile)
    app = make_app(aws_env, tmp_path, store=store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_profile("nova-support-bot")
        await pilot.pause()
        await pilot.press("alt+6")
        await pilot.pause()
        field = wizard(app).query_one("#f-hyperParameters-epochCount")
        assert field.query_one(Input).value == "4"
