"""Faults on demand: AWS failing the way it fails, for tests, demos and scenario scripts.

A fault is switched on with ``ftui sim --fault SPEC`` (repeatable), or over HTTP:
``POST /_ftui/faults`` with ``{"faults": [SPEC or object, ...], "replace": false}`` adds faults
(one with the kind and target of an active one replaces it; ``"replace": true`` clears the
others first), ``GET /_ftui/faults`` lists them, ``DELETE /_ftui/faults`` clears them all.
Clearing ends a fault at once, even for a call it is holding. Faults apply to every service the
emulator serves, never to ``/_ftui/*`` or ``/moto-api/*``, nor to the emulator's calls to itself
(a simulated job reading its data from S3 is not a client's call).

SPEC grammar (also printed by ``ftui sim --fault help``)::

    SPEC    = KIND ["=" ARG] *(":" TARGET) *("," OPTION)
    TARGET  = SERVICE | OPERATION      bedrock, sts, s3 ... | ListModelCustomizationJobs ...
    OPTION  = "count=" N | "p=" P      the next N matching calls | each with probability P

    throttle                  5xx=503:sts,p=0.2
    slow=3s:bedrock           access-denied:StopModelCustomizationJob
    timeout                   drop=after:CreateModelCustomizationJob,count=1

The object form of a fault is ``{"kind", "value", "service", "operation", "count",
"probability"}``, all but ``kind`` optional (``value`` is the ARG).
"""

from __future__ import annotations

import difflib
import random
import re
import textwrap
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from ftui.sim.operations import PROTOCOLS, AwsRequest, service_model

SLOW_SECONDS = 3.0
# Longer than any sane read timeout (botocore's default is 60 s), short enough to end by itself.
TIMEOUT_SECONDS = 120.0

KINDS: dict[str, str] = {
    "throttle": "ThrottlingException, 429 (STS, IAM: Throttling; EC2: RequestLimitExceeded;"
    " S3: SlowDown)",
    "5xx": "=500 (default) InternalServerException; =503 ServiceUnavailableException",
    "slow": "=DURATION (default 3s): the real answer, that much later (500ms, 3s, 2m)",
    "timeout": "=DURATION (default 120s): no answer until the fault is cleared or DURATION"
    " passed, then the connection closes; the call is not served",
    "drop": "=before (default): the connection closes without an answer, the call not served;"
    " =after: served, then closed (it took effect, its answer is lost)",
    "expired-credentials": "ExpiredTokenException (STS, IAM, S3: ExpiredToken; EC2:"
    " RequestExpired)",
    "invalid-credentials": "UnrecognizedClientException (STS, IAM: InvalidClientTokenId;"
    " S3: InvalidAccessKeyId; EC2: AuthFailure)",
    "bad-signature": "InvalidSignatureException (STS, IAM, S3, EC2: SignatureDoesNotMatch)",
    "access-denied": "AccessDeniedException (STS, IAM, S3: AccessDenied; EC2:"
    " UnauthorizedOperation)",
    "malformed": "=html (default): 200 with an HTML page; =empty: 200 with {}; =truncated:"
    " the real answer cut in half (the call took effect)",
}
_ARGS: dict[str, tuple[str, ...]] = {
    "5xx": ("500", "503"),
    "drop": ("before", "after"),
    "malformed": ("html", "empty", "truncated"),
}
_TIMED = ("slow", "timeout")

FAULT_HELP = (
    "Faults for `ftui sim --fault SPEC` (repeatable) and POST /_ftui/faults:\n\n"
    "  SPEC = KIND[=ARG][:TARGET]...[,count=N][,p=P]\n\n"
    + "\n".join(
        textwrap.fill(text, 96, initial_indent=f"  {kind:<20} ", subsequent_indent=" " * 23)
        for kind, text in KINDS.items()
    )
    + "\n\n"
    "  TARGET  a service (lower case: bedrock, sts, s3, iam, ec2, kms, lambda) or an operation\n"
    "          (CamelCase, e.g. ListModelCustomizationJobs); without one, every call\n"
    "  count=N only the next N matching calls, then the fault ends\n"
    "  p=P     each matching call with probability P (0 < P <= 1)\n\n"
    "Examples:\n"
    "  ftui sim --fault throttle:ListModelCustomizationJobs,count=3\n"
    "  ftui sim --fault slow=5s:bedrock --fault 5xx=503:sts,p=0.2\n"
    '  curl -X POST http://127.0.0.1:PORT/_ftui/faults -d \'{"faults": ["drop"]}\'\n'
    "  curl -X DELETE http://127.0.0.1:PORT/_ftui/faults     (ends them all)\n"
)


