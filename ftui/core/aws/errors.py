"""AWS failures as values: the error code and message AWS gave, never a traceback."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

THROTTLING = frozenset(
    {
        "ThrottlingException",
        "Throttling",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "SlowDown",
    }
)
# Failures where the same call may succeed a moment later.
TRANSIENT = THROTTLING | {
    "InternalServerException",
    "ServiceUnavailableException",
    "EndpointConnectionError",
    "ConnectionClosed",
    "Timeout",
}


# Failures after which a mutating call may or may not have happened: AWS may have acted on the
# request and the answer been lost, or the answer been unreadable.
OUTCOME_UNKNOWN = frozenset(
    {
        "EndpointConnectionError",
        "ConnectionClosed",
        "Timeout",
        "BadResponse",
        "Unexpected",
        "OutcomeUnknown",
    }
)


MESSAGE_LIMIT = 4096
NOT_ABOUT_THE_REQUEST = OUTCOME_UNKNOWN | {"ReadOnly", "ConflictException"}


@dataclass(frozen=True)
class Ok(Generic[T]):
    value: T


@dataclass(frozen=True)
class AwsError:
    """A failed AWS call.

    ``code`` is AWS's error code (``ValidationException``, ``ConflictException`` ...) or, for a
    failure before AWS answered, one of ftui's: ``NoCredentials``, ``ExpiredToken``,
    ``ProfileNotFound``, ``NoRegion``, ``EndpointConnectionError``, ``Timeout``,
    ``ConnectionClosed``, ``ParamValidation``, ``ClientError``, ``ReadOnly`` (refused before
    sending), ``BadResponse`` (an answer AWS would not send), ``OutcomeUnknown``, ``Unexpected``.
    """

    code: str
    message: str
    operation: str = ""
    status: int | None = None
    request_id: str | None = None

    def __post_init__(self) -> None:
        # AWS's messages are a few hundred characters; an endpoint's may be megabytes.
        if len(self.message) > MESSAGE_LIMIT:
            object.__setattr__(self, "message", self.message[: MESSAGE_LIMIT - 1] + "…")

    @property
    def throttled(self) -> bool:
        return self.code in THROTTLING

    @property
    def transient(self) -> bool:
        return self.code in TRANSIENT or (self.status is not None and self.status >= 500)

    @property
    def outcome_unknown(self) -> bool:
        """Whether AWS may have done what was asked although the call failed."""
        return self.code in OUTCOME_UNKNOWN or (self.status is not None and self.status >= 500)

    @property
    def field(self) -> tuple[str, ...] | None:
        """The request field the message is about, where it names or implies one.

        None for failures of the call rather than the request (a lost answer, throttling,
        read-only mode): their words may name a field without being about it.
        """
        if self.code in NOT_ABOUT_THE_REQUEST or self.transient:
            return None
        return field_of(self.message)

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


Outcome = Ok[T] | AwsError

_AT_FIELD = re.compile(r"at '([A-Za-z][A-Za-z0-9_.\[\]]*)'")
_HINTS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), loc)
    for pattern, loc in (
        (r"assume provided IAM role|iam:PassRole|\brole\b", ("roleArn",)),
        (r"PutObject|output (data|location|bucket)", ("outputDataConfig", "s3Uri")),
        (r"validation data|validator", ("validationDataConfig",)),
        (
            r"GetObject|training data|Unable to parse Amazon S3 file",
            ("trainingDataConfig", "s3Uri"),
        ),
        (r"job name|jobName", ("jobName",)),
        (r"custom model name|customModelName|model with the name", ("customModelName",)),
        (r"teacher", ("customizationConfig", "distillationConfig")),
        (r"lambda|grader", ("customizationConfig", "rftConfig")),
        (r"\bKMS\b|kms key", ("customModelKmsKeyId",)),
        (r"subnet|security group|\bVPC\b", ("vpcConfig",)),
        (r"hyper ?parameter", ("hyperParameters",)),
        (r"base model|model identifier|foundation model", ("baseModelIdentifier",)),
    )
)


def field_of(message: str) -> tuple[str, ...] | None:
    """The field in ``Value 'x' at 'trainingDataConfig.s3Uri' failed...``, as a loc tuple."""
    found = _AT_FIELD.search(message)
    if found:
        parts = re.split(r"[.\[\]]+", found[1])
        return tuple(p for p in parts if p and not p.isdigit()) or None
    for pattern, loc in _HINTS:
        if pattern.search(message):
            return loc
    return None
