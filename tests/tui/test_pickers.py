"""The S3 browser by keyboard against the emulator, and what every picker does: page, cache,
fail and recover, take a value typed by hand."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot

from ftui.core.resources import s3
from ftui.sim.server import SimServer
from ftui.sim.world import DATA_BUCKET, LOGS_BUCKET
from ftui.tui.app import FtuiApp
from ftui.tui.pickers import Picked, PickKind, picker_for
from ftui.tui.pickers.base import PickerScreen
from ftui.tui.screens.help import HelpScreen
from tests.tui.conftest import make_app

SIZE = (80, 24)


class Opened:
    """A picker pushed onto the app, driven by keys; what it was dismissed with."""

    def __init__(self, app: FtuiApp, pilot: Pilot[Any], screen: Any) -> None:
        assert isinstance(screen, PickerScreen)
        self.app, self.pilot, self.screen = app, pilot, screen
        self.results: list[Picked] = []
        app.push_screen(screen, self.results.append)

    async def settle(self) -> None:
        """Until the workers are done and their answers shown (and a typed prefix sent)."""
        for _ in range(3):
            await self.app.workers.wait_for_complete()
            await self.pilot.pause(0.05)

    async def type(self, text: str, *, narrow: bool = False) -> None:
        await self.pilot.press(*text)
        if narrow:
            await self.pilot.pause(0.4)  # the pause after which a typed prefix goes to S3
        await self.settle()

    async def paste(self, text: str) -> None:
        """What a terminal sends when text is pasted (long values, quicker than keys)."""
        self.screen.filter.post_message(events.Paste(text))
        await self.settle()

    async def press(self, *keys: str) -> None:
        await self.pilot.press(*keys)
        await self.settle()

    def lines(self) -> list[str]:
        return [str(option.prompt).rstrip() for option in self.screen.choices.options]

    def names(self) -> list[str]:
        return [line.split()[0] for line in self.lines()]

    @property
    def highlighted(self) -> str:
        index = self.screen.choices.highlighted
        assert index is not None
        return self.lines()[index]

    @property
    def status(self) -> str:
        return str(self.screen.query_one("#picker-status").render())

    @property
    def title(self) -> str:
        return str(self.screen.query_one("#picker-title").render())

    @property
    def result(self) -> Picked:
        assert self.results, "the picker is still open"
        return self.results[-1]


async def opened(
    app: FtuiApp, pilot: Pilot[Any], kind: PickKind, current: Any = None, **kwargs: Any
) -> Opened:
    region = kwargs.pop("region", "us-east-1")
    picker = Opened(app, pilot, picker_for(kind, region=region, current=current, **kwargs))
    await picker.settle()
    return picker


def calls(sim: SimServer, operation: str) -> int:
    return sum(1 for c in sim.calls.entries() if c["operation"] == operation)


def unique(stem: str) -> str:
    return f"{stem}-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def many_objects(aws_env: SimServer) -> str:
    """A bucket whose data/ folder holds 25 objects."""
    bucket = unique("ftui-test-many")
    client = aws_env.account.client("s3", "us-east-1")
    client.create_bucket(Bucket=bucket)
    for index in range(25):
        client.put_object(Bucket=bucket, Key=f"data/part-{index:03d}.jsonl", Body=b"{}\n")
    return bucket


# --- the S3 browser -----------------------------------------------------------------------


async def test_pick_a_training_file_by_keyboard(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        picker = await opened(app, pilot, "s3-object")
        assert DATA_BUCKET in picker.names()
        await picker.type("ftui-demo-d")
        assert picker.names() == [DATA_BUCKET]
        await picker.press("enter")
        assert picker.title.endswith(f"s3://{DATA_BUCKET}/")
        await picker.type("support")
        await picker.press("enter")
        assert picker.title.endswith(f"s3://{DATA_BUCKET}/support/")
        assert picker.names()[0] == "archive/"  # folders first
        await picker.type("train.jsonl")
        assert picker.names() == ["train.jsonl"]
        assert "KB" in picker.highlighted
        await picker.press("enter")
        assert picker.result == f"s3://{DATA_BUCKET}/support/train.jsonl"


async def test_it_opens_at_the_fields_file_and_goes_up(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        current = f"s3://{DATA_BUCKET}/support/validation.jsonl"
        picker = await opened(app, pilot, "s3-object", current)
        assert picker.title.endswith(f"s3://{DATA_BUCKET}/support/")
        assert picker.highlighted.startswith("validation.jsonl")
        await picker.press("left")
        assert picker.title.endswith(f"s3://{DATA_BUCKET}/")
        assert picker.highlighted.startswith("support/")
        await picker.press("backspace")
        assert picker.highlighted.startswith(DATA_BUCKET)
        await picker.press("escape")
        assert picker.result is None


async def test_backspace_edits_the_filter_before_it_goes_up(
    aws_env: SimServer, tmp_path: Path
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        picker = await opened(app, pilot, "s3-object", f"s3://{DATA_BUCKET}/support/x")
        await picker.type("tr")
        await picker.press("left")  # in the filter: the cursor moves
        assert picker.title.endswith("/support/")
        await picker.press("end", "backspace", "backspace")
        assert picker.screen.filter.value == ""
        assert picker.title.endswith("/support/")  # the keys edited the filter
        await picker.press("backspace")
        assert picker.title.endswith(f"s3://{DATA_BUCKET}/")


async def test_an_output_folder_is_picked_with_ctrl_s(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        picker = await opened(app, pilot, "s3-prefix")
        await picker.type("demo-data")
        await picker.press("enter")
        await picker.type("docs/")
        await picker.press("enter")
        assert "Ctrl+S uses s3://ftui-demo-data/docs/" in picker.status
        await picker.press("enter")  # an object: not what an output folder is
        assert not picker.results
        await picker.press("ctrl+s")
        assert picker.result == f"s3://{DATA_BUCKET}/docs/"


async def test_a_bucket_of_another_region_is_marked(aws_env: SimServer, tmp_path: Path) -> None:
    west = unique("ftui-test-oregon")
    aws_env.account.client("s3", "us-west-2").create_bucket(
        Bucket=west, CreateBucketConfiguration={"LocationConstraint": "us-west-2"}
    )
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        picker = await opened(app, pilot, "s3-object")
        await picker.type("test-oregon")
        assert picker.names() == [west]
        assert "(us-west-2)" in picker.highlighted
        assert f"{west} is in us-west-2, the job in us-east-1" in picker.status
        data = (
            next(line for line in picker.lines() if line.startswith(DATA_BUCKET)) if False else None
        )
        assert data is None


async def test_a_whole_uri_typed_is_taken_as_typed(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        picker = await opened(app, pilot, "s3-object")
        await picker.paste("s3://ftui-demo-data/not/yet/there.jsonl")
        await picker.press("enter")
        assert picker.result == "s3://ftui-demo-data/not/yet/there.jsonl"


async def test_a_folder_uri_typed_goes_there(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        picker = await opened(app, pilot, "s3-object")
        await picker.paste(f"s3://{DATA_BUCKET}/support/")  # a folder: no file to pick
        await picker.press("enter")
        assert picker.title.endswith(f"s3://{DATA_BUCKET}/support/")
        assert picker.screen.filter.value == ""
        assert "train.jsonl" in picker.names()


# --- paging, narrowing, cache, failures ---------------------------------------------------


async def test_more_loads_the_next_page(
    aws_env: SimServer, tmp_path: Path, many_objects: str
) -> None:
    app = make_app(aws_env, tmp_path)
    app.resources.page_size = 10
    async with app.run_test(size=SIZE) as pilot:
        picker = await opened(app, pilot, "s3-object", f"s3://{many_objects}/data/")
        assert len(picker.names()) == 11 and picker.lines()[-1].startswith("more…")
        assert "10 entries, more to list" in picker.status
        await picker.press("up", "enter")  # up from the first line: the last, "more…"
        assert len(picker.names()) == 21
        assert picker.highlighted.startswith("part-010.jsonl")  # the page just listed
        await picker.press("pagedown", "pagedown", "enter")
        assert picker.names()[-1] == "part-024.jsonl"
        assert "25 entries" in picker.status


async def test_a_typed_prefix_is_asked_of_s3(
    aws_env: SimServer, tmp_path: Path, many_objects: str
) -> None:
    app = make_app(aws_env, tmp_path)
    app.resources.page_size = 10
    async with app.run_test(size=SIZE) as pilot:
        picker = await opened(app, pilot, "s3-object", f"s3://{many_objects}/data/")
        aws_env.calls.clear()
        await picker.type("part-02", narrow=True)  # none of them is on the first page
        assert picker.names() == [f"part-02{i}.jsonl" for i in range(5)]
        assert calls(aws_env, "ListObjectsV2") == 1  # one call for the pause, not one a key
        await picker.press("enter")
        assert picker.result == f"s3://{many_objects}/data/part-020.jsonl"


async def test_a_second_open_makes_no_call_until_refreshed(
    aws_env: SimServer, tmp_path: Path
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        aws_env.calls.clear()
        first = await opened(app, pilot, "s3-object")
        await first.press("escape")
        assert calls(aws_env, "ListBuckets") == 1
        located = calls(aws_env, "GetBucketLocation")
        again = await opened(app, pilot, "s3-object")
        assert DATA_BUCKET in again.names()
        assert calls(aws_env, "ListBuckets") == 1
        assert calls(aws_env, "GetBucketLocation") == located
        await again.press("ctrl+r")
        assert DATA_BUCKET in again.names()
        assert calls(aws_env, "ListBuckets") == 2
        await again.press("f5")
        assert calls(aws_env, "ListBuckets") == 3


async def test_a_failing_listing_says_why_and_recovers_on_refresh(
    aws_env: SimServer, tmp_path: Path
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        with aws_env.fault("access-denied:ListBuckets"):
            picker = await opened(app, pilot, "s3-object")
            assert "AccessDenied" in picker.status and "Ctrl+R tries again" in picker.status
            assert DATA_BUCKET not in picker.names()
        await picker.press("ctrl+r")
        assert DATA_BUCKET in picker.names()
        assert "AccessDenied" not in picker.status


async def test_a_worker_that_raises_is_shown_and_retried(
    aws_env: SimServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the answer made no sense")

    monkeypatch.setattr(s3, "list_buckets", broken)
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        picker = await opened(app, pilot, "s3-object")
        assert "RuntimeError: the answer made no sense" in picker.status
        monkeypatch.undo()
        await picker.press("enter")  # Enter on a failed listing tries again, as Ctrl+R does
        assert DATA_BUCKET in picker.names()


# --- invocation logs ----------------------------------------------------------------------


async def test_the_configured_logging_location_comes_first(
    aws_env: SimServer, tmp_path: Path
) -> None:
    bucket = unique("ftui-test-logs")
    aws_env.account.client("s3", "us-west-2").create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "us-west-2"}
    )
    aws_env.account.client("bedrock", "us-west-2").put_model_invocation_logging_configuration(
        loggingConfig={"s3Config": {"bucketName": bucket, "keyPrefix": "chat-app"}}
    )
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        picker = await opened(app, pilot, "invocation-logs", region="us-west-2")
        assert picker.lines()[0].startswith(f"s3://{bucket}/chat-app/")
        await picker.press("enter")
        assert picker.result == f"s3://{bucket}/chat-app/"


async def test_without_logging_the_logs_are_browsed_for(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        picker = await opened(app, pilot, "invocation-logs", region="eu-west-1")
        assert picker.names() == ["Browse"]
        assert "No invocation logging is set up in eu-west-1" in picker.status
        await picker.press("enter")
        await picker.type("invocation")
        await picker.press("enter")
        await picker.type("support-app/")
        await picker.press("enter", "ctrl+s")
        assert picker.result == f"s3://{LOGS_BUCKET}/support-app/"


async def test_f1_lists_the_pickers_keys(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        picker = await opened(app, pilot, "s3-prefix", f"s3://{DATA_BUCKET}/docs/")
        await picker.press("f1")
        assert isinstance(app.screen, HelpScreen)
        shown = str(app.screen.query_one(".help-body Static").render())
        assert "Use the folder shown" in shown and "Ctrl+S" in shown
        assert "Up a level" in shown and "Ctrl+R F5" in shown
        await picker.press("escape")
        back: object = app.screen  # the help closes; the picker is still open
        assert back is picker.screen


async def test_names_from_aws_reach_the_screen_made_safe(
    aws_env: SimServer, tmp_path: Path
) -> None:
    bucket = unique("ftui-test-hostile")
    client = aws_env.account.client("s3", "us-east-1")
    client.create_bucket(Bucket=bucket)
    client.put_object(Bucket=bucket, Key="evil\x1b]0;owned\x07.jsonl", Body=b"{}\n")
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        picker = await opened(app, pilot, "s3-object", f"s3://{bucket}/")
        assert picker.lines()[0].startswith("evil␛]0;owned␇.jsonl")
        assert "\x1b" not in picker.status
        await picker.press("enter")  # what is picked is the key itself, not what is shown
        assert picker.result == f"s3://{bucket}/evil\x1b]0;owned\x07.jsonl"
