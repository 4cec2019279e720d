"""The job a command names (its name or ARN), found in its region, or the exit code, said."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ftui.cli.common import err
from ftui.cli.exits import Exit
from ftui.core.aws.bedrock import Bedrock
from ftui.core.aws.errors import Ok
from ftui.core.aws.session import AwsSession


@dataclass(frozen=True)
class Found:
    region: str
    bedrock: Bedrock
    job: dict[str, Any]


def find_job(aws: AwsSession, job: str) -> Found | Exit:
    """GetModelCustomizationJob for ``job`` in the session's region (an ARN's own, if given)."""
    region = aws.region
    if region is None:
        err("error: no AWS region: pass the job's ARN, or --region, or set AWS_REGION")
        return Exit.UNUSABLE
    bedrock = Bedrock(aws, region)
    found = bedrock.get_job(job)
    if not isinstance(found, Ok):
        if found.code == "ResourceNotFoundException":
            err(f"error: no job {job!r} in {region} (pass its ARN, or --region)")
        else:
            err(f"error: {found.code}: {found.message}")
        return Exit.AWS
    return Found(region, bedrock, found.value)
