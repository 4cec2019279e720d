"""``ftui models list|show|delete``: the custom models jobs made, what serves them, deleting one.

``models list --json`` prints one array, an object per model::

    {"name", "arn", "region", "base", "customizationType", "status", "created" (ISO 8601),
     "jobName", "jobArn", "kmsKeyArn" (null: an AWS owned key or not read),
     "tags": {"key": "value"} | null (not read),
     "serving": [{"kind": "deployment" | "provisioned throughput", "name", "arn", "status"}]
                | null (the lists of what serves models could not be read)}

``models show --json`` prints one object: ``{"region", "model": GetCustomModel's answer,
"serving": [...] | null, "onDemand": {"offered", "reason"}, "tags": {...} | null}``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import UTC
from typing import Any

from ftui.cli.common import confirm, err, out, session
from ftui.cli.exits import Exit
from ftui.cli.serving_lookup import FoundModel, find_model, servers_of, watched_regions
from ftui.core.aws.bedrock import Bedrock, region_of_arn
from ftui.core.aws.errors import Ok
from ftui.core.aws.session import AwsSession
from ftui.core.custom_models.describe import Section, describe
from ftui.core.custom_models.inventory import Inventory, inventory
from ftui.core.custom_models.offer import offer
from ftui.core.custom_models.rows import ModelRow
from ftui.core.custom_models.usage import DELETE_WARNING, Server, delete_refusal

HEADERS = ("NAME", "BASE", "CREATED", "STATUS", "SERVING", "JOB", "REGION")
UNKNOWN = "?"  # what serves a model, when the lists of deployments and throughputs failed


def run_models(args: argparse.Namespace) -> int:
    if args.action == "list":
        return _list(args)
    if args.action == "show":
        return _show(args)
    return _delete(args)


def json_text(value: Any) -> str:
    """Indented JSON; datetimes as ISO 8601."""
    return json.dumps(value, indent=2, ensure_ascii=False, default=lambda v: v.isoformat())


def table(headers: Sequence[str], cells: Sequence[Sequence[str]]) -> list[str]:
    """Left-aligned columns two spaces apart."""
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(headers)]
    return [
        "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip()
        for line in (tuple(headers), *cells)
    ]


def server_json(server: Server) -> dict[str, str]:
    return {"kind": server.kind, "name": server.name, "arn": server.arn, "status": server.status}


# --- list ---------------------------------------------------------------------------------------


def _inventories(aws: AwsSession, args: argparse.Namespace) -> list[Inventory]:
    """The inventory of each watched region that answered; the failures said."""
    found: list[Inventory] = []
    for region in watched_regions(args, aws):
        listed = inventory(aws, region)
        if not isinstance(listed, Ok):
            err(f"error: {region}: {listed.code}: {listed.message}")
            continue
        problem = listed.value.serving_problem
        if problem is not None:
            err(
                f"warning: {region}: what serves each model is unknown ({UNKNOWN}):"
                f" {problem.code}: {problem.message}"
            )
        for failure in listed.value.problems:
            err(f"warning: {region}: {failure.operation}: {failure.code}: {failure.message}")
        found.append(listed.value)
    return found


def _row_json(row: ModelRow, known: bool) -> dict[str, Any]:
    return {
        "name": row.name,
        "arn": row.arn,
        "region": row.region,
        "base": row.base,
        "customizationType": row.kind,
        "status": row.status,
        "created": row.created,
        "jobName": row.job_name,
        "jobArn": row.job_arn,
        "kmsKeyArn": row.kms_key,
        "tags": dict(row.tags) if row.tags is not None else None,
        "serving": [server_json(s) for s in row.serving] if known else None,
    }


def _row_cells(row: ModelRow, known: bool) -> tuple[str, ...]:
    return (
        row.name,
        row.base,
        row.created.astimezone(UTC).strftime("%Y-%m-%d %H:%M"),
        row.status,
        row.serving_text if known else UNKNOWN,
        row.job_name or "-",
        row.region,
    )


def _list(args: argparse.Namespace) -> int:
    aws = session(args)
    found = _inventories(aws, args)
    rows = [
        (row, inv.servers is not None)
        for inv in found
        for row in sorted(inv.rows, key=lambda r: r.created, reverse=True)
    ]
    if args.json:
        # Nothing at all when no region answered: an empty array would read as "no models".
        if found:
            out(json_text([_row_json(row, known) for row, known in rows]))
    elif rows:
        for line in table(HEADERS, [_row_cells(row, known) for row, known in rows]):
            out(line)
    elif found:
        err("no custom models")
    return Exit.OK if found else Exit.AWS


# --- show ---------------------------------------------------------------------------------------


def _print_sections(sections: list[Section]) -> None:
    width = max((len(label) for s in sections for label, _ in s.rows), default=0)
    for index, section in enumerate(sections):
        if index:
            out()
        out(section.title)
        for label, value in section.rows:
            out(f"  {label.ljust(width)}  {value}")


def _show(args: argparse.Namespace) -> int:
    aws = session(args, region_of_arn(args.model))
    found = find_model(args, aws, args.model)
    if isinstance(found, Exit):
        return found
    using = servers_of(found.serving, found.arn)
    if not isinstance(using, Ok):
        err(f"warning: what serves the model is unknown: {using.code}: {using.message}")
    tags = Bedrock(aws, found.region).tags(found.arn)
    if not isinstance(tags, Ok):
        err(f"warning: no tags: {tags.code}: {tags.message}")
    servers = using.value if isinstance(using, Ok) else None
    tag_list = tags.value if isinstance(tags, Ok) else None
    how = offer(found.model, found.region)
    if args.json:
        out(
            json_text(
                {
                    "region": found.region,
                    "model": found.model,
                    "serving": [server_json(s) for s in servers] if servers is not None else None,
                    "onDemand": {"offered": how.on_demand, "reason": how.reason or None},
                    "tags": {t["key"]: t.get("value", "") for t in tag_list}
                    if tag_list is not None
                    else None,
                }
            )
        )
    else:
        _print_sections(describe(found.model, servers=servers, offer=how, tags=tag_list))
    return Exit.OK


# --- delete -------------------------------------------------------------------------------------

OPERATION = "DeleteCustomModel"


def _delete(args: argparse.Namespace) -> int:
    aws = session(args, region_of_arn(args.model))
    refused = aws.refusal(OPERATION)
    if refused is not None:
        err(f"not deleted: {refused.message}")
        return Exit.UNUSABLE
    found = find_model(args, aws, args.model)
    if isinstance(found, Exit):
        return found
    stopped = _in_use(found)
    if stopped is not None:
        return stopped
    if not args.yes:
        err(f"Delete {found.name} ({found.region})? {DELETE_WARNING}")
        if not sys.stdin.isatty():
            err("not deleted: pass --yes to delete without a terminal to confirm on")
            return Exit.UNUSABLE
        if not confirm("Delete this custom model?"):
            err("not deleted")
            return Exit.UNUSABLE
    deleted = found.serving.delete_model(found.arn)
    if not isinstance(deleted, Ok):
        err(f"not deleted: {deleted.code}: {deleted.message}")
        return Exit.UNUSABLE if deleted.code == "ReadOnly" else Exit.AWS
    err(f"deleted {found.name}")
    out(found.arn)
    return Exit.OK


def _in_use(found: FoundModel) -> Exit | None:
    """Exit 1 while anything serves the model, 3 when that cannot be known; None: free."""
    using = servers_of(found.serving, found.arn)
    if not isinstance(using, Ok):
        err(
            f"not deleted: whether anything serves {found.name} is unknown, and ftui does not"
            f" delete a model that may be in use ({using.operation}: {using.code}:"
            f" {using.message})"
        )
        return Exit.AWS
    refusal = delete_refusal(found.name, using.value)
    if refusal is not None:
        err(f"not deleted: {refusal}")
        return Exit.INVALID
    return None
