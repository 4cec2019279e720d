"""``ftui try TARGET PROMPT``: ask a deployed custom model, and with ``--base`` its base model too,
to see what the training changed.

TARGET is a custom model (served by its Active deployment, else its InService Provisioned
Throughput) or one of those by name or ARN. The answer streams to stdout as it comes; tokens and
latency follow on stderr. ``--json`` prints one object once both have answered::

    {"model": REPLY | {"error": {"code", "message"}},
     "base": REPLY | {"error": {...}} | null}

    REPLY: {"modelId", "text", "stopReason", "inputTokens", "outputTokens", "latencyMs",
            "firstTextAfter" (null: --json asks for the whole answer, so there is no first
            text to time), "took" (seconds, ftui's measure)}
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from typing import Any

from ftui.cli.common import err, out, session
from ftui.cli.exits import Exit
from ftui.cli.interrupt import interruptible
from ftui.cli.models import json_text
from ftui.cli.serving_lookup import (
    FoundModel,
    looked_in,
    lookup_model,
    lookup_server,
    servers_of,
)
from ftui.core.aws.bedrock import region_of_arn
from ftui.core.aws.errors import AwsError, Ok, Outcome
from ftui.core.aws.runtime import STOPPED, Prompt, Reply, Runtime
from ftui.core.aws.session import AwsSession
from ftui.core.catalog import load_catalog
from ftui.core.custom_models.offer import base_model_id
from ftui.core.custom_models.usage import ANSWERS_WHEN, answering
from ftui.core.safe_text import safe_text


# The state in which each kind of server answers.
@dataclass(frozen=True)
class Asked:
    """A model to send the prompt to: the ID Converse takes, and its name for people."""

    model_id: str
    label: str


@dataclass(frozen=True)
class Target:
    region: str
    custom: Asked
    base: Asked | None  # None: the base model is not known


def run_try(args: argparse.Namespace) -> int:
    text = sys.stdin.read() if args.prompt == "-" else args.prompt
    if not text.strip():
        err("error: the prompt is empty")
        return Exit.UNUSABLE
    prompt = Prompt(text, system=args.system, max_tokens=args.max_tokens)
    aws = session(args, region_of_arn(args.target))
    target = _target(args, aws)
    if isinstance(target, Exit):
        return target
    if args.base and target.base is None:
        err("error: the base model of this custom model is not known; try without --base")
        return Exit.UNUSABLE
    runtime = Runtime(aws, target.region)
    asked = [target.custom, *([target.base] if args.base and target.base else [])]
    if args.json:
        return _json(runtime, prompt, asked, args.base)
    return _stream(runtime, prompt, asked)


# --- what answers -------------------------------------------------------------------------------


def _target(args: argparse.Namespace, aws: AwsSession) -> Target | Exit:
    """The custom model's server and its base, or the exit code, said."""
    model = lookup_model(args, aws, args.target) if _may_be_model(args.target) else None
    if isinstance(model, AwsError):
        return _aws_failed(model)
    if isinstance(model, FoundModel):
        return _served(model)
    server = lookup_server(args, aws, args.target)
    if isinstance(server, AwsError):
        return _aws_failed(server)
    if server is None:
        looked = ", ".join(looked_in(args.target, args, aws))
        err(
            f"error: no custom model, deployment or Provisioned Throughput {args.target!r} in"
            f" {looked} (pass its ARN, or --region; ftui models list shows them)"
        )
        return Exit.AWS
    status = str(server.detail.get("status", "unknown"))
    if status != ANSWERS_WHEN[server.kind]:
        ready = ANSWERS_WHEN[server.kind]
        err(f"error: {server.name} is {status}; it answers once it is {ready}")
        return Exit.INVALID
    served = server.serving.get_model(server.model_arn)
    base = _base(served.value) if isinstance(served, Ok) else None
    name = str(served.value.get("modelName")) if isinstance(served, Ok) else server.model_arn
    return Target(server.region, Asked(server.arn, f"{name} ({server.kind} {server.name})"), base)


def _may_be_model(identifier: str) -> bool:
    """Whether ``identifier`` may name a custom model (a deployment's ARN cannot)."""
    return region_of_arn(identifier) is None or ":custom-model/" in identifier


