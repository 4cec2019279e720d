"""Submitting a request so that no retry, double key press or second run makes a second job.

Two guards:

1. The ``clientRequestToken`` is derived from the request itself, so the same draft revision
   always carries the same token and AWS returns the existing job for a repeated call (botocore
   would otherwise make up a new random token each time).
2. A local ledger remembers what was submitted to which account, region and endpoint;
   submitting the same revision there again answers from it without creating anything.

When the create call fails in a way that leaves its outcome unknown (a timeout, a dropped
connection, an unreadable answer), the job is looked up by name and token before anything is
reported, so the user is told whether it exists.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ftui.core import paths
from ftui.core.aws.bedrock import Bedrock
from ftui.core.aws.errors import AwsError, Ok, Outcome
from ftui.core.files import private_folder
from ftui.core.request import CreateModelCustomizationJobRequest

TOKEN_PREFIX = "ftui-"


def request_token(kwargs: Mapping[str, Any]) -> str:
    """A token that is the same for the same request, and differs when anything changes."""
    body = {k: v for k, v in kwargs.items() if k != "clientRequestToken"}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return TOKEN_PREFIX + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:48]


def submission_kwargs(request: CreateModelCustomizationJobRequest) -> dict[str, Any]:
    """The exact ``create_model_customization_job`` arguments, token included."""
    kwargs = request.to_boto3()
    kwargs.setdefault("clientRequestToken", request_token(kwargs))
    return kwargs


@dataclass(frozen=True)
class Submission:
    job_arn: str
    job_name: str
    token: str
    account: str
    region: str
    endpoint: str
    submitted_at: str
    profile: str | None = None
    # True when this revision had been submitted before and the ledger answered.
    repeated: bool = False
    # Something the user should know although the job exists (the ledger could not be written).
    warning: str | None = None


# What the ledger keeps of a submission (the warning was for the moment it happened).
_KEPT = ("job_arn", "job_name", "token", "account", "region", "endpoint", "submitted_at", "profile")


class Ledger:
    """``submissions.jsonl`` in the state folder: one JSON line per job ftui created."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.state_dir() / "submissions.jsonl"
        # Lines of the last read that were not submissions (torn, corrupt): skipped, counted.
        self.skipped = 0

    def find(self, token: str, account: str, region: str, endpoint: str) -> Submission | None:
        key = (token, account, region, endpoint)
        for entry in self.entries():
            if (entry.token, entry.account, entry.region, entry.endpoint) == key:
                return entry
        return None

    def entries(self) -> list[Submission]:
        """Every readable line; a corrupt one is skipped (and counted), never fatal."""
        self.skipped = 0
        try:
            lines = self.path.read_bytes().splitlines()
        except FileNotFoundError:
            return []
        out = []
        for line in lines:
            if not line.strip():
                continue
            try:
                fields = json.loads(line.decode("utf-8"))
                out.append(Submission(**{k: fields[k] for k in _KEPT if k in fields}))
            except (ValueError, TypeError, KeyError, RecursionError):
                self.skipped += 1  # a torn last line after a crash; the others still count
        return out

    def record(self, submission: Submission) -> None:
        private_folder(self.path.parent)
        kept = {k: v for k, v in asdict(submission).items() if k in _KEPT}
        line = json.dumps(kept, sort_keys=True) + "\n"
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            os.write(fd, line.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)


def submit(
    bedrock: Bedrock,
    request: CreateModelCustomizationJobRequest,
    *,
    ledger: Ledger | None = None,
    profile: str | None = None,
) -> Outcome[Submission]:
    """Create the job once. Repeating the call for the same request returns the same job."""
    kwargs = submission_kwargs(request)
    token = kwargs["clientRequestToken"]
    region = bedrock.region or bedrock.session.region or ""
    endpoint = bedrock.session.target.endpoint_url or os.environ.get("AWS_ENDPOINT_URL", "")
    account = bedrock.session.account_id()
    if not isinstance(account, Ok):
        return account
    notes: list[str] = []
    if ledger is not None:
        try:
            earlier = ledger.find(token, account.value, region, endpoint)
        except OSError as error:
            earlier = None
            notes.append(f"could not read the submission ledger ({error}); the token still guards")
        if ledger.skipped:
            notes.append(f"{ledger.skipped} unreadable line(s) in {ledger.path} were skipped")
        if earlier is not None:
            return Ok(replace(earlier, repeated=True, warning="; ".join(notes) or None))
    created = bedrock.create_job(kwargs)
    if not isinstance(created, Ok):
        if not created.outcome_unknown:
            return created
        created = resolve_unknown(bedrock, kwargs, created)
        if not isinstance(created, Ok):
            return created
    submission = Submission(
        job_arn=created.value,
        job_name=kwargs["jobName"],
        token=token,
        account=account.value,
        region=region,
        endpoint=endpoint,
        submitted_at=datetime.now(UTC).isoformat(timespec="seconds"),
        profile=profile,
    )
    if ledger is not None:
        try:
            ledger.record(submission)
        except OSError as error:
            notes.append(
                f"the job was created, but ftui could not note it in {ledger.path} ({error});"
                " submitting this draft again is still safe: AWS answers with the same job"
            )
    return Ok(replace(submission, warning="; ".join(notes) or None))


def resolve_unknown(bedrock: Bedrock, kwargs: Mapping[str, Any], failure: AwsError) -> Outcome[str]:
    """After a create whose outcome is unknown: the job's ARN if it exists, else why not."""
    name, token = kwargs["jobName"], kwargs["clientRequestToken"]
    found = bedrock.get_job(name)
    if isinstance(found, Ok):
        if found.value.get("clientRequestToken") == token:
            return Ok(str(found.value["jobArn"]))
        return AwsError(
            "ConflictException",
            f"a job named {name!r} already exists, created from another request: change the"
            " job name",
            failure.operation,
            request_id=failure.request_id,
        )
    if found.code == "ResourceNotFoundException":
        return AwsError(
            failure.code,
            f"{failure.message}. AWS did not create the job (no job named {name!r} exists);"
            " submitting again is safe",
            failure.operation,
            failure.status,
            failure.request_id,
        )
    return AwsError(
        "OutcomeUnknown",
        f"{failure.message}. Whether job {name!r} was created is unknown: AWS could not be"
        f" asked ({found.code}). Look for it (ftui jobs --name {name}) when AWS answers again;"
        " submitting this draft again cannot make a second job (same idempotency token)",
        failure.operation,
        failure.status,
        failure.request_id,
    )
