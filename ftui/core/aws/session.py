"""The one place that makes boto3 clients, and turns every failure of a call into an AwsError.

Credentials come from boto3's standard chain (environment, ``~/.aws``, SSO, instance roles),
optionally a named AWS profile; the endpoint URL is the only thing that tells AWS from the local
emulator, and boto3 already honours ``AWS_ENDPOINT_URL`` and ``AWS_PROFILE``.

Every client this session makes:

- refuses mutating operations in read-only mode (:mod:`ftui.core.aws.policy`), before sending;
- checks each answer is one AWS could have sent (JSON where the protocol is JSON, the output
  shape's required members present), so a proxy's HTML page is an error, not "no jobs";
- gives up on a silent endpoint within bounded timeouts and botocore's standard retries.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from ftui.core.aws.clock import EndpointClock
from ftui.core.aws.errors import AwsError, Ok, Outcome
from ftui.core.aws.policy import ReadOnly, ReadOnlyRefusal, mutates

T = TypeVar("T")

USER_AGENT_APPID = "ftui"
# A call still unanswered after this long is said to be waiting (``on_slow``).
SLOW_AFTER_SECONDS = 3.0
_JSON_PROTOCOLS = frozenset({"json", "rest-json"})


@dataclass(frozen=True)
class Timeouts:
    """How long to wait for AWS: a hung endpoint fails in about a minute, not three.

    Worst case: ``attempts`` x (``connect`` or ``read``) plus botocore's backoff between them.
    """

    connect: float = 5.0
    read: float = 15.0
    attempts: int = 3


# AWS's codes for credentials it no longer (or never did) accept.
CREDENTIAL_CODES = frozenset(
    {
        "ExpiredToken",
        "ExpiredTokenException",
        "RequestExpired",
        "InvalidClientTokenId",
        "UnrecognizedClientException",
        "InvalidSignatureException",
        "SignatureDoesNotMatch",
    }
)
RENEW_CREDENTIALS = (
    "Renew your credentials: `aws sso login` (add `--profile NAME` for a named AWS profile)"
    " or new keys in the environment"
)


class MalformedResponse(Exception):
    """An answer that parsed, but is not one AWS could have sent for this operation."""


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
    is the endpoint's time, as its clients' responses tell it. ``on_slow`` hears the name of
    an operation still unanswered after :data:`SLOW_AFTER_SECONDS` (the CLI says it waits).
    """

    def __init__(
        self,
        target: AwsTarget | None = None,
        *,
        read_only: ReadOnly | None = None,
        timeouts: Timeouts | None = None,
        max_attempts: int | None = None,
        on_slow: Callable[[str], None] | None = None,
    ) -> None:
        self.target = target or AwsTarget()
        self.read_only = read_only
        timeouts = timeouts or Timeouts()
        if max_attempts is not None:
            timeouts = Timeouts(timeouts.connect, timeouts.read, max_attempts)
        self.timeouts = timeouts
        self.on_slow = on_slow
        self._lock = threading.Lock()
        self._session: Any = None
        self._clients: dict[tuple[str, str | None], Any] = {}
        self.clock = EndpointClock()

    def _boto_session(self) -> Any:
        if self._session is None:
            import boto3

            from ftui.core.aws import timestamps

            self._session = boto3.session.Session(profile_name=self.target.profile)
            timestamps.install(self._session)
        return self._session

    @property
    def loaded(self) -> bool:
        """Whether boto3's session has been made (and with it, botocore loaded)."""
        return self._session is not None

    def region_at_hand(self) -> str | None:
        """The region calls go to if it is known without loading boto3: the target's, or
        AWS_DEFAULT_REGION, which botocore reads before any config file. ``None``: ask
        :attr:`region`, which may have to read the AWS configuration."""
        return self.target.region or os.environ.get("AWS_DEFAULT_REGION") or None

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
                    retries={"mode": "standard", "max_attempts": self.timeouts.attempts},
                    connect_timeout=self.timeouts.connect,
                    read_timeout=self.timeouts.read,
                    user_agent_appid=USER_AGENT_APPID,
                )
                client = self._boto_session().client(
                    service,
                    region_name=region,
                    endpoint_url=self.target.endpoint_url,
                    config=config,
                )
                client.meta.events.register("before-call", self._guard)
                client.meta.events.register("after-call", self._check_answer)
                self._clients[key] = client
            return client

    def refusal(self, operation: str) -> AwsError | None:
        """The error read-only mode gives ``operation``, to tell a user before asking them."""
        if self.read_only is None or not mutates(operation):
            return None
        return AwsError("ReadOnly", self.read_only.refusal(operation), operation)

    def _guard(self, model: Any, **_: Any) -> None:
        """botocore's ``before-call`` event: nothing mutating leaves in read-only mode."""
        refused = self.refusal(model.name)
        if refused is not None:
            raise ReadOnlyRefusal(model.name, refused.message)

    def _check_answer(self, http_response: Any, parsed: Any, model: Any, **_: Any) -> None:
        """botocore's ``after-call`` event: take the endpoint's time; refuse a bogus answer.

        botocore reads a non-JSON body of a JSON protocol as ``{"message": body}`` and drops
        it, so a captive portal's HTML page would otherwise read as an empty, valid answer.
        """
        date = http_response.headers.get("Date")
        if date:
            self.clock.observe(date)
        if not 200 <= http_response.status_code < 300:
            return  # botocore raises the AWS error itself
        # A streamed body (GetObject) or event stream (ConverseStream) is the caller's to read:
        # touching ``content`` here would drain it (waiting for the stream's end), and the
        # caller would get 0 bytes of a file that has thousands, or no events.
        streamed = model.has_streaming_output or model.has_event_stream_output
        if model.service_model.protocol in _JSON_PROTOCOLS and not streamed:
            body = http_response.content
            if body and body.strip():
                try:
                    json.loads(body)
                except ValueError:
                    raise MalformedResponse(_describe_body(http_response)) from None
        shape = model.output_shape
        if shape is not None and isinstance(parsed, dict):
            missing = [m for m in shape.required_members if m not in parsed]
            if missing:
                raise MalformedResponse(f"it lacks {', '.join(missing)}")

    def account_id(self) -> Outcome[str]:
        """The account the credentials belong to (STS GetCallerIdentity)."""
        return self.call(
            "GetCallerIdentity", lambda: str(self.client("sts").get_caller_identity()["Account"])
        )

    def call(self, operation: str, fn: Callable[[], T]) -> Outcome[T]:
        """Run ``fn`` (which uses this session's clients) and return its value or an AwsError.

        Every failure is a value: a caller (a poll, a submit) must be able to go on and say
        what happened, whatever the endpoint did.
        """
        timer = None
        if self.on_slow is not None:
            timer = threading.Timer(SLOW_AFTER_SECONDS, self.on_slow, args=(operation,))
            timer.daemon = True
            timer.start()
        try:
            return Ok(fn())
        except Exception as error:  # botocore's exceptions share no base class worth naming
            return classify(error, operation) or unexpected(error, operation)
        finally:
            if timer is not None:
                timer.cancel()


