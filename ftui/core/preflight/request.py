"""The checks that need no AWS resource: the request itself, and whose credentials these are."""

from __future__ import annotations

from dataclasses import dataclass

from ftui.core.aws.errors import Outcome
from ftui.core.aws.session import AwsSession
from ftui.core.preflight.context import Context
from ftui.core.preflight.result import CheckResult, PlannedCheck
from ftui.core.problems import Problem

# Problems listed in a fix; ``ftui validate`` lists them all.
LISTED_PROBLEMS = 10


@dataclass(frozen=True)
class Caller:
    account: str
    arn: str


def identify(session: AwsSession, region: str) -> Outcome[Caller]:
    """Who the credentials are (STS GetCallerIdentity): the first call, and the cheapest way to
    learn AWS cannot be reached before every check tries."""

    def run() -> Caller:
        answer = session.client("sts", region).get_caller_identity()
        return Caller(str(answer["Account"]), str(answer["Arn"]))

    return session.call("sts:GetCallerIdentity", run)


def account_result(planned: PlannedCheck, caller: Caller, region: str) -> CheckResult:
    return planned.passed(f"account {caller.account} in {region}, as {caller.arn}")


def _listed(problems: list[Problem]) -> str:
    lines = [str(p) for p in problems[:LISTED_PROBLEMS]]
    if len(problems) > LISTED_PROBLEMS:
        lines.append(f"... and {len(problems) - LISTED_PROBLEMS} more: ftui validate lists them")
    return "\n".join(lines)


def check_request(ctx: Context, planned: PlannedCheck) -> CheckResult:
    report = ctx.draft.validate(region=ctx.region, catalog=ctx.catalog)
    errors, warnings = report.errors, report.warnings
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        return planned.failed(f"{first.message}{more}", _listed(errors), field=first.loc)
    if warnings:
        first = warnings[0]
        more = f" (and {len(warnings) - 1} more)" if len(warnings) > 1 else ""
        return planned.warned(f"{first.message}{more}", _listed(warnings), field=first.loc)
    return planned.passed("the request is valid")
