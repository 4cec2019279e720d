"""The one place that makes boto3 clients, and turns their exceptions into :class:`AwsError`.

Credentials come from boto3's standard chain (environment, ``~/.aws``, SSO, instance roles),
optionally a named AWS profile; the endpoint URL is the only thing that tells AWS from the local
emulator, and boto3 already honours ``AWS_ENDPOINT_URL`` and ``AWS_PROFILE``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from ftui.core.aws.clock import EndpointClock
from ftui.core.aws.errors import AwsError, Ok, Outcome

T = TypeVar("T")

USER_AGENT_APPID = "ftui"


@dataclass(frozen=True)
class AwsTarget:
    """Which AWS to talk to. ``None`` everywhere means boto3's defaults."""

    region: str | None = None
    profile: str | None = None
    endpoint_url: str | None = None

    def describe(self) -> str:
        parts = [self.region or "default region"]
        if self.profile:
            parts.append(f"profile {self.profile}")
        if self.endpoint_url:
            parts.append(self.endpoint_url)
        return ", ".join(parts)


class AwsSession:
    """A boto3 session and its clients, made on first use and shared between threads.

    boto3 clients are thread-safe, sessions are not: the lock guards creation only. ``clock``
    is the endpoint's time, as its clients' responses tell it.
    """

    def __init__(self, target: AwsTarget | None = None, *, max_attempts: int = 5) -> None:
        self.target = target or AwsTarget()
        self._max_attempts = max_attempts
        self._lock = threading.Lock()
        self._session: Any = None
        self._clients: dict[tuple[str, str | None], Any] = {}
        self.clock = EndpointClock()

    def _boto_session(self) -> Any:
        if self._session is None:
            import boto3

            self._session = boto3.session.Session(profile_name=self.target.profile)
        return self._session

    @property
    def region(self) -> str | None:
        """The region calls go to: the target's, else the AWS configuration's."""
        if self.target.region:
            return self.target.region
        with self._lock:
            try:
                region: str | None = self._boto_session().region_name
            except Exception:  # a missing AWS profile is reported by the first call instead
                return None
            return region

    def client(self, service: str, region: str | None = None) -> Any:
        from botocore.config import Config

        region = region or self.target.region
        key = (service, region)
        with self._lock:
            client = self._clients.get(key)
            if client is None:
                config = Config(
                    retries={"mode": "adaptive", "max_attempts": self._max_attempts},
                    connect_timeout=5,
                    read_timeout=30,
                    user_agent_appid=USER_AGENT_APPID,
                )
                client = self._boto_session().client(
                    service,
                    region_name=region,
                    endpoint_url=self.target.endpoint_url,
                    config=config,
                )
                client.meta.events.register("after-call", self._observe_date)
                self._clients[key] = client
            return client

    def _observe_date(self, http_response: Any, **_: Any) -> None:
        """botocore's ``after-call`` event: every response, error or not, carries the time."""
        date = http_response.headers.get("Date")
        if date:
            self.clock.observe(date)

    def account_id(self) -> Outcome[str]:
        """The account the credentials belong to (STS GetCallerIdentity)."""
        return self.call(
            "GetCallerIdentity", lambda: str(self.client("sts").get_caller_identity()["Account"])
        )

    def call(self, operation: str, fn: Callable[[], T]) -> Outcome[T]:
        """Run ``fn`` (which uses this session's clients) and return its value or an AwsError."""
        try:
            return Ok(fn())
        except Exception as error:  # botocore's exceptions share no base class worth naming
            failure = classify(error, operation)
            if failure is None:
                raise
            return failure


def classify(error: BaseException, operation: str = "") -> AwsError | None:
    """The :class:`AwsError` for a boto3/botocore exception; ``None`` for anything else."""
    from botocore import exceptions as bx

    if isinstance(error, bx.ClientError):
        response = error.response
        err = response.get("Error", {})
        meta = response.get("ResponseMetadata", {})
        code = str(err.get("Code") or "ClientError")
        message = str(err.get("Message") or err.get("message") or code)
        return AwsError(
            code=code,
            message=message,
            operation=operation,
            status=meta.get("HTTPStatusCode"),
            request_id=meta.get("RequestId"),
        )
    simple: list[tuple[type[BaseException], str, str]] = [
        (
            bx.NoCredentialsError,
            "NoCredentials",
            "no AWS credentials found: run `aws configure` or `aws sso login`, set"
            " AWS_PROFILE or pass --aws-profile (or try `ftui --demo`)",
        ),
        (bx.NoRegionError, "NoRegion", "no AWS region: pass --region or set AWS_REGION"),
    ]
    for kind, code, message in simple:
        if isinstance(error, kind):
            return AwsError(code, message, operation)
    token_errors = tuple(
        getattr(bx, name)
        for name in ("TokenRetrievalError", "SSOTokenLoadError", "UnauthorizedSSOTokenError")
        if hasattr(bx, name)
    )
    if token_errors and isinstance(error, token_errors):
        return AwsError("ExpiredToken", f"{error} (run `aws sso login` and try again)", operation)
    if isinstance(error, bx.ProfileNotFound):
        return AwsError("ProfileNotFound", f"{error} (see ~/.aws/config)", operation)
    if isinstance(error, bx.ConnectTimeoutError | bx.ReadTimeoutError):
        return AwsError("Timeout", str(error), operation)
    if isinstance(error, bx.EndpointConnectionError | bx.ConnectionError):
        return AwsError("EndpointConnectionError", str(error), operation)
    if isinstance(error, bx.ParamValidationError):
        return AwsError("ParamValidation", str(error).strip(), operation)
    if isinstance(error, bx.BotoCoreError):
        return AwsError("ClientError", str(error), operation)
    return None
