"""Pick, check, then submit: pre-flight checks, the data check and fixes, driven by keys.

Each test is a draft a user could make in the demo: a role Bedrock cannot assume, an output
bucket in another region, a broken data set. Each is stopped before anything is billed, with the
fix one key away; a good draft goes through to the submit dialog by itself.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from ftui.core.aws.policy import ReadOnly
from ftui.sim.server import SimServer
from ftui.sim.world import ACCOUNT, UNTRUSTED_ROLE_ARN
from ftui.tui.app import FtuiApp
from ftui.tui.pickers import PickerScreen
from ftui.tui.screens.confirm import ConfirmScreen
from ftui.tui.screens.jobs_progress import FIRST_DELAY as PROGRESS_DELAY
from ftui.tui.screens.new_role import RoleScreen
from ftui.tui.screens.preflight import PreflightScreen
from ftui.tui.screens.submit import SubmitScreen
from ftui.tui.screens.upload import UploadScreen
from ftui.tui.wizard.datacheck import DELAY as DATA_CHECK_DELAY
from ftui.tui.wizard.steps.review import ReviewStep
from tests.tui.conftest import make_app
from tests.tui.test_wizard import SIZE, path_of, tab_to, type_in, wizard

OREGON_BUCKET = "ftui-check-oregon-output"
TRAINING = ("trainingDataConfig", "s3Uri")


async def settle(pilot: Pilot[Any]) -> None:
    """Let every worker finish and its answer be shown."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def open_support_bot(pilot: Pilot[Any]) -> None:
    app: FtuiApp = pilot.app  # type: ignore[assignment]
    app.open_profile("nova-support-bot")
    await pilot.pause()


async def to_training(pilot: Pilot[Any]) -> None:
    """The support bot's draft, the cursor in its training data field."""
    await open_support_bot(pilot)
    await pilot.press("alt+3")
    await tab_to(pilot, TRAINING)


async def upload_checked(pilot: Pilot[Any], local: Path) -> UploadScreen:
    """Ctrl+T from the training field; ``local`` typed, checked."""
    await pilot.press("ctrl+t")
    await pilot.pause()
    upload = pilot.app.screen
    assert isinstance(upload, UploadScreen)
    await pilot.press(*str(local), "enter")
    await settle(pilot)
    return upload


async def checks_of(pilot: Pilot[Any], key: str) -> PreflightScreen:
    await pilot.press(key)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, PreflightScreen), screen
    assert screen.done
    return screen


def failed(screen: PreflightScreen) -> dict[str, str]:
    return {
        r.check: r.message + "\n" + r.fix for r in screen.results.values() if r.status == "fail"
    }


