"""Where the account's model invocation logs go, for distillation from invocation logs."""

from __future__ import annotations

from dataclasses import dataclass

from ftui.core.aws.errors import Ok, Outcome
from ftui.core.aws.session import AwsSession
from ftui.core.resources.pages import Page

LOGGING = "bedrock-logging"


@dataclass(frozen=True)
class LogLocation:
    value: str  # s3://bucket/prefix/

    @property
    def cells(self) -> tuple[str, ...]:
        return (self.value, "invocation logging writes here")


def logging_location(session: AwsSession, region: str) -> Outcome[Page[LogLocation]]:
    """The S3 location of ``region``'s invocation logging, as a page of none or one.

    An error reads as "no logging configured": an account may not allow the call, and some
    endpoints lack it. The user can still browse S3 for the logs.
    """
    client = session.client("bedrock", region)

    def run() -> str | None:
        config = client.get_model_invocation_logging_configuration().get("loggingConfig") or {}
        s3 = config.get("s3Config") or {}
        bucket = s3.get("bucketName")
        if not bucket:
            return None
        prefix = str(s3.get("keyPrefix") or "")
        if prefix and not prefix.endswith("/"):
            prefix += "/"
        return f"s3://{bucket}/{prefix}"

    got = session.call("GetModelInvocationLoggingConfiguration", run)
    found = got.value if isinstance(got, Ok) else None
    return Ok(Page([LogLocation(found)] if found else []))
