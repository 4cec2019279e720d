"""What the simulated Bedrock answers about jobs and custom models, in the API's JSON."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ftui.sim.bedrock.jobs import SimJob
from ftui.sim.bedrock.model import ACCOUNT_ID, CustomModel


def iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _status_details(job: SimJob) -> dict[str, Any]:
    out = {}
    for name, stage in job.stages.items():
        entry: dict[str, Any] = {"status": stage.status}
        if stage.created:
            entry["creationTime"] = iso(stage.created)
        if stage.modified:
            entry["lastModifiedTime"] = iso(stage.modified)
        out[name] = entry
    return out


def job_details(job: SimJob) -> dict[str, Any]:
    request = job.request
    out: dict[str, Any] = {
        "jobArn": job.arn,
        "jobName": job.name,
        "outputModelName": job.custom_model_name,
        "clientRequestToken": request.get("clientRequestToken"),
        "roleArn": request["roleArn"],
        "status": job.status,
        "statusDetails": _status_details(job),
        "creationTime": iso(job.created),
        "lastModifiedTime": iso(job.last_modified),
        "baseModelArn": job.base_model_arn,
        "trainingDataConfig": request["trainingDataConfig"],
        "validationDataConfig": request.get("validationDataConfig") or {"validators": []},
        "outputDataConfig": request["outputDataConfig"],
        "customizationType": job.customization_type,
    }
    optional = {
        "outputModelArn": job.output_model_arn,
        "failureMessage": job.failure,
        "endTime": iso(job.end_time),
        "hyperParameters": request.get("hyperParameters"),
        "outputModelKmsKeyArn": job.kms_key_arn,
        "vpcConfig": request.get("vpcConfig"),
        "customizationConfig": request.get("customizationConfig"),
    }
    out.update({k: v for k, v in optional.items() if v is not None})
    if job.training_loss is not None:
        out["trainingMetrics"] = {"trainingLoss": job.training_loss}
        out["validationMetrics"] = [{"validationLoss": v} for v in job.validation_losses]
    return {k: v for k, v in out.items() if v is not None}


def job_summary(job: SimJob) -> dict[str, Any]:
    out: dict[str, Any] = {
        "jobArn": job.arn,
        "baseModelArn": job.base_model_arn,
        "jobName": job.name,
        "status": job.status,
        "statusDetails": _status_details(job),
        "lastModifiedTime": iso(job.last_modified),
        "creationTime": iso(job.created),
        "endTime": iso(job.end_time),
        "customModelArn": job.output_model_arn,
        "customModelName": job.custom_model_name,
        "customizationType": job.customization_type,
    }
    return {k: v for k, v in out.items() if v is not None}


def custom_model_summary(model: CustomModel) -> dict[str, Any]:
    return {
        "modelArn": model.arn,
        "modelName": model.name,
        "creationTime": iso(model.created),
        "baseModelArn": model.base_model_arn,
        "baseModelName": model.base_model_name,
        "customizationType": model.job.customization_type,
        "ownerAccountId": ACCOUNT_ID,
        "modelStatus": model.status,
    }


def custom_model_details(model: CustomModel) -> dict[str, Any]:
    job = model.job
    out: dict[str, Any] = {
        "modelArn": model.arn,
        "modelName": model.name,
        "jobName": job.name,
        "jobArn": job.arn,
        "baseModelArn": model.base_model_arn,
        "customizationType": job.customization_type,
        "modelKmsKeyArn": job.kms_key_arn,
        "hyperParameters": job.request.get("hyperParameters"),
        "trainingDataConfig": job.request["trainingDataConfig"],
        "validationDataConfig": job.request.get("validationDataConfig"),
        "outputDataConfig": job.request["outputDataConfig"],
        "trainingMetrics": {"trainingLoss": job.training_loss},
        "validationMetrics": [{"validationLoss": v} for v in job.validation_losses],
        "creationTime": iso(model.created),
        "customizationConfig": job.request.get("customizationConfig"),
        "modelStatus": model.status,
    }
    return {k: v for k, v in out.items() if v is not None}
