"""Running the checks: the account first, then the rest in parallel, results in planned order.

A progress display calls :func:`planned_checks` for its rows, then :func:`run_checks` from a
worker thread; ``on_result`` hears each result as it comes (from the pool's threads).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from ftui.core.aws.errors import AwsError
from ftui.core.aws.session import AwsSession
from ftui.core.catalog import Catalog, load_catalog
from ftui.core.dataset import ReportCache
from ftui.core.draft import Draft
from ftui.core.preflight.context import Context, text_of
from ftui.core.preflight.iam import ROLE, parse_role_arn
from ftui.core.preflight.plan import ACCOUNT, Step, steps
from ftui.core.preflight.request import account_result, identify
from ftui.core.preflight.result import CheckResult, PlannedCheck, unreachable

WORKERS = 8
YOUR_CREDENTIALS = "your credentials"


def planned_checks(draft: Draft, region: str) -> list[PlannedCheck]:
    """What :func:`run_checks` will run for ``draft`` in ``region``, in its order."""
    del region  # no check is planned by region (yet); a progress list may show it
    return [ACCOUNT, *(step.planned for step in steps(draft))]


def run_checks(
    session: AwsSession,
    draft: Draft,
    region: str,
    *,
    on_result: Callable[[CheckResult], None] | None = None,
    workers: int = WORKERS,
    catalog: Catalog | None = None,
    reports: ReportCache | None = None,
) -> list[CheckResult]:
    """Every planned check's result, in planned order.

    ``reports``: data sets checked before (by the wizard): an object unchanged since is not
    read again, and what is read now is kept there.

    The account is asked first: when AWS cannot be reached at all, the checks that need it are
    skipped at once with that reason instead of each waiting out its own timeouts.
    """

    def report(result: CheckResult) -> CheckResult:
        if on_result is not None:
            on_result(result)
        return result

    caller = identify(session, region)
    role = parse_role_arn(text_of(draft, ROLE))
    if isinstance(caller, AwsError):
        first = ACCOUNT.could_not(caller, YOUR_CREDENTIALS)
        account, who = (role.account if role else None), YOUR_CREDENTIALS
        offline = caller if unreachable(caller) else None
    else:
        first = account_result(ACCOUNT, caller.value, region)
        account, who, offline = caller.value.account, caller.value.arn, None
    report(first)
    ctx = Context(session, draft, region, catalog or load_catalog(), account, who, reports=reports)

    def run(step: Step) -> CheckResult:
        if offline is not None and step.needs_aws:
            return report(step.planned.could_not(offline, who))
        try:
            return report(step.run(ctx, step.planned))
        except Exception as bug:  # a worker's exception would be lost, and its row never end
            failure = AwsError("Unexpected", f"ftui failed: {type(bug).__name__}: {bug}")
            return report(step.planned.could_not(failure, who))

    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="preflight") as pool:
        rest = list(pool.map(run, steps(draft)))
    return [first, *rest]
