"""``ftui deploy MODEL``: serve a custom model on demand, or with Provisioned Throughput.

What it bills is said before anything is bought. The request is checked against botocore's
shape first, and carries a client request token: botocore's own retries of the call cannot make
a second deployment, and an answer lost on the way is looked up by name before anything is
reported.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from pydantic import BaseModel, ValidationError

from ftui.cli.common import confirm, err, out, session
from ftui.cli.exits import Exit
from ftui.cli.serving_lookup import NOT_FOUND, FoundModel, find_model
from ftui.cli.waiting import Followed, wait_for
from ftui.core.aws.bedrock import region_of_arn
from ftui.core.aws.errors import AwsError, Ok, Outcome
from ftui.core.aws.serving import new_token
from ftui.core.custom_models.offer import ON_DEMAND_BILLING, offer, throughput_billing
from ftui.core.custom_models.requests import (
    CreateCustomModelDeploymentRequest,
    CreateProvisionedModelThroughputRequest,
    suggested_name,
)
from ftui.core.problems import from_validation_error

DEPLOY = "CreateCustomModelDeployment"
PROVISION = "CreateProvisionedModelThroughput"
# --commitment's words and commitmentDuration's.
COMMITMENTS: dict[str, str | None] = {"none": None, "1-month": "OneMonth", "6-months": "SixMonths"}


def run_deploy(args: argparse.Namespace) -> int:
    operation = PROVISION if args.provisioned else DEPLOY
    aws = session(args, region_of_arn(args.model))
    refused = aws.refusal(operation)
    if refused is not None:
        err(f"not deployed: {refused.message}")
        return Exit.UNUSABLE
    found = find_model(args, aws, args.model)
    if isinstance(found, Exit):
        return found
    status = str(found.model.get("modelStatus") or "Active")
    if status != "Active":
        err(f"not deployed: {found.name} is {status}; it can be served once it is Active")
        return Exit.INVALID
    # As the TUI suggests: -live for a deployment, -pt for a throughput.
    name = args.name or suggested_name(found.name, "pt" if args.provisioned else "live")
    if args.provisioned:
        return _provision(args, found, name)
    how = offer(found.model, found.region)
    if not how.on_demand:
        err(f"not deployed: {how.reason}")
        err(
            "Provisioned Throughput serves it instead, billed by the hour:"
            f" ftui deploy {args.model} --provisioned"
        )
        return Exit.INVALID
    request = _checked(
        CreateCustomModelDeploymentRequest,
        modelDeploymentName=name,
        modelArn=found.arn,
        description=args.description,
        tags=args.tag or None,
        clientRequestToken=new_token(),
    )
    if isinstance(request, Exit):
        return request
    existing = found.serving.deployment(name)
    if isinstance(existing, Ok):
        return _taken(args, found, existing.value)
    if existing.code != NOT_FOUND:
        err(f"error: {existing.code}: {existing.message}")
        return Exit.AWS
    err(f"Deploy {found.name} ({found.region}) on demand as {name}. {ON_DEMAND_BILLING}")
    if not _agreed(args, "Deploy this model?"):
        return Exit.UNUSABLE
    created = found.serving.deploy(request)
    if isinstance(created, AwsError) and created.outcome_unknown:
        created = _resolve(found, "deployment", name, created)
    return _done(args, found, "deployment", name, created)


def _checked(shape: type[BaseModel], **members: Any) -> dict[str, Any] | Exit:
    """The request's keyword arguments, or exit 2 naming each member and its rule."""
    try:
        request = shape(**{k: v for k, v in members.items() if v is not None})
    except ValidationError as invalid:
        for problem in from_validation_error(invalid, shape):
            err(f"error: {problem.path}: {problem.message}")
        err("not deployed: nothing was sent")
        return Exit.UNUSABLE
    return request.model_dump(exclude_none=True)


def _agreed(args: argparse.Namespace, question: str) -> bool:
    """--yes, or a yes on the terminal; a refusal said."""
    if args.yes:
        return True
    if not sys.stdin.isatty():
        err("not deployed: pass --yes to deploy without a terminal to confirm on")
        return False
    if not confirm(question):
        err("not deployed")
        return False
    return True


def _taken(args: argparse.Namespace, found: FoundModel, deployment: dict[str, Any]) -> int:
    """The name is a deployment's already: this model's (done), or another's (--replace)."""
    arn = str(deployment.get("customModelDeploymentArn", ""))
    name = str(deployment.get("modelDeploymentName", args.name))
    serves = str(deployment.get("modelArn", ""))
    if serves == found.arn:
        err(f"{name} already serves {found.name} ({deployment.get('status', 'unknown')})")
        out(arn)
        return wait_for(found.serving, "deployment", arn) if args.wait else Exit.OK
    other = found.serving.get_model(serves)
    other_name = str(other.value.get("modelName", serves)) if isinstance(other, Ok) else serves
    if not args.replace:
        err(
            f"not deployed: the deployment {name} serves {other_name}. --replace makes it serve"
            f" {found.name} instead (the same ARN, so its callers follow), or choose another"
            " --name"
        )
        return Exit.INVALID
    err(
        f"{name} will serve {found.name} instead of {other_name}; requests to it are answered"
        f" by {other_name} until the update completes. {ON_DEMAND_BILLING}"
    )
    if not _agreed(args, f"Serve {found.name} from {name}?"):
        return Exit.UNUSABLE
    replaced = found.serving.redeploy(arn, found.arn)
    if not isinstance(replaced, Ok):
        return _failed(replaced)
    err(f"updating {name}: it will serve {found.name}")
    out(replaced.value)
    return wait_for(found.serving, "update", arn) if args.wait else Exit.OK


