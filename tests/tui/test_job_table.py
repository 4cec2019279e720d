"""The jobs table with 10,000 jobs: a poll costs what it changed, not what the table holds."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Region

from ftui.core import job_view
from ftui.core.jobs import JobRow, NameFilter, select, sort_key
from ftui.tui.widgets import job_columns, job_table
from ftui.tui.widgets.job_table import JobTable

JOBS = 10_000
RUNNING = 50  # the newest: at the top, sorted by creation time (newest first)
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
SIZE = (120, 30)


def jobs() -> dict[str, JobRow]:
    rows = {}
    for i in range(JOBS):
        running = i < RUNNING
        row = JobRow(
            arn=f"arn:aws:bedrock:us-east-1:123456789012:model-customization-job/m/{i:012d}",
            name=f"history-{i:05d}",
            status="InProgress" if running else "Completed",
            stage="Training" if running else "",
            kind="fine-tuning",
            base_model="Nova Micro",
            custom_model=f"history-{i:05d}-model",
            created=NOW - timedelta(minutes=i),
            ended=None if running else NOW - timedelta(minutes=i - 50),
            region="us-east-1",
        )
        rows[row.arn] = row
    return rows


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield JobTable()


class Poll:
    """One poll's changes, handed to the table as the monitor hands them."""

    def __init__(self, table: JobTable, status: str = "all") -> None:
        self.table = table
        self.status = status

    def __call__(self, rows: dict[str, JobRow], changed: list[str], now: datetime) -> None:
        visible = select((rows[a] for a in changed if a in rows), NameFilter(), self.status)
        self.table.apply(rows, changed, visible, now)


def nth(rows: dict[str, JobRow], index: int) -> JobRow:
    return list(rows.values())[index]


def changed(row: JobRow, **fields: Any) -> JobRow:
    return dataclasses.replace(row, **fields)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, int]]:
    """How many sort keys and rows' cells are worked out."""
    counts = {"keys": 0, "cells": 0}

    def counting_key(column: str, now: datetime) -> Callable[[JobRow], Any]:
        key = sort_key(column, now)

        def counting(row: JobRow) -> Any:
            counts["keys"] += 1
            return key(row)

        return counting

    def cells_of(*args: Any) -> tuple[str, ...]:
        counts["cells"] += 1
        return job_columns.cells_of(*args)

    monkeypatch.setattr(job_view, "sort_key", counting_key)
    monkeypatch.setattr(job_table, "cells_of", cells_of)
    yield counts


def record_repaints(table: JobTable, monkeypatch: pytest.MonkeyPatch) -> list[int | None]:
    """The lines the table asks to repaint (None: all of it)."""
    lines: list[int | None] = []
    real = table.refresh

    def refresh(*regions: Region, **kwargs: Any) -> Any:
        lines.extend([r.y for r in regions] if regions else [None])
        # Not the scrollbar beside the rows: it would be sent again with every line.
        assert all(r.right <= table.scrollable_content_region.width for r in regions)
        return real(*regions, **kwargs)

    monkeypatch.setattr(table, "refresh", refresh)
    return lines


async def test_a_poll_where_one_job_changed_repaints_its_line_and_keeps_the_cursor(
    monkeypatch: pytest.MonkeyPatch, counted: dict[str, int]
) -> None:
    rows = jobs()
    async with TableApp().run_test(size=SIZE) as pilot:
        table = pilot.app.query_one(JobTable)
        table.update(rows, rows.values(), NOW)
        await pilot.pause()
        table.focus()
        await pilot.press("down", "down", "down")
        chosen, height = table.current, table.cursor - int(table.scroll_offset.y)
        assert chosen is not None
        target = nth(rows, 5)  # a running job on screen, line 6 under the header
        rows = {**rows, target.arn: changed(target, status="Stopping")}
        counted.update(keys=0, cells=0)
        repainted = record_repaints(table, monkeypatch)
        Poll(table)(rows, [target.arn], NOW)
        assert repainted == [6], "one line: the job's"
        assert table.current is not None and table.current.arn == chosen.arn
        assert table.cursor - int(table.scroll_offset.y) == height
        # Nothing was worked out for the other 9,999 jobs.
        assert counted["keys"] <= 2
        await pilot.pause()
        assert counted["cells"] <= 1 + RUNNING, "the changed row, and running ones on screen"
        assert "Stopping" in table.render_line(6).text