class FaultSpecError(ValueError):
    """A fault that cannot be understood; the message says what would be."""


@dataclass(eq=False)
class Fault:
    kind: str
    value: str | None = None
    service: str | None = None
    operation: str | None = None
    count: int | None = None  # calls left; None: until cleared
    probability: float | None = None
    ended: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def seconds(self) -> float:
        default = SLOW_SECONDS if self.kind == "slow" else TIMEOUT_SECONDS
        return _duration(self.value) if self.value else default

    @property
    def spec(self) -> str:
        text = self.kind + (f"={self.value}" if self.value else "")
        text += "".join(f":{t}" for t in (self.service, self.operation) if t)
        if self.count is not None:
            text += f",count={self.count}"
        if self.probability is not None:
            text += f",p={self.probability:g}"
        return text

    def target(self) -> tuple[str, str | None, str | None]:
        return self.kind, self.service, self.operation

    def matches(self, request: AwsRequest) -> bool:
        return (self.service is None or self.service == request.service) and (
            self.operation is None or self.operation == request.operation
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "spec": self.spec,
            "kind": self.kind,
            "value": self.value,
            "service": self.service,
            "operation": self.operation,
            "count": self.count,
            "probability": self.probability,
        }


def parse_fault(text: str) -> Fault:
    """A fault from its SPEC; FaultSpecError says what is wrong with one."""
    head, *options = text.strip().split(",")
    name, *targets = head.split(":")
    kind, eq, value = name.partition("=")
    fault = Fault(kind.strip(), value.strip() if eq else None)
    for target in (t.strip() for t in targets):
        if re.fullmatch(r"[a-z][a-z0-9-]*", target):
            fault.service = target
        elif re.fullmatch(r"[A-Z][A-Za-z0-9]*", target):
            fault.operation = target
        else:
            raise FaultSpecError(
                f"{target!r} in {text!r} is neither a service (lower case, e.g. bedrock) nor an"
                " operation (CamelCase, e.g. ListModelCustomizationJobs)"
            )
    for option in options:
        key, _, number = option.strip().partition("=")
        if key == "count":
            fault.count = _number(int, number, text)
        elif key == "p":
            fault.probability = _number(float, number, text)
        else:
            raise FaultSpecError(f"unknown option {option!r} in {text!r}: count=N or p=P")
    return checked(fault)


def fault_from_json(item: Any) -> Fault:
    """A fault from a SPEC string or its object form."""
    if isinstance(item, str):
        return parse_fault(item)
    if not isinstance(item, dict) or not isinstance(item.get("kind"), str):
        raise FaultSpecError('a fault is a SPEC string or an object with a "kind"')
    unknown = set(item) - {"kind", "value", "service", "operation", "count", "probability"}
    if unknown:
        raise FaultSpecError(f"unknown member(s) {sorted(unknown)} of a fault")
    for key in ("service", "operation"):
        if item.get(key) is not None and not isinstance(item[key], str):
            raise FaultSpecError(f"{key} must be a string")
    value = item.get("value")
    if value is not None and (isinstance(value, bool) or not isinstance(value, str | int | float)):
        raise FaultSpecError("value must be a string or a number")
    count, probability = item.get("count"), item.get("probability")
    if count is not None and (isinstance(count, bool) or not isinstance(count, int)):
        raise FaultSpecError("count must be a whole number")
    if probability is not None and (
        isinstance(probability, bool) or not isinstance(probability, int | float)
    ):
        raise FaultSpecError("probability must be a number")
    return checked(
        Fault(
            item["kind"],
            None if value is None else str(value),
            item.get("service"),
            item.get("operation"),
            count,
            None if probability is None else float(probability),
        )
    )


