"""The monitor's rows kept in order one change at a time: always the order a full sort gives."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from ftui.core.aws.errors import AwsError
from ftui.core.job_view import SortedRows
from ftui.core.jobs import JobRow, NameFilter, row_of, select, sort_key
from ftui.core.polling import Poll

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
COLUMNS = ("name", "status", "stage", "kind", "base_model", "custom_model", "created", "elapsed")
STATUSES = ("InProgress", "Stopping", "Completed", "Failed", "Stopped")


def job(number: int, status: str = "Completed", minutes: int = 0, name: str = "") -> JobRow:
    created = T0 + timedelta(minutes=minutes)
    return JobRow(
        arn=f"arn:aws:bedrock:us-east-1:123456789012:model-customization-job/m/{number:06d}",
        name=name or f"job-{number % 7}",  # names repeat: ties broken the same way every time
        status=status,
        stage="Training" if status != "Completed" else "",
        kind=("fine-tuning", "distillation")[number % 2],
        base_model=("Nova Micro", "Nova Lite")[number % 3 % 2],
        custom_model=f"model-{number % 5}",
        created=created,
        ended=None if status in ("InProgress", "Stopping") else created + timedelta(hours=1),
        region="us-east-1",
    )


def fully_sorted(rows: list[JobRow], column: str, reverse: bool, now: datetime) -> list[str]:
    key = sort_key(column, now)
    return [r.arn for r in sorted(rows, key=lambda r: (key(r), r.arn), reverse=reverse)]


change = st.tuples(
    st.sampled_from(("status", "name", "created", "add", "remove")),
    st.integers(0, 59),
    st.sampled_from(STATUSES),
    st.integers(-600, 600),
)


@settings(max_examples=150, deadline=None)
@given(
    column=st.sampled_from(COLUMNS),
    reverse=st.booleans(),
    statuses=st.lists(st.sampled_from(STATUSES), min_size=0, max_size=40),
    polls=st.lists(st.lists(change, max_size=8), max_size=6),
    running_only=st.booleans(),
)
def test_rows_moved_one_by_one_are_in_the_order_of_a_full_sort(
    column: str,
    reverse: bool,
    statuses: list[str],
    polls: list[list[tuple[str, int, str, int]]],
    running_only: bool,
) -> None:
    status_filter = "running" if running_only else "all"
    rows = {
        r.arn: r for r in (job(i, s, minutes=i % 9) for i, s in enumerate(statuses))
    }  # creation times repeat too
    now = T0 + timedelta(hours=2)
    view = SortedRows()
    view.reset(select(rows.values(), NameFilter(), status_filter), column, reverse=reverse, now=now)
    for poll in polls:
        now += timedelta(minutes=1)
        view.at(now)
        changed: set[str] = set()
        for what, number, status, minutes in poll:
            arn = job(number).arn
            before = rows.get(arn)
            if what == "remove":
                rows.pop(arn, None)
            elif what == "add" or before is None:
                rows[arn] = job(number, status, minutes)
            elif what == "status":
                rows[arn] = dataclasses.replace(before, status=status)
            elif what == "name":
                rows[arn] = dataclasses.replace(before, name=f"renamed-{minutes}")
            else:
                rows[arn] = dataclasses.replace(before, created=T0 + timedelta(minutes=minutes))
            changed.add(arn)
        for arn in changed:
            view.remove(arn)
        for row in select((rows[a] for a in changed if a in rows), NameFilter(), status_filter):
            view.insert(row)
        if view.moves_with_time:
            for arn in list(view.active):
                moved = view.remove(arn)
                assert moved is not None
                view.insert(moved)
        shown = select(rows.values(), NameFilter(), status_filter)
        assert [r.arn for r in view.rows] == fully_sorted(shown, column, reverse, now)
        assert view.active == {r.arn for r in shown if r.active}
        assert all(view.index(r.arn) == i for i, r in enumerate(view.rows))


def test_a_row_not_shown_has_no_place() -> None:
    view = SortedRows()
    view.reset([job(1), job(2)], "name", reverse=False, now=T0)
    assert view.index(job(3).arn) is None
    assert view.remove(job(3).arn) is None
    assert len(view) == 2 and job(1).arn in view


# --- a poll laid over the rows shown ---------------------------------------------------------


def summary(name: str, status: str = "InProgress") -> dict[str, object]:
    return {
        "jobArn": f"arn:aws:bedrock:us-east-1:123456789012:model-customization-job/m/{name}",
        "jobName": name,
        "status": status,
        "baseModelArn": "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0:128k",
        "creationTime": T0,
        "customizationType": "FINE_TUNING",
    }


def test_a_poll_tells_what_changed_and_keeps_the_rows_that_did_not() -> None:
    shown = {r.arn: r for r in (row_of(summary(n), "us-east-1") for n in ("a", "b", "c"))}
    answered = {
        r.arn: r
        for r in (
            row_of(summary("a"), "us-east-1"),  # unchanged, but a new object
            row_of(summary("b", "Completed"), "us-east-1"),
            row_of(summary("d"), "us-east-1"),
        )
    }
    update = Poll(2, answered, {}).over(shown)
    name = {r.arn: r.name for r in [*shown.values(), *answered.values()]}
    assert [name[a] for a in update.changes.touched] == ["d", "b", "c"]
    a = next(r for r in update.rows.values() if r.name == "a")
    assert a is shown[a.arn], "an unchanged row is the one shown: nothing to compare later"
    assert [(r.name, before) for r, before in update.changes.status_changes] == [
        ("b", "InProgress")
    ]
    assert sorted(r.name for r in update.active) == ["a", "d"]
    assert update.shown is shown


def test_a_failing_region_keeps_what_it_showed() -> None:
    east = row_of(summary("east"), "us-east-1")
    west = row_of(summary("west"), "us-west-2")
    shown = {east.arn: east, west.arn: west}
    update = Poll(2, {east.arn: east}, {"us-west-2": AwsError("Throttling", "slow down")}).over(
        shown
    )
    assert update.rows == shown and not update.changes.any
