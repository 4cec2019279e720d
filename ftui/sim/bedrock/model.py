"""The simulated Bedrock's vocabulary: its account, errors, and the state of a region."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ftui.sim.bedrock.jobs import SimJob

ACCOUNT_ID = "123456789012"  # moto's default account, so ARNs agree across services
IDEMPOTENCY_WINDOW = timedelta(hours=8)
JOB_STATUSES = ("InProgress", "Completed", "Failed", "Stopping", "Stopped")
# Every custom model's status: the emulator adds a model when its job completes, ready to use.
MODEL_STATUS = "Active"

STATUS_CODES = {
    "ValidationException": 400,
    "ConflictException": 400,
    "ServiceQuotaExceededException": 400,
    "TooManyTagsException": 400,
    "AccessDeniedException": 403,
    "ResourceNotFoundException": 404,
    "UnknownOperationException": 404,
    "ThrottlingException": 429,
    "InternalServerException": 500,
    "NotImplemented": 501,  # an operation Bedrock has and the emulator does not simulate
}


class ServiceError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    @property
    def status(self) -> int:
        return STATUS_CODES.get(self.code, 400)


def validation(message: str) -> ServiceError:
    return ServiceError("ValidationException", message)


@dataclass
class CustomModel:
    arn: str
    name: str
    job: SimJob
    created: datetime
    base_model_arn: str
    base_model_name: str
    tags: list[dict[str, str]] = field(default_factory=list)
    # ModelStatus. A job's model appears Active; Creating and Failed belong to models imported
    # from elsewhere, which the emulator does not make, so only a test sets them.
    status: str = MODEL_STATUS


@dataclass
class SimDeployment:
    """A custom model deployment (on-demand inference): ``Creating`` until ``ready_at``, then
    ``Active``; the runtime answers through it only when Active."""

    arn: str
    name: str
    model: CustomModel
    created: datetime
    ready_at: datetime
    description: str = ""
    status: str = "Creating"  # CustomModelDeploymentStatus: Creating | Active | Failed
    failure: str | None = None
    updated: datetime | None = None
    tags: list[dict[str, str]] = field(default_factory=list)
    # UpdateCustomModelDeployment: the model swapped in at ``update_ends``; until then the
    # deployment stays Active and answers with ``model``.
    pending: CustomModel | None = None
    update_status: str | None = None  # CustomModelDeploymentUpdateStatus, once updated
    update_ends: datetime | None = None


@dataclass
class SimThroughput:
    """Provisioned Throughput for a custom model: ``Creating`` until ``ready_at``, then
    ``InService``; billed by the hour from creation whether used or not."""

    arn: str
    name: str
    model: CustomModel
    model_units: int
    created: datetime
    ready_at: datetime
    commitment: str | None = None  # CommitmentDuration: OneMonth | SixMonths, None: no commitment
    commitment_ends: datetime | None = None
    status: str = "Creating"  # ProvisionedModelStatus: Creating | InService | Updating | Failed
    failure: str | None = None
    updated: datetime | None = None
    tags: list[dict[str, str]] = field(default_factory=list)
    # UpdateProvisionedModelThroughput's desiredModelId: Updating until ``update_ends``.
    desired: CustomModel | None = None
    update_ends: datetime | None = None


@dataclass
class RegionState:
    jobs: dict[str, SimJob] = field(default_factory=dict)  # by name, in creation order
    by_arn: dict[str, SimJob] = field(default_factory=dict)
    active: dict[str, SimJob] = field(default_factory=dict)
    models: dict[str, CustomModel] = field(default_factory=dict)  # by name
    tokens: dict[str, tuple[str, str, datetime]] = field(default_factory=dict)
    logging: dict[str, Any] | None = None  # the model invocation logging setting, once put
    deployments: dict[str, SimDeployment] = field(default_factory=dict)  # by ARN
    throughputs: dict[str, SimThroughput] = field(default_factory=dict)  # by ARN
