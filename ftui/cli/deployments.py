"""``ftui deployments list`` and ``ftui undeploy``: what serves custom models, and removing it.

``deployments list --json`` prints one array, an object per deployment or throughput::

    {"kind": "deployment" | "provisioned throughput", "name", "arn", "region", "status",
     "modelArn", "modelName" (null: not among the region's custom models), "created" (ISO 8601),
     "modelUnits", "commitmentDuration", "commitmentExpirationTime" (null for a deployment)}
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from typing import Any

from ftui.cli.common import confirm, err, out, session
from ftui.cli.exits import Exit
from ftui.cli.models import json_text, table
from ftui.cli.serving_lookup import FoundServer, find_server, watched_regions
from ftui.core.aws.bedrock import Bedrock, region_of_arn
from ftui.core.aws.errors import Ok
from ftui.core.aws.serving import Serving
from ftui.core.aws.session import AwsSession

HEADERS = ("KIND", "NAME", "MODEL", "STATUS", "CREATED", "ARN", "REGION")
_SHORT_KIND = {"deployment": "deployment", "provisioned throughput": "provisioned"}


def run_deployments(args: argparse.Namespace) -> int:
    aws = session(args)
    entries: list[dict[str, Any]] = []
    answered = 0
    for region in watched_regions(args, aws):
        found = _region_entries(aws, region)
        if found is not None:
            entries += found
            answered += 1
    if not answered:
        return Exit.AWS
    if args.json:
        out(json_text(entries))
    elif entries:
        cells = [
            (
                _SHORT_KIND[e["kind"]],
                e["name"],
                e["modelName"] or e["modelArn"],
                e["status"],
                e["created"].astimezone(UTC).strftime("%Y-%m-%d %H:%M") if e["created"] else "-",
                e["arn"],
                e["region"],
            )
            for e in entries
        ]
        for line in table(HEADERS, cells):
            out(line)
    else:
        err("no deployments and no Provisioned Throughput")
    return Exit.OK


def _region_entries(aws: AwsSession, region: str) -> list[dict[str, Any]] | None:
    """The region's deployments and throughputs, newest first; None when it failed (said)."""
    serving = Serving(aws, region)
    deployments = serving.deployments()
    throughputs = serving.throughputs()
    for failed in (deployments, throughputs):
        if not isinstance(failed, Ok):
            err(f"error: {region}: {failed.operation}: {failed.code}: {failed.message}")
            return None
    assert isinstance(deployments, Ok) and isinstance(throughputs, Ok)
    # Summaries carry the model's ARN only; one list of the region's models names them.
    models = Bedrock(aws, region).list_custom_models()
    names = (
        {str(m.get("modelArn")): str(m.get("modelName")) for m in models.value}
        if isinstance(models, Ok)
        else {}
    )
    entries = [
        {
            "kind": "deployment",
            "name": str(d.get("customModelDeploymentName", "")),
            "arn": str(d.get("customModelDeploymentArn", "")),
            "region": region,
            "status": str(d.get("status", "")),
            "modelArn": str(d.get("modelArn", "")),
            "modelName": names.get(str(d.get("modelArn", ""))),
            "created": _time(d.get("createdAt")),
            "modelUnits": None,
            "commitmentDuration": None,
            "commitmentExpirationTime": None,
        }
        for d in deployments.value
    ] + [
        {
            "kind": "provisioned throughput",
            "name": str(t.get("provisionedModelName", "")),
            "arn": str(t.get("provisionedModelArn", "")),
            "region": region,
            "status": str(t.get("status", "")),
            "modelArn": str(t.get("modelArn", "")),
            "modelName": names.get(str(t.get("modelArn", ""))),
            "created": _time(t.get("creationTime")),
            "modelUnits": t.get("modelUnits"),
            "commitmentDuration": t.get("commitmentDuration"),
            "commitmentExpirationTime": _time(t.get("commitmentExpirationTime")),
        }
        for t in throughputs.value
    ]
    return sorted(
        entries, key=lambda e: e["created"] or datetime.min.replace(tzinfo=UTC), reverse=True
    )


def _time(value: Any) -> datetime | None:
    return value if isinstance(value, datetime) else None


# --- undeploy -----------------------------------------------------------------------------------

UNDEPLOY_WARNING = (
    "Requests to it fail from now on; the custom model stays and can be served again."
)


def run_undeploy(args: argparse.Namespace) -> int:
    aws = session(args, region_of_arn(args.target))
    found = find_server(args, aws, args.target)
    if isinstance(found, Exit):
        return found
    operation = (
        "DeleteCustomModelDeployment"
        if found.kind == "deployment"
        else "DeleteProvisionedModelThroughput"
    )
    refused = aws.refusal(operation)
    if refused is not None:
        err(f"not undeployed: {refused.message}")
        return Exit.UNUSABLE
    if not args.yes:
        err(f"Remove the {_what(found)}? {UNDEPLOY_WARNING}")
        if not sys.stdin.isatty():
            err("not undeployed: pass --yes to undeploy without a terminal to confirm on")
            return Exit.UNUSABLE
        if not confirm(f"Remove {found.name}?"):
            err("not undeployed")
            return Exit.UNUSABLE
    if found.kind == "deployment":
        removed = found.serving.undeploy(found.arn)
    else:
        removed = found.serving.deprovision(found.arn)
    if not isinstance(removed, Ok):
        err(f"not undeployed: {removed.code}: {removed.message}")
        return Exit.UNUSABLE if removed.code == "ReadOnly" else Exit.AWS
    err(f"removing {found.name}")
    out(found.arn)
    return Exit.OK


def _what(found: FoundServer) -> str:
    """``deployment X (us-east-1), serving ARN``, with a throughput's commitment."""
    label = "deployment" if found.kind == "deployment" else "Provisioned Throughput"
    text = f"{label} {found.name} ({found.region}), serving {found.model_arn}"
    commitment = found.detail.get("commitmentDuration")
    if commitment:
        ends = _time(found.detail.get("commitmentExpirationTime"))
        until = f" until {ends:%Y-%m-%d}" if ends else ""
        text += f", committed for {commitment}{until}"
    return text
