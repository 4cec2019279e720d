"""Why the monitor has its own table: Textual's DataTable against ftui's JobTable, 10,000 rows.

    python bench/tables.py

Both run headless at 120x40. Measured: time from handing over the rows until the screen has been
drawn, and the time to apply an update in which one row's status changes (until drawn again).
"""

from __future__ import annotations

import asyncio
import statistics
import time
from datetime import UTC, datetime, timedelta

from textual.app import App, ComposeResult
from textual.widgets import DataTable

from ftui.core.jobs import JobRow
from ftui.tui.widgets.job_columns import COLUMNS, cells_of
from ftui.tui.widgets.job_table import JobTable

ROWS = 10_000
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def rows() -> dict[str, JobRow]:
    out = {}
    for i in range(ROWS):
        row = JobRow(
            arn=f"arn:aws:bedrock:us-east-1:123456789012:model-customization-job/m/{i:012d}",
            name=f"history-{i:05d}",
            status="Completed",
            stage="",
            kind="fine-tuning",
            base_model="Nova Micro",
            custom_model=f"history-{i:05d}-model",
            created=NOW - timedelta(minutes=i),
            ended=NOW - timedelta(minutes=i - 50),
            region="us-east-1",
        )
        out[row.arn] = row
    return out


class DataTableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield DataTable()


class JobTableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield JobTable()


async def measure_datatable(data: dict[str, JobRow]) -> tuple[float, float]:
    app = DataTableApp()
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.query_one(DataTable)
        for column in COLUMNS:
            table.add_column(column.title, key=column.key)
        start = time.perf_counter()
        for arn, row in data.items():
            table.add_row(*cells_of(row, NOW), key=arn)
        await pilot.pause()
        first = time.perf_counter() - start
        arn = next(iter(data))
        start = time.perf_counter()
        table.update_cell(arn, "status", "Failed")
        await pilot.pause()
        update = time.perf_counter() - start
    return first, update


async def measure_jobtable(data: dict[str, JobRow]) -> tuple[float, float]:
    app = JobTableApp()
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.query_one(JobTable)
        start = time.perf_counter()
        table.update(data, data.values(), NOW)
        await pilot.pause()
        first = time.perf_counter() - start
        changed = dict(data)
        arn = next(iter(changed))
        old = changed[arn]
        changed[arn] = JobRow(**{**{f: getattr(old, f) for f in old.__slots__}, "status": "Failed"})
        start = time.perf_counter()
        table.update(changed, changed.values(), NOW)
        await pilot.pause()
        update = time.perf_counter() - start
    return first, update


async def main() -> None:
    data = rows()
    results = {}
    for name, measure in (("DataTable", measure_datatable), ("JobTable", measure_jobtable)):
        runs = [await measure(data) for _ in range(3)]
        results[name] = (
            statistics.median(r[0] for r in runs) * 1000,
            statistics.median(r[1] for r in runs) * 1000,
        )
    print(f"{'':10}  {'10,000 rows shown':>18}  {'one status changed':>19}")
    for name, (first, update) in results.items():
        print(f"{name:10}  {first:15.0f} ms  {update:16.0f} ms")


if __name__ == "__main__":
    asyncio.run(main())
