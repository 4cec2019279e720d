"""What simulated jobs do to the account: read their data, write metrics, create models."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from ftui.core.catalog import load_catalog
from ftui.core.dataset import Rules, check_stream, rules_for
from ftui.core.dataset.aws_words import unparsable
from ftui.core.dataset.reader import read_chunks, split_lines
from ftui.core.kinds import kind_of
from ftui.sim.bedrock.account import S3Location
from ftui.sim.bedrock.jobs import DataCheck, SimJob
from ftui.sim.bedrock.model import ACCOUNT_ID, CustomModel

if TYPE_CHECKING:
    from ftui.sim.bedrock.service import BedrockService


class Effects:
    """What jobs do to the account: read their data, write metrics, create models."""

    def __init__(self, service: BedrockService, region: str) -> None:
        self.service = service
        self.region = region

    def check_data(self, job: SimJob) -> DataCheck:
        account = self.service.account
        training = job.request["trainingDataConfig"]
        records = 0
        if training.get("s3Uri"):
            location = S3Location.parse(training["s3Uri"])
            result = self._read_jsonl(location, job, validation=False)
            if isinstance(result, str):
                return DataCheck(failure=result)
            records = result
        else:
            source = training["invocationLogsConfig"]["invocationLogSource"]["s3Uri"]
            location = S3Location.parse(source)
            found = account.has_objects(location, self.region)
            if not found:
                return DataCheck(failure=_get_object_failure(location))
            records = found * 50
        for validator in (job.request.get("validationDataConfig") or {}).get("validators") or []:
            location = S3Location.parse(validator["s3Uri"])
            result = self._read_jsonl(location, job, validation=True)
            if isinstance(result, str):
                return DataCheck(failure=result)
        output = S3Location.parse(job.request["outputDataConfig"]["s3Uri"])
        if not account.bucket_exists(output.bucket, self.region):
            prefix = output.key if not output.key or output.key.endswith("/") else output.key + "/"
            return DataCheck(
                failure="Amazon S3 perms missing (PutObject): Could not validate PutObject"
                f" permissions to access S3 bucket: {output.bucket} at key"
                f" {prefix}.write_access_check_file.tmp"
            )
        return DataCheck(records=records)

    def write_metrics(self, job: SimJob, training: str, validation: str | None) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        base = metrics_prefix(job)
        try:
            self.service.account.write(
                S3Location(
                    base.bucket, base.key + "training_artifacts/step_wise_training_metrics.csv"
                ),
                training.encode(),
                self.region,
            )
            if validation is not None:
                self.service.account.write(
                    S3Location(
                        base.bucket,
                        base.key
                        + "validation_artifacts/post_fine_tuning_validation/validation_metrics.csv",
                    ),
                    validation.encode(),
                    self.region,
                )
        except (BotoCoreError, ClientError):
            pass  # the bucket went away mid-job; the job itself carries on, as on AWS

    def completed(self, job: SimJob) -> None:
        state = self.service.region(self.region)
        model_id = self.service.new_id()
        job.output_model_arn = (
            f"arn:aws:bedrock:{self.region}:{ACCOUNT_ID}:custom-model/"
            f"{job.base_model_id}/{model_id}"
        )
        state.models[job.custom_model_name] = CustomModel(
            arn=job.output_model_arn,
            name=job.custom_model_name,
            job=job,
            created=job.end_time or self.service.clock.now(),
            base_model_arn=job.base_model_arn,
            # botocore's ModelName is ``provider.name`` (``[a-z0-9-]+[.][a-z0-9-]+``, 63 at
            # most): the display name "Nova Micro" breaks it, the model ID without its version
            # ("amazon.nova-micro-v1") fits.
            base_model_name=job.base_model_id.split(":", 1)[0],
            tags=[dict(t) for t in job.request.get("customModelTags") or []],
        )

    def _read_jsonl(self, location: S3Location, job: SimJob, *, validation: bool) -> int | str:
        """The number of records, or the failure message Bedrock gives for the file.

        The file goes through the same checker as ``ftui data check``, for the job's model and
        kind, so a demo job fails on what AWS would refuse, in AWS's words.
        """
        from botocore.exceptions import BotoCoreError, ClientError

        rules = _rules(job, validation=validation, bucket=location.bucket)
        uri = f"s3://{location.bucket}/{location.key}"
        s3 = self.service.account.client("s3", self.region)
        try:
            # S3's ETag is the content's MD5: the same file checked by the same rules has the
            # same verdict. The demo's history validates a handful of files thirty times over,
            # and ships their verdicts (ftui/sim/seeding/verdicts.py): a HEAD finds them.
            head = s3.head_object(Bucket=location.bucket, Key=location.key)
            known = f"{head.get('ETag')} {uri} {rules!r}"
            if known in self.service.verdicts:
                return self.service.verdicts[known]
            got = s3.get_object(Bucket=location.bucket, Key=location.key)
        except (BotoCoreError, ClientError):
            return _get_object_failure(location)
        known = f"{got.get('ETag')} {uri} {rules!r}"
        verdict = _check(got["Body"], rules, location)
        if len(self.service.verdicts) >= VERDICTS_KEPT:
            self.service.verdicts.pop(next(iter(self.service.verdicts)))
        self.service.verdicts[known] = verdict
        return verdict


def metrics_prefix(job: SimJob) -> S3Location:
    """``<output>/model-customization-job-<job id>/``, where Bedrock writes a job's artifacts."""
    output = S3Location.parse(job.request["outputDataConfig"]["s3Uri"])
    prefix = output.key if not output.key or output.key.endswith("/") else output.key + "/"
    return S3Location(output.bucket, f"{prefix}model-customization-job-{job.job_id}/")


def _get_object_failure(location: S3Location) -> str:
    return (
        "Could not validate GetObject permissions to access Amazon S3 bucket:"
        f" {location.bucket} at key {location.key}"
    )


VERDICTS_KEPT = 64


def _check(body: Any, rules: Rules, location: S3Location) -> int | str:
    """The number of records in ``body``, or the failure message Bedrock gives for it."""
    from botocore.exceptions import BotoCoreError, ClientError

    uri = f"s3://{location.bucket}/{location.key}"

    try:
        report = check_stream(split_lines(read_chunks(body.read)), rules, source=uri)
    except (BotoCoreError, ClientError):
        return _get_object_failure(location)
    except Exception:
        # Whatever stopped the checker stops the job on its file, never the service: a
        # file AWS's reader chokes on fails validation as unparsable.
        logging.getLogger(__name__).debug("checking %s failed", uri, exc_info=True)
        return unparsable(uri)
    finally:
        body.close()
    if not report.passed:
        return report.aws_failure or unparsable(uri)
    return report.records


def _rules(job: SimJob, *, validation: bool, bucket: str) -> Rules:
    kind = kind_of(job.request)
    match = load_catalog().match(job.base_model_id)
    if match is None or not match.model.supports(kind):
        return Rules.generic(kind, validation=validation)
    return rules_for(match.model, kind, validation=validation, bucket=bucket)
