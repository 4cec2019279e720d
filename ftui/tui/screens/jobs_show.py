"""Showing one job from the monitor: its detail opened, and it selected in the list.

A job is shown even where the filters hid it: they are cleared, and the monitor says which; a
job the monitor has not listed yet is selected when a poll brings it. Apart from jobs.py (the
screen and its polls) because this is how the monitor is reached from elsewhere (``show_job``:
a job just submitted, a custom model's training job).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ftui.core.jobs import NameFilter, select

if TYPE_CHECKING:
    from ftui.tui.screens.jobs import JobsScreen


def open_detail(screen: JobsScreen, region: str, arn: str, name: str) -> None:
    from ftui.tui.screens.job_detail import JobDetailScreen

    screen.detail = (region, arn)

    def closed(_: object) -> None:
        if screen.detail == (region, arn):
            screen.detail = None

    screen.app.push_screen(JobDetailScreen(region, arn, name), closed)


def show(screen: JobsScreen, arn: str, region: str, name: str) -> None:
    """Show a job (just submitted): selected in a list that shows it, its detail open.

    Called with the monitor's mode current. Whatever is open over the monitor goes first:
    typically the detail of the job that was cloned into the draft just submitted, which
    would otherwise be shown instead of the new job, or under it.
    """
    while screen.app.screen is not screen and screen in screen.app.screen_stack:
        screen.app.pop_screen()
    screen.detail = None
    screen.pending_select = None
    if region not in screen.ftui.monitor_regions:
        screen.flash(f"{name} runs in {region}, which the monitor does not watch (--region)")
    elif arn in screen.rows:
        reveal(screen, arn)
    else:
        screen.pending_select = arn  # a new job: selected when the poll brings it
        screen.poll_now()
    open_detail(screen, region, arn, name)


def reveal(screen: JobsScreen, arn: str) -> None:
    """Select the job, first clearing the filters that hide it (and saying so)."""
    row = screen.rows[arn]
    hiding = []
    if not select([row], NameFilter(), screen.status_filter):
        hiding.append(f"the {screen.status_filter} filter")
        screen.status_filter = "all"
    if not screen.name_filter.compile()(row.name):
        hiding.append(f"the filter /{screen.name_filter.text}")
        screen.name_filter = NameFilter()
        screen.prompt.clear()
    if hiding:
        screen.apply_filters()
        screen.flash(
            f"showing {screen.status_filter} jobs: {' and '.join(hiding)} would hide {row.name}"
        )
    screen.table.select_arn(arn)
    screen.pending_select = None
