"""What the monitor says above and below its table: the account, the view, and what failed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ftui.core.jobs import JobRow
from ftui.tui.widgets.job_columns import COLUMNS

if TYPE_CHECKING:
    from ftui.tui.screens.jobs import JobsScreen


def header(screen: JobsScreen) -> str:
    app = screen.ftui
    parts = [f"account {screen.account or '…'}", ", ".join(app.shown_regions)]
    if app.session.target.profile:
        parts.append(f"AWS profile {app.session.target.profile}")
    if screen.last_ok is not None:
        # Minutes only: an idle screen then redraws nothing between polls.
        parts.append(f"refreshed {screen.last_ok:%H:%M}")
    parts.append(f"every {screen.schedule.interval:g}s")
    if screen.paused:
        parts.append("PAUSED")
    if app.read_only:
        parts.append("read-only")
    return " · ".join(parts)


def bar(screen: JobsScreen) -> str:
    if not screen.loaded:
        return "loading jobs…"
    table = screen.table
    parts = [f"{len(table.view)} of {len(screen.rows)} jobs"]
    if screen.status_filter != "all":
        parts.append(f"showing {screen.status_filter}")
    if screen.name_filter.text:
        parts.append(f"filter /{screen.name_filter.text}")
    if table.marked:
        parts.append(f"{len(table.marked)} marked (c compares, esc unmarks)")
    title = next(c.title for c in COLUMNS if c.key == table.sort_column)
    parts.append(f"sorted by {title.lower()} {'↓' if table.sort_reverse else '↑'}")
    return " · ".join(parts)


def status(screen: JobsScreen) -> str | None:
    """The regions that failed and what polling does about it; None when all is well."""
    if not screen.errors and screen.failure is None:
        return None
    since = f" since {screen.last_ok:%H:%M:%S}" if screen.last_ok else ""
    lines = [f"⚠ {region}: {e.code}: {e.message}" for region, e in screen.errors.items()]
    if screen.failure is not None:
        lines.append(f"⚠ polling failed: {screen.failure}")
    retry = f"retrying within {screen.schedule.ceiling:.0f}s · r retries now"
    lines.append(f"Showing the last data{since} (stale); {retry}")
    return "\n".join(lines)


def announce(screen: JobsScreen, status_changes: list[tuple[JobRow, str]]) -> None:
    """Say which jobs changed status.

    While the monitor is on screen, one line above the footer says it (a line costs a few
    hundred bytes over SSH, a toast several kilobytes, shown and again when it goes); from
    the wizard, the profiles or a screen over the monitor (a job's detail: Textual counts the
    monitor under it as current, hence ``is_active``), toasts do, one per job or one for many.
    """
    if not status_changes:
        return
    notifications = screen.ftui.settings.notifications
    lines = [f"{row.name}: {before} → {row.status}" for row, before in status_changes]
    stamp = f"{screen.ftui.now():%H:%M}"
    more = f" (+{len(lines) - 1} more)" if len(lines) > 1 else ""
    failed = any(row.status == "Failed" for row, _ in status_changes)
    screen.flash(f"{stamp} {lines[0]}{more}", failed=failed)
    if notifications.toast and not screen.is_active:
        shown = lines if len(lines) <= 3 else [*lines[:2], f"and {len(lines) - 2} more"]
        screen.ftui.tell(shown, title="Job status", error=failed)
    if notifications.bell:
        screen.app.bell()