def _served(model: FoundModel) -> Target | Exit:
    """What serves ``model`` now: an Active deployment first, else an InService throughput."""
    using = servers_of(model.serving, model.arn)
    if not isinstance(using, Ok):
        return _aws_failed(using)
    ready = answering(using.value)
    if ready is not None:
        label = f"{model.name} ({ready.kind} {ready.name})"
        return Target(model.region, Asked(ready.arn, label), _base(model.model))
    if using.value:
        waiting = "; ".join(s.label for s in using.value)
        err(f"error: nothing serves {model.name} yet: {waiting}. ftui deployments list follows it")
    else:
        err(f"error: {model.name} is not deployed: ftui deploy {model.name}")
    return Exit.INVALID


def _base(model: dict[str, Any]) -> Asked | None:
    catalog = load_catalog()
    base_id = base_model_id(model, catalog)
    if base_id is None:
        return None
    base = catalog.model(base_id)
    if base is None:
        return Asked(base_id, base_id)
    return Asked(base.invocation_id, f"{base.name} ({base.invocation_id})")


def _aws_failed(failure: AwsError) -> Exit:
    err(f"error: {failure.code}: {failure.message}")
    return Exit.AWS


# --- asking -------------------------------------------------------------------------------------


def _count(number: int | None, word: str) -> str:
    if number is None:
        return f"? {word}s"
    return f"{number} {word}{'' if number == 1 else 's'}"


def _usage(asked: Asked, reply: Reply) -> str:
    """Tokens and latency; an answer that did not end on its own says why it ended."""
    if reply.stop_reason == STOPPED:
        return f"{asked.label}: stopped by you after {reply.took:.2f} s"
    latency = f"{reply.latency_ms} ms" if reply.latency_ms is not None else "? ms"
    cut = f"; cut: {reply.stop_reason}" if reply.stop_reason not in (None, "end_turn") else ""
    return (
        f"{asked.label}: {_count(reply.input_tokens, 'token')} in,"
        f" {_count(reply.output_tokens, 'token')} out; latency {latency}"
        f" (answered in {reply.took:.2f} s){cut}"
    )


def _write(text: str) -> None:
    """Model text as it comes, safe to a terminal (see ``common.out``)."""
    if sys.stdout.isatty():
        text = safe_text(text, multiline=True)
    sys.stdout.write(text)
    sys.stdout.flush()


def _stream(runtime: Runtime, prompt: Prompt, asked: list[Asked]) -> int:
    """Each answer streamed, under a heading when there are two; Ctrl+C stops (130)."""
    lines: list[str] = []
    code: int = Exit.OK
    with interruptible() as interrupt:
        for index, one in enumerate(asked):
            if len(asked) > 1:
                _write(("\n" if index else "") + f"== {one.label} ==\n")
            answer = runtime.converse_stream(one.model_id, prompt, _write, interrupt.stop)
            _write("\n")
            if not isinstance(answer, Ok):
                err(f"error: {one.label}: {answer.code}: {answer.message}")
                code = Exit.AWS
                continue
            lines.append(_usage(one, answer.value))
            if answer.value.stop_reason == STOPPED:
                break
    for line in lines:
        err(line)
    return interrupt.code or code


def _json(runtime: Runtime, prompt: Prompt, asked: list[Asked], base: bool) -> int:
    answers = [(one, runtime.converse(one.model_id, prompt)) for one in asked]
    shown = [_reply_json(one, answer) for one, answer in answers]
    out(json_text({"model": shown[0], "base": shown[1] if base else None}))
    return Exit.OK if all(isinstance(a, Ok) for _, a in answers) else Exit.AWS


def _reply_json(asked: Asked, answer: Outcome[Reply]) -> dict[str, Any]:
    if not isinstance(answer, Ok):
        return {"error": {"code": answer.code, "message": answer.message}}
    reply = answer.value
    return {
        "modelId": asked.model_id,
        "text": reply.text,
        "stopReason": reply.stop_reason,
        "inputTokens": reply.input_tokens,
        "outputTokens": reply.output_tokens,
        "latencyMs": reply.latency_ms,
        "firstTextAfter": reply.first_text_after,
        "took": reply.took,
    }
