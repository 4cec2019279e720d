"""What every check reads: the draft, the region, the account, and one way to call AWS."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ftui.core import kinds
from ftui.core.aws.errors import Outcome
from ftui.core.aws.session import AwsSession
from ftui.core.catalog import Catalog
from ftui.core.dataset import ReportCache
from ftui.core.draft import Draft
from ftui.core.preflight.result import Field
from ftui.core.s3_uris import split_s3_uri

T = TypeVar("T")

TRAINING: Field = ("trainingDataConfig", "s3Uri")
LOGS: Field = (
    "trainingDataConfig",
    "invocationLogsConfig",
    "invocationLogSource",
    "s3Uri",
)
VALIDATORS: Field = ("validationDataConfig", "validators")
OUTPUT: Field = ("outputDataConfig", "s3Uri")

# IAM is global: its calls go to its one endpoint, not the job's region.
GLOBAL_SERVICES = frozenset({"iam"})


class Answers:
    """AWS answers more than one check reads, each asked once per run, whichever check asks
    first (the checks run in parallel: a second asker waits for the first's answer)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._answers: dict[str, Any] = {}

    def once(self, name: str, ask: Callable[[], Outcome[T]]) -> Outcome[T]:
        with self._lock:
            lock = self._locks.setdefault(name, threading.Lock())
        with lock:
            if name not in self._answers:
                self._answers[name] = ask()
            answer: Outcome[T] = self._answers[name]
            return answer


@dataclass(frozen=True)
class Context:
    session: AwsSession
    draft: Draft
    region: str
    catalog: Catalog
    account: str | None  # the caller's account (STS), else the role ARN's
    who: str  # the caller as "may not call" names it: an ARN, or "your credentials"
    answers: Answers = field(default_factory=Answers, compare=False)
    # Reports of data sets already checked (the wizard's data step): an unchanged object is not
    # read again.
    reports: ReportCache | None = field(default=None, compare=False)

    @property
    def kind(self) -> str:
        return kinds.kind_of(self.draft.request)

    def text(self, path: Field) -> str | None:
        """The draft's non-empty string at ``path``; None for anything else."""
        return text_of(self.draft, path)

    def reads(self) -> list[tuple[Field, str]]:
        return reads(self.draft)

    def writes(self) -> list[tuple[Field, str]]:
        return writes(self.draft)

    def call(
        self,
        service: str,
        operation: str,
        fn: Callable[[Any], T],
        *,
        region: str | None = None,
    ) -> Outcome[T]:
        """``fn(client)`` through the session: its value, or the AwsError of ``service:operation``.

        ``fn`` reads what it needs from the answer itself, so an answer missing a member is an
        error of the call (BadResponse), not an exception in a worker thread.
        """
        where = None if service in GLOBAL_SERVICES else (region or self.region)
        return self.session.call(
            f"{service}:{operation}", lambda: fn(self.session.client(service, where))
        )


def text_of(draft: Draft, path: Field) -> str | None:
    """The draft's non-empty string at ``path`` (for planning, before a Context exists)."""
    value = draft.get(path)
    return value if isinstance(value, str) and value.strip() else None


def s3_uri(draft: Draft, path: Field) -> str | None:
    """The draft's s3:// URI at ``path`` if it names a bucket; None for anything else."""
    uri = text_of(draft, path)
    if uri is None:
        return None
    try:
        split_s3_uri(uri)
    except ValueError:
        return None
    return uri


def reads(draft: Draft) -> list[tuple[Field, str]]:
    """The locations the job reads: training data, invocation logs, validation data."""
    paths: list[Field] = [TRAINING, LOGS]
    validators = draft.get(VALIDATORS)
    if isinstance(validators, list):
        paths += [(*VALIDATORS, i, "s3Uri") for i in range(len(validators))]
    return [(p, uri) for p in paths if (uri := s3_uri(draft, p)) is not None]


def writes(draft: Draft) -> list[tuple[Field, str]]:
    """The location the job writes its output to."""
    uri = s3_uri(draft, OUTPUT)
    return [] if uri is None else [(OUTPUT, uri)]
