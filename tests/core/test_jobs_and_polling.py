"""The monitor's logic without a screen: rows, stages, filters, sorting, changes, scheduling."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from ftui.core.jobs import (
    JobRow,
    NameFilter,
    diff,
    format_elapsed,
    row_of,
    select,
    sort_key,
    stage_of,
)
from ftui.core.polling import IDLE_MIN, MAX_DELAY, MIN_INTERVAL, Schedule

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def summary(name: str, status: str = "InProgress", **details: str) -> dict[str, Any]:
    return {
        "jobArn": f"arn:aws:bedrock:us-east-1:123456789012:model-customization-job/amazon.nova-micro-v1:0:128k/{name}",
        "jobName": name,
        "status": status,
        "baseModelArn": "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0:128k",
        "creationTime": T0,
        "customizationType": "DISTILLATION",
        "customModelName": f"{name}-model",
        "statusDetails": {key: {"status": value} for key, value in details.items()},
    }


def test_row_of_a_summary() -> None:
    row = row_of(
        summary(
            "a",
            validationDetails="Completed",
            dataProcessingDetails="InProgress",
            trainingDetails="NotStarted",
        ),
        "us-east-1",
    )
    assert (row.name, row.status, row.stage, row.kind, row.base_model, row.region) == (
        "a",
        "InProgress",
        "Data processing",
        "distillation",
        "Nova Micro",
        "us-east-1",
    )


@pytest.mark.parametrize(
    ("status", "details", "stage"),
    [
        ("Failed", {"validationDetails": "Failed"}, "Validation"),
        ("Stopped", {"validationDetails": "Completed", "trainingDetails": "Stopped"}, "Training"),
        ("Completed", {"trainingDetails": "Completed"}, ""),
        ("InProgress", {}, ""),
    ],
)
def test_stage(status: str, details: dict[str, str], stage: str) -> None:
    assert stage_of(summary("x", status, **details)) == stage


def test_diff_reports_status_changes() -> None:
    old = {r.arn: r for r in (row_of(summary("a"), "r"), row_of(summary("b"), "r"))}
    new_a = row_of(summary("a", "Completed"), "r")
    new = {new_a.arn: new_a, **{r.arn: r for r in [row_of(summary("c"), "r")]}}
    changes = diff(old, new)
    assert [old[a].name for a in changes.removed] == ["b"]
    assert [new[a].name for a in changes.added] == ["c"]
    assert [(r.name, before) for r, before in changes.status_changes] == [("a", "InProgress")]


def rows(*names: str) -> list[JobRow]:
    return [row_of(summary(n), "us-east-1") for n in names]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("", ["nova-ft", "titan-cpt", "Nova-Distill"]),
        ("nova", ["nova-ft", "Nova-Distill"]),
        ("!nova", ["titan-cpt"]),
        ("^nova-", ["nova-ft", "Nova-Distill"]),
        ("(", []),
        ("ft|cpt", ["nova-ft", "titan-cpt"]),
    ],
)
def test_name_filter(text: str, shown: list[str]) -> None:
    assert [
        r.name for r in select(rows("nova-ft", "titan-cpt", "Nova-Distill"), NameFilter(text))
    ] == shown


def test_sorting_and_elapsed() -> None:
    listed = rows("b", "a")
    assert [r.name for r in sorted(listed, key=sort_key("name", T0))] == ["a", "b"]
    assert format_elapsed(timedelta(minutes=5)) == "5m"
    assert format_elapsed(timedelta(hours=2, minutes=5)) == "2h 05m"
    assert format_elapsed(timedelta(days=3, hours=4)) == "3d 04h"


def test_schedule_floor_idle_and_backoff() -> None:
    assert Schedule(interval=0.5).interval == MIN_INTERVAL
    schedule = Schedule(interval=10, rng=random.Random(1))
    assert schedule.succeeded(active=True) == 10
    assert schedule.succeeded(active=False) == max(IDLE_MIN, 60)
    delays = [schedule.failed() for _ in range(8)]
    assert all(10 <= d <= MAX_DELAY for d in delays)
    assert schedule.ceiling == MAX_DELAY
    assert schedule.succeeded(active=True) == 10 and schedule.failures == 0
