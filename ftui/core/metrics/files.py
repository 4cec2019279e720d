"""Where Bedrock writes a job's metrics: ``<output>/model-customization-job-<job id>/...``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ftui.core.s3_uris import split_s3_uri

TRAINING_FILE = "training_artifacts/step_wise_training_metrics.csv"
VALIDATION_FILE = "validation_artifacts/post_fine_tuning_validation/validation_metrics.csv"


@dataclass(frozen=True)
class MetricsFiles:
    bucket: str
    prefix: str  # ends in "/"
    validates: bool = True  # the job has validation sets: Bedrock writes the validation file

    @property
    def training_key(self) -> str:
        return self.prefix + TRAINING_FILE

    @property
    def validation_key(self) -> str:
        return self.prefix + VALIDATION_FILE

    @property
    def uri(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"


def job_id(job_arn: str) -> str:
    """The last segment of the job's ARN, which names its output folder."""
    return job_arn.rsplit("/", 1)[-1]


def metrics_files(job: Mapping[str, Any]) -> MetricsFiles | None:
    """The job's metrics folder, from a GetModelCustomizationJob answer; None without an output."""
    output = str((job.get("outputDataConfig") or {}).get("s3Uri") or "")
    arn = str(job.get("jobArn") or "")
    if not output or not arn:
        return None
    try:
        bucket, key = split_s3_uri(output)
    except ValueError:
        return None
    base = key if not key or key.endswith("/") else key + "/"
    validators = (job.get("validationDataConfig") or {}).get("validators")
    return MetricsFiles(
        bucket, f"{base}model-customization-job-{job_id(arn)}/", validates=bool(validators)
    )