def _describe_body(http_response: Any) -> str:
    kind = http_response.headers.get("Content-Type") or "no content type"
    return f"it is not JSON ({kind}, {len(http_response.content)} bytes)"


def unexpected(error: BaseException, operation: str) -> AwsError:
    """A failure nothing else names: a member our code expected was missing, or a bug."""
    if isinstance(error, KeyError | IndexError | TypeError | ValueError | AttributeError):
        return AwsError(
            "BadResponse",
            f"the answer to {operation or 'a call'} is not what AWS sends"
            f" ({type(error).__name__}: {error}); check the endpoint URL",
            operation,
        )
    return AwsError("Unexpected", f"{type(error).__name__}: {error}", operation)


def classify(error: BaseException, operation: str = "") -> AwsError | None:
    """The :class:`AwsError` for a boto3/botocore exception; ``None`` for anything else."""
    from botocore import exceptions as bx
    from botocore.parsers import ResponseParserError

    if isinstance(error, ReadOnlyRefusal):
        return AwsError("ReadOnly", str(error), error.operation or operation)
    if isinstance(error, MalformedResponse):
        return AwsError(
            "BadResponse",
            f"the answer to {operation or 'a call'} is not one AWS sends: {error};"
            " check the endpoint URL (--endpoint-url, AWS_ENDPOINT_URL) and any proxy",
            operation,
        )
    if isinstance(error, ResponseParserError):
        return AwsError(
            "BadResponse",
            f"the answer to {operation or 'a call'} could not be read: it is not one AWS"
            " sends; check the endpoint URL (--endpoint-url, AWS_ENDPOINT_URL) and any proxy",
            operation,
        )

    if isinstance(error, bx.ClientError):
        response = error.response
        err = response.get("Error", {})
        meta = response.get("ResponseMetadata", {})
        code = str(err.get("Code") or "ClientError")
        message = str(err.get("Message") or err.get("message") or code)
        if code in CREDENTIAL_CODES:
            message = f"{message.rstrip('.')}. {RENEW_CREDENTIALS}"
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
        return AwsError("ExpiredToken", f"{str(error).rstrip('.')}. {RENEW_CREDENTIALS}", operation)
    if isinstance(error, bx.ProfileNotFound):
        return AwsError("ProfileNotFound", f"{error} (see ~/.aws/config)", operation)
    if isinstance(error, bx.ConnectTimeoutError | bx.ReadTimeoutError):
        return AwsError("Timeout", str(error), operation)
    if isinstance(error, bx.EndpointConnectionError | bx.ConnectionError):
        return AwsError("EndpointConnectionError", str(error), operation)
    if isinstance(error, bx.HTTPClientError):  # e.g. the connection closed before an answer
        return AwsError("ConnectionClosed", str(error), operation)
    if isinstance(error, bx.ParamValidationError):
        return AwsError("ParamValidation", str(error).strip(), operation)
    if isinstance(error, bx.BotoCoreError):
        return AwsError("ClientError", str(error), operation)
    return None