def _resolve(found: FoundModel, kind: Followed, name: str, failure: AwsError) -> Outcome[str]:
    """After a create whose answer was lost: the deployment or throughput, if AWS made it
    (names are unique, so looking it up by name tells)."""
    deployment = kind == "deployment"
    made = (found.serving.deployment if deployment else found.serving.throughput)(name)
    arn_key = "customModelDeploymentArn" if deployment else "provisionedModelArn"
    if isinstance(made, Ok) and made.value.get("modelArn") == found.arn:
        return Ok(str(made.value.get(arn_key, "")))
    what = "deployment" if deployment else "Provisioned Throughput"
    return AwsError(
        "OutcomeUnknown",
        f"{failure.message}. Whether the {what} {name} was made is unknown: look with"
        " ftui deployments list; running this command again cannot make a second one (the"
        " name is taken once it exists)",
        failure.operation,
        failure.status,
        failure.request_id,
    )


def _failed(failure: AwsError) -> int:
    err(f"not deployed: {failure.code}: {failure.message}")
    return Exit.UNUSABLE if failure.code == "ReadOnly" else Exit.AWS


def _done(
    args: argparse.Namespace,
    found: FoundModel,
    kind: Followed,
    name: str,
    created: Outcome[str],
) -> int:
    if not isinstance(created, Ok):
        return _failed(created)
    what = "Provisioned Throughput" if kind == "throughput" else kind
    err(f"creating the {what} {name} for {found.name} ({found.region})")
    out(created.value)
    if not args.wait:
        return Exit.OK
    return wait_for(found.serving, kind, created.value)


def _provision(args: argparse.Namespace, found: FoundModel, name: str) -> int:
    """CreateProvisionedModelThroughput, its billing said first (even with --yes)."""
    commitment = COMMITMENTS[args.commitment]
    request = _checked(
        CreateProvisionedModelThroughputRequest,
        clientRequestToken=new_token(),
        modelUnits=args.units,
        provisionedModelName=name,
        modelId=found.arn,
        commitmentDuration=commitment,
        tags=args.tag or None,
    )
    if isinstance(request, Exit):
        return request
    existing = found.serving.throughput(name)
    if isinstance(existing, Ok):
        serves = str(existing.value.get("modelArn", ""))
        if serves == found.arn:
            arn = str(existing.value.get("provisionedModelArn", ""))
            err(f"{name} already serves {found.name} ({existing.value.get('status', 'unknown')})")
            out(arn)
            return wait_for(found.serving, "throughput", arn) if args.wait else Exit.OK
        return _reprovision(args, found, existing.value)
    if existing.code != NOT_FOUND:
        err(f"error: {existing.code}: {existing.message}")
        return Exit.AWS
    err(f"Provision {found.name} ({found.region}) as {name}.")
    for line in throughput_billing(args.units, commitment, found.serving.session.clock.now()):
        err(line)
    if not _agreed(args, "Buy this Provisioned Throughput? It is billed by the hour."):
        return Exit.UNUSABLE
    created = found.serving.provision(request)
    if isinstance(created, AwsError) and created.outcome_unknown:
        created = _resolve(found, "throughput", name, created)
    return _done(args, found, "throughput", name, created)


def _reprovision(args: argparse.Namespace, found: FoundModel, throughput: dict[str, Any]) -> int:
    """The name is another model's Provisioned Throughput: serve MODEL from it (--replace)."""
    arn = str(throughput.get("provisionedModelArn", ""))
    name = str(throughput.get("provisionedModelName", args.name))
    serves = str(throughput.get("modelArn", ""))
    other = found.serving.get_model(serves)
    other_name = str(other.value.get("modelName", serves)) if isinstance(other, Ok) else serves
    if not args.replace:
        err(
            f"not deployed: the Provisioned Throughput {name} serves {other_name}. --replace"
            f" makes it serve {found.name} instead (the same ARN, units and commitment), or"
            " choose another --name"
        )
        return Exit.INVALID
    err(
        f"{name} will serve {found.name} instead of {other_name}, with its units and commitment"
        " as they are: its hourly billing does not change."
    )
    if not _agreed(args, f"Serve {found.name} from {name}?"):
        return Exit.UNUSABLE
    replaced = found.serving.reprovision(arn, found.arn)
    if not isinstance(replaced, Ok):
        return _failed(replaced)
    err(f"updating {name}: it will serve {found.name}")
    out(arn)
    return wait_for(found.serving, "throughput", arn) if args.wait else Exit.OK
