"""``--wait``: follow a deployment, a Provisioned Throughput or a deployment's update until it
is ready or has failed, a line on stderr per change. Ctrl+C stops the waiting, never what is
being made (exit 130).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from typing import Any, Literal

from ftui.cli.common import err
from ftui.cli.exits import Exit
from ftui.cli.interrupt import interruptible
from ftui.core.aws.errors import Ok, Outcome
from ftui.core.aws.serving import Serving
from ftui.core.polling import Schedule
from ftui.core.settings import load_settings

Followed = Literal["deployment", "throughput", "update"]

# The states each thing ends in, and the one of them that is success.
_READY: dict[Followed, str] = {
    "deployment": "Active",
    "throughput": "InService",
    "update": "UpdateCompleted",
}
_FAILED: dict[Followed, str] = {
    "deployment": "Failed",
    "throughput": "Failed",
    "update": "UpdateFailed",
}


def state_of(followed: Followed, detail: dict[str, Any]) -> str:
    """The status a wait follows; an update no longer pending has completed."""
    if followed == "update":
        return str((detail.get("updateDetails") or {}).get("updateStatus") or "UpdateCompleted")
    return str(detail.get("status", "unknown"))


def _reader(serving: Serving, followed: Followed) -> Callable[[str], Outcome[dict[str, Any]]]:
    return serving.throughput if followed == "throughput" else serving.deployment


def wait_for(serving: Serving, kind: Followed, arn: str) -> int:
    """Poll ``arn`` until it is ready (0) or failed (3); Ctrl+C: 130 and it goes on."""
    read = _reader(serving, kind)
    schedule = Schedule(interval=load_settings().refresh_interval)
    said: str | None = None
    with interruptible() as interrupt:
        while True:
            answer = read(arn)
            stamp = serving.session.clock.now().astimezone(UTC).strftime("%H:%M:%S")
            if isinstance(answer, Ok):
                state = state_of(kind, answer.value)
                if state != said:
                    change = f"{said} -> {state}" if said else state
                    err(f"{stamp} {change}")
                    said = state
                if state == _READY[kind]:
                    return Exit.OK
                if state == _FAILED[kind]:
                    reason = answer.value.get("failureMessage") or "AWS gave no reason"
                    err(f"failed: {reason}")
                    return Exit.AWS
                delay = schedule.succeeded(active=True)
            else:
                err(f"{stamp} error: {answer.code}: {answer.message}")
                delay = schedule.failed()
            if interrupt.stop.wait(delay):
                err("stopped waiting; it goes on: ftui deployments list shows it")
                return interrupt.code or Exit.OK