async def test_a_valid_draft_passes_every_check_and_goes_on_to_the_submit_dialog(
    aws_env: SimServer, tmp_path: Path
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_support_bot(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, SubmitScreen), "all checks passed: straight to the dialog"
        await pilot.press("n")
        await pilot.pause()
        review = wizard(app).step(ReviewStep)
        text = str(review.query_one("#review-checks", Static).render())
        assert "passed" in text and "failed" not in text


async def test_a_role_without_bedrock_trust_is_stopped_with_the_policy_to_paste(
    aws_env: SimServer, tmp_path: Path
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_support_bot(pilot)
        await pilot.press("alt+4")
        await type_in(pilot, ("roleArn",), UNTRUSTED_ROLE_ARN)
        jobs_before = aws_env.bedrock.job_count("us-east-1")
        checks = await checks_of(pilot, "ctrl+r")
        problems = failed(checks)
        assert set(problems) == {"role"}, problems
        assert "bedrock.amazonaws.com" in problems["role"]
        assert "sts:AssumeRole" in problems["role"], "the trust policy to paste"
        assert aws_env.bedrock.job_count("us-east-1") == jobs_before, "nothing was submitted"
        detail = str(checks.query_one("#preflight-detail", Static).render())
        assert "sts:AssumeRole" in detail, "the fix is on screen, not only in the data"
        await pilot.press("enter")  # one key to the field
        await pilot.pause()
        screen = wizard(app)
        assert screen.steps[screen.current].title == "Access"
        assert path_of(app.focused) == ("roleArn",)


async def test_an_output_bucket_in_another_region_is_stopped(
    aws_env: SimServer, tmp_path: Path
) -> None:
    s3 = aws_env.account.client("s3", "us-west-2")
    s3.create_bucket(
        Bucket=OREGON_BUCKET, CreateBucketConfiguration={"LocationConstraint": "us-west-2"}
    )
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_support_bot(pilot)
        await pilot.press("alt+3")
        await type_in(pilot, ("outputDataConfig", "s3Uri"), f"s3://{OREGON_BUCKET}/jobs/")
        checks = await checks_of(pilot, "f5")
        problems = failed(checks)
        assert any("us-west-2" in text for text in problems.values()), problems
        await pilot.press("enter")
        await pilot.pause()
        assert path_of(app.focused) == ("outputDataConfig", "s3Uri")


async def test_a_broken_data_set_is_shown_in_the_data_step_and_stops_submit(
    aws_env: SimServer, tmp_path: Path
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_support_bot(pilot)
        await pilot.press("alt+3")
        await type_in(pilot, TRAINING, "s3://ftui-demo-data/broken/train-bad-json.jsonl")
        await pilot.pause(1.0)  # the check waits for the typing to stop
        await settle(pilot)
        verdict = str(wizard(app).query_one("#data-check", Static).render())
        assert "would fail" in verdict and ":21:" in verdict, verdict
        checks = await checks_of(pilot, "ctrl+r")
        assert "training-data" in failed(checks)
        await pilot.press("escape")
        await pilot.pause()
        await tab_to(pilot, TRAINING)
        await pilot.press("end", "ctrl+u", *"s3://ftui-demo-data/support/train.jsonl")
        await pilot.pause(1.0)
        await settle(pilot)
        verdict = str(wizard(app).query_one("#data-check", Static).render())
        assert "would pass" in verdict, verdict


async def listed(pilot: Pilot[Any]) -> str:
    """What the S3 browser shows of the training file's folder (opened and closed again)."""
    await pilot.press("ctrl+o")
    await settle(pilot)
    picker = pilot.app.screen
    assert isinstance(picker, PickerScreen)
    shown = "\n".join(str(option.prompt) for option in picker.choices.options)
    await pilot.press("escape")
    await pilot.pause()
    return shown


def _conversations(count: int) -> str:
    line = {
        "schemaVersion": "bedrock-conversation-2024",
        "messages": [
            {"role": "user", "content": [{"text": "Where is my order?"}]},
            {"role": "assistant", "content": [{"text": "Open Orders to see it."}]},
        ],
    }
    return "".join(json.dumps(line) + "\n" for _ in range(count))


async def test_a_local_file_is_checked_then_uploaded_and_used(
    aws_env: SimServer, tmp_path: Path
) -> None:
    local = tmp_path / "fresh-train.jsonl"
    local.write_text(_conversations(40))
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await to_training(pilot)
        assert "fresh-train.jsonl" not in await listed(pilot), "the folder, kept in the cache"
        upload = await upload_checked(pilot, local)
        assert upload.report is not None and upload.report.passed
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen), "uploaded only after a yes"
        await pilot.press("y")
        await settle(pilot)
        uri = "s3://ftui-demo-data/support/fresh-train.jsonl"
        assert wizard(app).draft.get(TRAINING) == uri
        body = aws_env.account.client("s3", "us-east-1").get_object(
            Bucket="ftui-demo-data", Key="support/fresh-train.jsonl"
        )["Body"]
        assert body.read() == local.read_bytes()
        assert "fresh-train.jsonl" in await listed(pilot), "the S3 browser lists it at once"


async def test_a_file_that_would_fail_is_not_uploaded(aws_env: SimServer, tmp_path: Path) -> None:
    local = tmp_path / "bad-train.jsonl"
    local.write_text(_conversations(40) + "{not json\n")
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await to_training(pilot)
        upload = await upload_checked(pilot, local)
        assert upload.report is not None and not upload.report.passed
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is upload, "Ctrl+S does nothing until the file passes"
        listed = aws_env.account.client("s3", "us-east-1").list_objects_v2(
            Bucket="ftui-demo-data", Prefix="support/bad-train"
        )
        assert listed.get("KeyCount", 0) == 0


async def test_a_service_role_is_shown_in_full_then_created_and_used(
    aws_env: SimServer, tmp_path: Path
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_support_bot(pilot)
        await pilot.press("alt+4")
        await pilot.press("ctrl+n")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RoleScreen)
        shown = str(screen.query_one("#role-documents", Static).render())
        assert "bedrock.amazonaws.com" in shown and "aws:SourceAccount" in shown
        assert "ftui-demo-data" in shown and "ftui-demo-output" in shown
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen), "created only after a yes"
        await pilot.press("y")
        await settle(pilot)
        arn = wizard(app).draft.get(("roleArn",))
        name = "BedrockCustomization-support-bot-nova-micro-ft-005"
        assert arn == f"arn:aws:iam::{ACCOUNT}:role/{name}"
        role = aws_env.account.client("iam", "us-east-1").get_role(RoleName=name)["Role"]
        assert "bedrock.amazonaws.com" in json.dumps(role["AssumeRolePolicyDocument"])


async def test_read_only_mode_refuses_upload_and_new_role_before_asking(
    aws_env: SimServer, tmp_path: Path
) -> None:
    app = make_app(aws_env, tmp_path, read_only=ReadOnly("--read-only"))
    async with app.run_test(size=SIZE) as pilot:
        await to_training(pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()
        screen = wizard(app)
        assert app.screen is screen
        assert "read-only" in str(screen.status.render())
        await pilot.press("alt+4", "ctrl+n")
        await pilot.pause()
        assert app.screen is screen
        assert "read-only" in str(screen.status.render())


async def test_an_object_already_there_is_replaced_only_after_its_own_yes(
    aws_env: SimServer, tmp_path: Path
) -> None:
    s3 = aws_env.account.client("s3", "us-east-1")
    s3.put_object(Bucket="ftui-demo-data", Key="support/again.jsonl", Body=b"old")
    local = tmp_path / "again.jsonl"
    local.write_text(_conversations(40))
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await to_training(pilot)
        await upload_checked(pilot, local)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")  # upload
        await settle(pilot)
        replace = app.screen
        assert isinstance(replace, ConfirmScreen), "the object exists: asked by name"
        await pilot.press("n")
        await settle(pilot)
        assert s3.get_object(Bucket="ftui-demo-data", Key="support/again.jsonl")["Body"].read() == (
            b"old"
        ), "no means the object stays"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("y")  # replace
        await settle(pilot)
        body = s3.get_object(Bucket="ftui-demo-data", Key="support/again.jsonl")["Body"].read()
        assert body == local.read_bytes()
        assert wizard(app).draft.get(TRAINING) == "s3://ftui-demo-data/support/again.jsonl"


async def test_a_data_check_that_cannot_run_says_why_and_runs_again_after_a_change(
    aws_env: SimServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ftui.core import dataset

    def broken(*_: Any, **__: Any) -> Any:
        raise RuntimeError("a bug in the checker")

    from ftui.core.dataset import check_s3 as real

    monkeypatch.setattr(dataset, "check_s3", broken)
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_support_bot(pilot)
        await pilot.press("alt+3")
        await pilot.pause(DATA_CHECK_DELAY + 0.2)
        await settle(pilot)
        line = wizard(app).query_one("#data-check", Static)
        assert "The data check broke: a bug in the checker" in str(line.render())
        monkeypatch.setattr(dataset, "check_s3", real)
        await tab_to(pilot, TRAINING)
        await pilot.press("end", "backspace", "l")  # the same URI, typed again
        await pilot.pause(DATA_CHECK_DELAY + 0.2)
        await settle(pilot)
        assert "would pass" in str(line.render()), "not stuck: checked again"
        # A kind of job the model does not take: said, not "Checking…" for ever.
        screen = wizard(app)
        assert screen.editor is not None
        screen.edited(screen.editor.set(("customizationType",), "REINFORCEMENT_FINE_TUNING"))
        await pilot.pause(DATA_CHECK_DELAY + 0.2)
        await settle(pilot)
        text = str(line.render())
        assert "Checking" not in text and text, text


async def test_the_read_of_a_file_the_draft_no_longer_names_stops(
    aws_env: SimServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A thread cannot be killed: the check of a replaced URI must stop by itself."""
    from ftui.core import dataset
    from ftui.core.dataset import CheckCancelled
    from ftui.core.dataset import check_s3 as real

    stopped: list[str] = []

    def slow(*args: Any, **kwargs: Any) -> Any:
        cancelled = kwargs["cancelled"]
        if "train-large" in args[1]:  # the big file: wait until the draft moves on
            for _ in range(200):
                if cancelled():
                    stopped.append(args[1])
                    raise CheckCancelled
                time.sleep(0.02)
        return real(*args, **kwargs)

    monkeypatch.setattr(dataset, "check_s3", slow)
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_support_bot(pilot)
        await pilot.press("alt+3")
        await type_in(pilot, TRAINING, "s3://ftui-demo-data/support/train-large.jsonl")
        await pilot.pause(DATA_CHECK_DELAY + 0.3)  # its check has started
        await pilot.press("end", *"x")  # another URI
        await pilot.pause(DATA_CHECK_DELAY + 0.2)
        await settle(pilot)
        assert stopped == ["s3://ftui-demo-data/support/train-large.jsonl"]
        line = str(wizard(app).query_one("#data-check", Static).render())
        assert "train-large.jsonlx" in line, "the verdict is the new URI's"


async def test_the_pre_flight_does_not_read_again_what_the_data_step_checked(
    aws_env: SimServer, tmp_path: Path
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_support_bot(pilot)
        await pilot.press("alt+3")
        await pilot.pause(DATA_CHECK_DELAY + 0.2)
        await settle(pilot)
        assert "would pass" in str(wizard(app).query_one("#data-check", Static).render())
        # The monitor behind reads its training jobs' metrics once, a moment after it starts:
        # let it, so the GetObjects counted below are the checks' own.
        await pilot.pause(PROGRESS_DELAY)
        await settle(pilot)
        aws_env.calls.clear()
        checks = await checks_of(pilot, "f5")
        assert checks.result("training-data") is not None
        gets = [c for c in aws_env.calls.entries() if c["operation"] == "GetObject"]
        assert len(gets) == 1, "only the validation set, which the data step does not check"
