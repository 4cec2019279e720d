"""Submitting a request so that no retry, double key press or second run makes a second job.

Two guards:

1. The ``clientRequestToken`` is derived from the request itself, so the same draft revision
   always carries the same token and AWS returns the existing job for a repeated call (botocore
   would otherwise make up a new random token each time).
2. A local ledger remembers what was submitted to which account, region and endpoint;
   submitting the same revision there again answers from it without creating anything.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ftui.core import paths
from ftui.core.aws.bedrock import Bedrock
from ftui.core.aws.errors import Ok, Outcome
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


class Ledger:
    """``submissions.jsonl`` in the state folder: one JSON line per job ftui created."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.state_dir() / "submissions.jsonl"

    def find(self, token: str, account: str, region: str, endpoint: str) -> Submission | None:
        key = (token, account, region, endpoint)
        for entry in self.entries():
            if (entry.token, entry.account, entry.region, entry.endpoint) == key:
                return entry
        return None

    def entries(self) -> list[Submission]:
        try:
            lines = self.path.read_text("utf-8").splitlines()
        except FileNotFoundError:
            return []
        out = []
        for line in lines:
            try:
                out.append(Submission(**json.loads(line)))
            except (ValueError, TypeError):
                continue  # a torn last line after a crash; the others still count
        return out

    def record(self, submission: Submission) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        line = json.dumps(asdict(submission), sort_keys=True) + "\n"
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
    if ledger is not None:
        earlier = ledger.find(token, account.value, region, endpoint)
        if earlier is not None:
            return Ok(Submission(**{**asdict(earlier), "repeated": True}))
    created = bedrock.create_job(kwargs)
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
        ledger.record(submission)
    return Ok(submission)