def checked(fault: Fault) -> Fault:
    if fault.kind not in KINDS:
        raise FaultSpecError(f"unknown fault {fault.kind!r}{_close(fault.kind, list(KINDS))}")
    if fault.value is not None:
        if fault.kind in _TIMED:
            _duration(fault.value)
        elif fault.value not in _ARGS.get(fault.kind, ()):
            allowed = _ARGS.get(fault.kind)
            raise FaultSpecError(
                f"{fault.kind} takes {'|'.join(allowed)}, not {fault.value!r}"
                if allowed
                else f"{fault.kind} takes no value"
            )
    if fault.count is not None and fault.count < 1:
        raise FaultSpecError("count must be at least 1")
    if fault.probability is not None and not 0 < fault.probability <= 1:
        raise FaultSpecError("p must be more than 0 and at most 1")
    if fault.service is not None and service_model(fault.service) is None:
        raise FaultSpecError(f"unknown service {fault.service!r}{_close(fault.service, PROTOCOLS)}")
    if fault.operation is not None:
        _check_operation(fault.service, fault.operation)
    return fault


def _check_operation(service: str | None, operation: str) -> None:
    """A misspelt operation would match nothing, silently: refuse it, suggesting the name."""
    names: list[str] = []
    for each in [service] if service else list(PROTOCOLS):
        model = service_model(each)
        if model is not None:
            if operation in model.operation_names:
                return
            names += model.operation_names
    where = f" of {service}" if service else ""
    raise FaultSpecError(f"unknown operation {operation!r}{where}{_close(operation, names)}")


def _close(word: str, choices: Iterable[str]) -> str:
    found = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {found[0]!r}?)" if found else f"; one of: {', '.join(choices)}"


def _number(kind: type[int] | type[float], text: str, spec: str) -> Any:
    try:
        return kind(text)
    except ValueError:
        raise FaultSpecError(f"{text!r} in {spec!r} is not a number") from None


def _duration(text: str) -> float:
    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*", text)
    if not found:
        raise FaultSpecError(f"{text!r} is not a duration: 500ms, 3s, 2m or a number of seconds")
    seconds = float(found[1]) * {"ms": 0.001, "s": 1.0, "m": 60.0, None: 1.0}[found[2]]
    if seconds > 3600:
        raise FaultSpecError("a fault holds a call for an hour at most")
    return seconds


class FaultRegistry:
    """The active faults, in the order they were added; the first that applies wins."""

    def __init__(self, seed: int = 0) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._holding: set[Fault] = set()
        self._rng = random.Random(seed)

    def add(self, faults: Iterable[Fault], *, replace_all: bool = False) -> None:
        with self._lock:
            if replace_all:
                self._end(self._faults)
                self._faults = []
            for fault in faults:
                same = [f for f in self._faults if f.target() == fault.target()]
                self._end(same)
                self._faults = [f for f in self._faults if f not in same] + [fault]

    def remove(self, faults: Iterable[Fault]) -> None:
        """End these faults, if still active, and release the calls they hold."""
        with self._lock:
            gone = set(faults)
            self._end(gone)
            self._faults = [f for f in self._faults if f not in gone]

    def clear(self) -> None:
        """End every fault, releasing the calls they hold."""
        with self._lock:
            self._end([*self._faults, *self._holding])
            self._faults = []

    def active(self) -> list[Fault]:
        with self._lock:
            return [replace(f) for f in self._faults]

    def take(self, request: AwsRequest) -> Fault | None:
        """The fault ``request`` gets, counted as used, or ``None``."""
        with self._lock:
            for fault in self._faults:
                if not fault.matches(request):
                    continue
                if fault.probability is not None and self._rng.random() >= fault.probability:
                    continue
                if fault.count is not None:
                    fault.count -= 1
                    if fault.count <= 0:
                        self._faults.remove(fault)
                return fault
            return None

    def hold(self, fault: Fault) -> None:
        """Wait ``fault.seconds``, or until the fault is cleared."""
        with self._lock:
            if fault.ended.is_set():
                return
            self._holding.add(fault)
        try:
            fault.ended.wait(fault.seconds)
        finally:
            with self._lock:
                self._holding.discard(fault)

    @staticmethod
    def _end(faults: Iterable[Fault]) -> None:
        for fault in faults:
            fault.ended.set()
