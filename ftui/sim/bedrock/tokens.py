"""Client request tokens: a retried create answers with what the first one made.

A token names one request for eight hours: the same body again gets the first answer's ARN.
A different body under the same token is a ConflictException for a job (botocore lists it);
for a deployment or a throughput, whose errors list none, AWS's IdempotencyToken documentation
applies: the request is ignored and the first answer given. Tokens are kept per operation, so
a job's token and a deployment's never meet.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from ftui.sim.bedrock.model import IDEMPOTENCY_WINDOW, RegionState, ServiceError


def _key(operation: str, token: str) -> str:
    return f"{operation} {token}"  # a token cannot hold a space: no two keys collide


def fingerprint(body: dict[str, Any]) -> str:
    rest = {k: v for k, v in body.items() if k != "clientRequestToken"}
    return hashlib.sha256(json.dumps(rest, sort_keys=True).encode()).hexdigest()


def earlier(
    state: RegionState,
    operation: str,
    body: dict[str, Any],
    now: datetime,
    *,
    conflict: bool = True,
) -> str | None:
    """The ARN this token's request made, within the window; another body under the token is a
    ConflictException when ``conflict``, else ignored."""
    token = str(body.get("clientRequestToken") or "")
    found = state.tokens.get(_key(operation, token)) if token else None
    if found is None or now - found[2] >= IDEMPOTENCY_WINDOW:
        return None
    if found[0] == fingerprint(body) or not conflict:
        return found[1]
    raise ServiceError(
        "ConflictException",
        "The client request token was already used with a different request; reuse"
        " a token only to retry the identical request.",
    )


def remember(
    state: RegionState, operation: str, body: dict[str, Any], arn: str, now: datetime
) -> None:
    token = str(body.get("clientRequestToken") or "")
    if token:
        state.tokens[_key(operation, token)] = (fingerprint(body), arn, now)
