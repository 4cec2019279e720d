"""What a pre-flight check found, what will run, and the verdict of a whole run."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from ftui.core.aws.errors import AwsError
from ftui.core.aws.session import CREDENTIAL_CODES
from ftui.core.problems import format_loc

Status = Literal["pass", "fail", "warn", "skipped"]
Verdict = Literal["pass", "fail", "unreachable"]
Field = tuple[str | int, ...]

# The check of the caller's account (STS), which runs first: when it cannot reach AWS, nothing
# else can be known.
ACCOUNT_CHECK = "account"

# Codes of a call the caller's credentials were not allowed to make: the check is skipped and
# does not block (a tightly scoped CI role may lack iam:GetRole and still submit jobs).
ACCESS_DENIED = frozenset(
    {
        "AccessDenied",
        "AccessDeniedException",
        "UnauthorizedOperation",
        "UnauthorizedAccess",
        "AuthorizationError",
        "Forbidden",
        "403",  # S3 HEAD answers have no body, so botocore has only the status to name them
    }
)
# Codes saying AWS was not reached, or not as these credentials: nothing more can be known.
UNREACHABLE = CREDENTIAL_CODES | {
    "NoCredentials",
    "ExpiredToken",
    "ProfileNotFound",
    "NoRegion",
    "EndpointConnectionError",
    "Timeout",
    "ConnectionClosed",
    "BadResponse",
    "OutcomeUnknown",
    "InvalidAccessKeyId",  # S3's word for unknown credentials
    "AuthFailure",  # EC2's
}


def unreachable(error: AwsError) -> bool:
    """AWS was not reached, or did not answer even after botocore's retries (throttled, 5xx)."""
    return error.code in UNREACHABLE or error.transient


@dataclass(frozen=True)
class CheckResult:
    """One check's finding: what it concerns, whether it passed, and how to fix it."""

    check: str  # a stable id: "role", "training-data" ...
    title: str  # for people: "Service role"
    status: Status
    field: Field | None  # the request path it concerns
    message: str  # what is wrong, or what was verified
    fix: str = ""  # how to fix it; may be several lines (a policy to paste)
    # The AWS failure that kept the check from finishing, when one did.
    error: AwsError | None = dataclasses.field(default=None, compare=False)
    needs_aws: bool = dataclasses.field(default=True, compare=False)  # False: the draft alone

    @property
    def unreachable(self) -> bool:
        return self.error is not None and unreachable(self.error)

    def to_json(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "status": self.status,
            "field": None if self.field is None else format_loc(self.field),
            "message": self.message,
            "fix": self.fix,
        }


@dataclass(frozen=True)
class PlannedCheck:
    """A check that will run: a progress list shows one row for each, in this order.

    The same ``check`` id may be planned more than once (one ``validation-data`` per validator);
    ``field`` tells them apart.
    """

    check: str
    title: str
    field: Field | None = None
    needs_aws: bool = True  # False: it reads the draft (and the catalog) only

    def result(
        self, status: Status, message: str, fix: str = "", *, field: Field | None = None
    ) -> CheckResult:
        return CheckResult(
            self.check,
            self.title,
            status,
            field or self.field,
            message,
            fix,
            needs_aws=self.needs_aws,
        )

    def passed(self, message: str) -> CheckResult:
        return self.result("pass", message)

    def failed(self, message: str, fix: str, *, field: Field | None = None) -> CheckResult:
        return self.result("fail", message, fix, field=field)

    def warned(self, message: str, fix: str, *, field: Field | None = None) -> CheckResult:
        return self.result("warn", message, fix, field=field)

    def could_not(self, error: AwsError, who: str) -> CheckResult:
        """The skipped result of a check an AWS failure kept from finishing."""
        operation = error.operation or "a call"
        if error.code in ACCESS_DENIED:
            message = f"could not check: {who} may not call {operation}"
            fix = f"allow {operation} to {who} to have this checked; it does not block a submit"
        elif error.throttled:
            message = f"could not check: AWS throttled {operation} ({error})"
            fix = "check again in a moment"
        elif error.code in UNREACHABLE:
            message = f"could not check: AWS did not answer {operation} ({error})"
            fix = "check the network, the endpoint and your credentials, then check again"
        elif error.transient:
            message = f"could not check: AWS did not answer {operation} ({error})"
            fix = "check again in a moment"
        else:
            message = f"could not check: {operation} failed ({error})"
            fix = ""
        return CheckResult(
            self.check,
            self.title,
            "skipped",
            self.field,
            message,
            fix,
            error,
            needs_aws=self.needs_aws,
        )


def verdict(results: Iterable[CheckResult]) -> Verdict:
    """``unreachable`` when AWS could not be asked, else ``fail`` when a check failed, else
    ``pass`` (warnings and skipped checks allowed).

    AWS could not be asked when the account check could not reach it (it runs first, and the
    checks after it are skipped), or when no check after it could. One check AWS did not answer
    (throttled, a 5xx) among others that ran is that check skipped: the rest is known.
    """
    listed = list(results)
    account = [r for r in listed if r.check == ACCOUNT_CHECK]
    others = [r for r in listed if r.needs_aws and r.check != ACCOUNT_CHECK]
    if any(r.unreachable for r in account) or (others and all(r.unreachable for r in others)):
        return "unreachable"
    if any(r.status == "fail" for r in listed):
        return "fail"
    return "pass"
