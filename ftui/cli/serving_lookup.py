"""The custom model, deployment or Provisioned Throughput a command names (a name or an ARN),
found in the watched regions, or the exit code, said.

An ARN carries its region, so only that one is asked. A name is looked up in each ``--region``
(else the settings' regions, else the AWS default) in turn: names are unique within a region,
and the first region that has it wins.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ftui.cli.common import err
from ftui.cli.exits import Exit
from ftui.cli.target import regions
from ftui.core.aws.bedrock import region_of_arn
from ftui.core.aws.errors import AwsError, Ok, Outcome
from ftui.core.aws.serving import Serving
from ftui.core.aws.session import AwsSession
from ftui.core.custom_models.usage import Kind, Server, servers
from ftui.core.settings import load_settings

NOT_FOUND = "ResourceNotFoundException"
# Where an ARN says what it is: ``...:custom-model-deployment/ID`` or ``...:provisioned-model/ID``.
_DEPLOYMENT_ARN = ":custom-model-deployment/"
_THROUGHPUT_ARN = ":provisioned-model/"


def watched_regions(args: argparse.Namespace, aws: AwsSession) -> list[str]:
    """``--region``s, else the settings' regions, else the AWS default (as ``ftui jobs``)."""
    return regions(args) or load_settings().regions or [aws.region or "us-east-1"]


def looked_in(identifier: str, args: argparse.Namespace, aws: AwsSession) -> list[str]:
    own = region_of_arn(identifier)
    return [own] if own else watched_regions(args, aws)


@dataclass(frozen=True)
class FoundModel:
    region: str
    serving: Serving
    model: dict[str, Any]  # GetCustomModel's answer

    @property
    def name(self) -> str:
        return str(self.model.get("modelName", ""))

    @property
    def arn(self) -> str:
        return str(self.model.get("modelArn", ""))


def lookup_model(
    args: argparse.Namespace, aws: AwsSession, identifier: str
) -> FoundModel | AwsError | None:
    """GetCustomModel for ``identifier`` in its region (an ARN's) or each watched region;
    None when no region has it."""
    for region in looked_in(identifier, args, aws):
        serving = Serving(aws, region)
        found = serving.get_model(identifier)
        if isinstance(found, Ok):
            return FoundModel(region, serving, found.value)
        if found.code != NOT_FOUND:
            return found
    return None


def find_model(args: argparse.Namespace, aws: AwsSession, identifier: str) -> FoundModel | Exit:
    """``lookup_model``, with a failure or an absence said."""
    found = lookup_model(args, aws, identifier)
    if isinstance(found, FoundModel):
        return found
    if isinstance(found, AwsError):
        err(f"error: {found.code}: {found.message}")
        return Exit.AWS
    err(
        f"error: no custom model {identifier!r} in {', '.join(looked_in(identifier, args, aws))}"
        " (pass its ARN, or --region; ftui models list shows them)"
    )
    return Exit.AWS


def servers_of(serving: Serving, model_arn: str) -> Outcome[list[Server]]:
    """What serves one model: its deployments and Provisioned Throughputs."""
    deployments = serving.deployments(model_arn)
    if not isinstance(deployments, Ok):
        return deployments
    throughputs = serving.throughputs(model_arn)
    if not isinstance(throughputs, Ok):
        return throughputs
    return Ok(
        [s for s in servers(deployments.value, throughputs.value) if s.model_arn == model_arn]
    )


@dataclass(frozen=True)
class FoundServer:
    region: str
    serving: Serving
    kind: Kind
    detail: dict[str, Any]  # GetCustomModelDeployment's or GetProvisionedModelThroughput's

    @property
    def name(self) -> str:
        key = "modelDeploymentName" if self.kind == "deployment" else "provisionedModelName"
        return str(self.detail.get(key, ""))

    @property
    def arn(self) -> str:
        key = "customModelDeploymentArn" if self.kind == "deployment" else "provisionedModelArn"
        return str(self.detail.get(key, ""))

    @property
    def model_arn(self) -> str:
        return str(self.detail.get("modelArn", ""))


def _kinds_of(identifier: str) -> list[Kind]:
    if _DEPLOYMENT_ARN in identifier:
        return ["deployment"]
    if _THROUGHPUT_ARN in identifier:
        return ["provisioned throughput"]
    return ["deployment", "provisioned throughput"]


def _getter(serving: Serving, kind: Kind) -> Callable[[str], Outcome[dict[str, Any]]]:
    return serving.deployment if kind == "deployment" else serving.throughput


def lookup_server(
    args: argparse.Namespace, aws: AwsSession, identifier: str
) -> FoundServer | AwsError | None:
    """The deployment or throughput named ``identifier``; None when no region has one."""
    for region in looked_in(identifier, args, aws):
        serving = Serving(aws, region)
        for kind in _kinds_of(identifier):
            found = _getter(serving, kind)(identifier)
            if isinstance(found, Ok):
                return FoundServer(region, serving, kind, found.value)
            # A throughput's name may hold what a deployment's may not: AWS then refuses the
            # name as invalid rather than unknown, which says as much.
            if found.code not in (NOT_FOUND, "ValidationException"):
                return found
    return None


def find_server(args: argparse.Namespace, aws: AwsSession, identifier: str) -> FoundServer | Exit:
    """``lookup_server``, with a failure or an absence said."""
    found = lookup_server(args, aws, identifier)
    if isinstance(found, FoundServer):
        return found
    if isinstance(found, AwsError):
        err(f"error: {found.code}: {found.message}")
        return Exit.AWS
    looked = ", ".join(looked_in(identifier, args, aws))
    err(
        f"error: no deployment or Provisioned Throughput {identifier!r} in {looked}"
        " (pass its ARN, or --region; ftui deployments list shows them)"
    )
    return Exit.AWS
