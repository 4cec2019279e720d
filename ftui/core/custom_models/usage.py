"""What serves a custom model: its deployments and Provisioned Throughputs.

A model cannot be deleted while either uses it; the refusal names them and how to remove them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ftui.core.aws.bedrock import region_of_arn

DELETE_WARNING = (
    "Deleting a custom model cannot be undone. The job that made it and its output in S3"
    " stay; getting the model back means training it again."
)

Kind = Literal["deployment", "provisioned throughput"]
# The status in which each kind answers requests, in the order ftui asks through them: a
# deployment first (billed by the token), else a Provisioned Throughput (billed anyway).
ANSWERS_WHEN: dict[Kind, str] = {"deployment": "Active", "provisioned throughput": "InService"}


@dataclass(frozen=True)
class Server:
    """One deployment or Provisioned Throughput, as the lists summarise it."""

    kind: Kind
    name: str
    arn: str
    status: str
    model_arn: str

    @property
    def region(self) -> str | None:
        return region_of_arn(self.arn)

    @property
    def answers(self) -> bool:
        return self.status == ANSWERS_WHEN[self.kind]

    @property
    def label(self) -> str:
        return f"{self.kind} {self.name} ({self.status})"

    @property
    def removal(self) -> str:
        """The command that removes it (``ftui undeploy`` takes either kind)."""
        return f"ftui undeploy {self.name}"


def servers(
    deployments: Iterable[Mapping[str, Any]], throughputs: Iterable[Mapping[str, Any]]
) -> list[Server]:
    """Both lists' summaries as servers (a throughput moving to another model counts for both)."""
    found = [
        Server(
            "deployment",
            str(d.get("customModelDeploymentName", "")),
            str(d.get("customModelDeploymentArn", "")),
            str(d.get("status", "")),
            str(d.get("modelArn", "")),
        )
        for d in deployments
    ]
    for t in throughputs:
        for model_arn in {str(t.get("modelArn", "")), str(t.get("desiredModelArn") or "")} - {""}:
            found.append(
                Server(
                    "provisioned throughput",
                    str(t.get("provisionedModelName", "")),
                    str(t.get("provisionedModelArn", "")),
                    str(t.get("status", "")),
                    model_arn,
                )
            )
    return found


def answering(using: Iterable[Server]) -> Server | None:
    """What answers for a model now: an Active deployment, else an InService throughput."""
    ready = [s for s in using if s.answers]
    ready.sort(key=lambda s: list(ANSWERS_WHEN).index(s.kind))
    return ready[0] if ready else None


def by_model(found: Iterable[Server]) -> dict[str, list[Server]]:
    """Servers by the ARN of the model they serve."""
    grouped: dict[str, list[Server]] = {}
    for server in found:
        grouped.setdefault(server.model_arn, []).append(server)
    return grouped


def delete_refusal(model_name: str, using: list[Server]) -> str | None:
    """Why ``model_name`` cannot be deleted now, or None when nothing serves it."""
    if not using:
        return None
    names = "; ".join(s.label for s in using)
    steps = "; ".join(s.removal for s in using)
    them = "them" if len(using) > 1 else "it"
    return f"{model_name} is in use by {names}. Remove {them} first: {steps}."