async def test_a_change_below_the_screen_repaints_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows = jobs()
    async with TableApp().run_test(size=SIZE) as pilot:
        table = pilot.app.query_one(JobTable)
        table.update(rows, rows.values(), NOW)
        await pilot.pause()
        far = nth(rows, 5000)
        repainted = record_repaints(table, monkeypatch)
        rows = {**rows, far.arn: changed(far, status="Failed")}
        Poll(table)(rows, [far.arn], NOW)
        assert repainted == []
        assert table.view[5000].status == "Failed"


async def test_a_job_that_moves_above_the_cursor_keeps_the_cursor_on_its_job() -> None:
    rows = jobs()
    async with TableApp().run_test(size=SIZE) as pilot:
        table = pilot.app.query_one(JobTable)
        table.update(rows, rows.values(), NOW)
        await pilot.pause()
        table.focus()
        assert table.select_arn(nth(rows, 400).arn)
        # A job far down is renamed to come first by name: sorted by name, it moves above.
        table.sort_by("name")
        await pilot.pause()
        height = table.cursor - int(table.scroll_offset.y)
        far = nth(rows, 9000)
        rows = {**rows, far.arn: changed(far, name="aaa-first")}
        Poll(table)(rows, [far.arn], NOW)
        await pilot.pause()
        assert table.view[0].name == "aaa-first"
        assert table.current is not None and table.current.arn == nth(rows, 400).arn
        assert table.cursor - int(table.scroll_offset.y) == height


async def test_a_job_whose_new_status_leaves_the_filter_disappears() -> None:
    rows = jobs()
    async with TableApp().run_test(size=SIZE) as pilot:
        table = pilot.app.query_one(JobTable)
        poll = Poll(table, status="running")
        table.update(rows, select(rows.values(), NameFilter(), "running"), NOW)
        await pilot.pause()
        assert len(table.view) == RUNNING
        done, new = nth(rows, 3), nth(rows, 9999)
        rows = {
            **rows,
            done.arn: changed(done, status="Completed", ended=NOW),
            new.arn: changed(new, status="InProgress", ended=None),  # one more running
        }
        poll(rows, [done.arn, new.arn], NOW)
        shown = [r.arn for r in table.view]
        assert done.arn not in shown and new.arn in shown
        assert shown[-1] == new.arn, "the oldest running job comes last"
        assert len(shown) == RUNNING


async def test_sorted_by_elapsed_time_running_jobs_take_their_place_as_time_passes() -> None:
    rows = jobs()
    async with TableApp().run_test(size=SIZE) as pilot:
        table = pilot.app.query_one(JobTable)
        table.update(rows, rows.values(), NOW)
        table.sort_by("elapsed")
        await pilot.pause()
        later = NOW + timedelta(days=3)
        Poll(table)(rows, [], later)
        key = sort_key("elapsed", later)
        expected = sorted(rows.values(), key=lambda r: (key(r), r.arn), reverse=True)
        assert [r.arn for r in table.view] == [r.arn for r in expected]
        assert table.view[0].status == "InProgress", "three days on, running jobs ran longest"


async def test_a_long_name_widens_its_column_until_its_job_is_gone() -> None:
    rows = jobs()
    async with TableApp().run_test(size=(200, 30)) as pilot:
        table = pilot.app.query_one(JobTable)
        table.update(rows, rows.values(), NOW)
        await pilot.pause()
        narrow = table.widths[0]
        first = nth(rows, 0)
        long = changed(first, name="a-much-longer-name-than-any-other-job-has")
        Poll(table)({**rows, first.arn: long}, [first.arn], NOW)
        assert table.widths[0] == len(long.name) > narrow
        Poll(table)({a: r for a, r in rows.items() if a != first.arn}, [first.arn], NOW)
        assert table.widths[0] == narrow
