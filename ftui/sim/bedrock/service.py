"""The simulated Bedrock control plane for model customization: state and operations.

Behaviour follows the API reference and the user guide where they say something; where they do
not (exact error texts), messages are modelled on Bedrock's sibling APIs and marked so.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import string
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from ftui.core.catalog import load_catalog, parse_model_identifier
from ftui.core.draft import validate_request
from ftui.core.kinds import kind_of
from ftui.sim.bedrock.account import AccountView, S3Location
from ftui.sim.bedrock.foundation import filter_models, foundation_models
from ftui.sim.bedrock.jobs import DataCheck, SimJob
from ftui.sim.clock import Clock

ACCOUNT_ID = "123456789012"  # moto's default account, so ARNs agree across services
IDEMPOTENCY_WINDOW = timedelta(hours=8)
JOB_STATUSES = ("InProgress", "Completed", "Failed", "Stopping", "Stopped")

STATUS_CODES = {
    "ValidationException": 400,
    "ConflictException": 400,
    "ServiceQuotaExceededException": 400,
    "TooManyTagsException": 400,
    "AccessDeniedException": 403,
    "ResourceNotFoundException": 404,
    "ThrottlingException": 429,
    "InternalServerException": 500,
}


class ServiceError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    @property
    def status(self) -> int:
        return STATUS_CODES.get(self.code, 400)


def _validation(message: str) -> ServiceError:
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


@dataclass
class RegionState:
    jobs: dict[str, SimJob] = field(default_factory=dict)  # by name, in creation order
    by_arn: dict[str, SimJob] = field(default_factory=dict)
    active: dict[str, SimJob] = field(default_factory=dict)
    models: dict[str, CustomModel] = field(default_factory=dict)  # by name
    tokens: dict[str, tuple[str, str, datetime]] = field(default_factory=dict)


class BedrockService:
    """All regions of one account. Every operation first brings jobs up to the clock's time."""

    def __init__(self, clock: Clock, account: AccountView, *, seed: int = 0) -> None:
        self.clock = clock
        self.account = account
        self._rng = random.Random(seed)
        self._seed = seed
        self._lock = threading.RLock()
        self._regions: dict[str, RegionState] = {}

    def exclusive(self) -> threading.RLock:
        """Hold to make several operations one step (no clock tick in between)."""
        return self._lock

    def region(self, name: str) -> RegionState:
        if name not in self._regions:
            self._regions[name] = RegionState()
        return self._regions[name]

    # --- time -----------------------------------------------------------------------------

    def advance(self) -> None:
        """Run every transition due by now."""
        with self._lock:
            now = self.clock.now()
            for name, state in self._regions.items():
                effects = _Effects(self, name)
                for job in list(state.active.values()):
                    job.advance(now, effects)
                    if job.finished:
                        state.active.pop(job.name, None)

    # --- jobs -----------------------------------------------------------------------------

    def create_job(
        self, region: str, body: dict[str, Any], *, at: datetime | None = None
    ) -> dict[str, str]:
        """CreateModelCustomizationJob. ``at`` backdates the job (seeding a demo history)."""
        with self._lock:
            self.advance()
            state = self.region(region)
            problems = validate_request(body).errors
            if problems:
                raise _validation(_aws_validation_message(problems))
            now = at or self.clock.now()
            token = str(body.get("clientRequestToken") or "")
            fingerprint = _fingerprint(body)
            earlier = state.tokens.get(token) if token else None
            if earlier is not None and now - earlier[2] < IDEMPOTENCY_WINDOW:
                if earlier[0] == fingerprint:
                    return {"jobArn": earlier[1]}
                raise ServiceError(
                    "ConflictException",
                    "The client request token was already used with a different request; reuse"
                    " a token only to retry the identical request.",
                )
            if body["jobName"] in state.jobs:
                # The wording of Bedrock's CreateModelImportJob for the same situation.
                raise _validation("The provided job name is currently in use.")
            if self._model_name_taken(state, body["customModelName"]):
                raise _validation("The provided custom model name is currently in use.")
            kind = kind_of(body)
            base_id, base_arn = self._resolve_base(state, region, body["baseModelIdentifier"], kind)
            if kind == "DISTILLATION":
                self._check_teacher(region, body, base_id)
            self._check_resources(region, body)
            kms_arn = None
            if body.get("customModelKmsKeyId"):
                kms_arn = self.account.kms_key_arn(body["customModelKmsKeyId"], region)
                if kms_arn is None:
                    raise _validation(
                        f"The KMS key {body['customModelKmsKeyId']} does not exist or Bedrock"
                        " cannot use it."
                    )
            job_id = self._new_id()
            job = SimJob(
                arn=f"arn:aws:bedrock:{region}:{ACCOUNT_ID}:model-customization-job/"
                f"{base_id}/{job_id}",
                name=body["jobName"],
                job_id=job_id,
                region=region,
                request=json.loads(json.dumps(body)),
                base_model_id=base_id,
                base_model_arn=base_arn,
                created=now,
                seed=_job_seed(self._seed, job_id),
                kms_key_arn=kms_arn,
                tags=[dict(t) for t in body.get("jobTags") or []],
            )
            job.start()
            self._store(state, job)
            if token:
                state.tokens[token] = (fingerprint, job.arn, now)
            return {"jobArn": job.arn}

    def _store(self, state: RegionState, job: SimJob) -> None:
        state.jobs[job.name] = job
        state.by_arn[job.arn] = job
        if not job.finished:
            state.active[job.name] = job

    def _new_id(self) -> str:
        alphabet = string.ascii_lowercase + string.digits
        return "".join(self._rng.choice(alphabet) for _ in range(12))

    def _model_name_taken(self, state: RegionState, name: str) -> bool:
        if name in state.models:
            return True
        return any(job.custom_model_name == name for job in state.active.values())

    def _resolve_base(
        self, state: RegionState, region: str, identifier: str, kind: str
    ) -> tuple[str, str]:
        """(foundation model ID, base model ARN) for a model ID, its ARN, or a custom model."""
        catalog = load_catalog()
        custom = state.models.get(identifier) or next(
            (m for m in state.models.values() if m.arn == identifier), None
        )
        if custom is not None:
            return custom.job.base_model_id, custom.arn
        model_id, is_custom = parse_model_identifier(identifier)
        if is_custom:
            raise ServiceError(
                "ResourceNotFoundException", f"The base model {identifier} was not found."
            )
        model = catalog.model(model_id) if model_id else None
        if model is None or region not in model.regions:
            suffix = ""
            match = catalog.match(identifier)
            if match is not None and not match.exact and region in match.model.regions:
                suffix = f" Use the customizable version {match.model.id}."
            raise _validation(
                f"The base model {identifier} is not supported for customization in {region}."
                f"{suffix}"
            )
        if not model.supports(kind):
            raise _validation(f"The base model {model.id} does not support {kind}.")
        return model.id, f"arn:aws:bedrock:{region}::foundation-model/{model.id}"

    def _check_teacher(self, region: str, body: dict[str, Any], student: str) -> None:
        catalog = load_catalog()
        config = body["customizationConfig"]["distillationConfig"]["teacherModelConfig"]
        identifier = config["teacherModelIdentifier"]
        teacher = catalog.teacher(identifier)
        if teacher is None or region not in teacher.regions:
            raise _validation(f"The teacher model {identifier} is not supported in {region}.")
        if student not in teacher.students:
            raise _validation(
                f"The teacher model {teacher.id} cannot distill into {student}; it teaches"
                f" {', '.join(teacher.students)}."
            )
        if teacher.invocation == "inference-profile" and ":inference-profile/" not in identifier:
            raise _validation(
                f"The teacher model {teacher.id} is available only through a cross-Region"
                " inference profile; give the inference profile ARN."
            )

    def _check_resources(self, region: str, body: dict[str, Any]) -> None:
        if not self.account.role_trusts_bedrock(body["roleArn"]):
            raise _validation("Could not assume provided IAM role.")
        vpc = body.get("vpcConfig")
        if vpc:
            missing = self.account.missing_subnets(vpc["subnetIds"], region)
            if missing:
                raise _validation(f"The subnet ID '{missing[0]}' does not exist.")
            missing = self.account.missing_security_groups(vpc["securityGroupIds"], region)
            if missing:
                raise _validation(f"The security group ID '{missing[0]}' does not exist.")
        grader = (
            ((body.get("customizationConfig") or {}).get("rftConfig") or {}).get("graderConfig")
            or {}
        ).get("lambdaGrader")
        if grader and not self.account.lambda_exists(grader["lambdaArn"]):
            raise _validation(
                f"The Lambda function {grader['lambdaArn']} used as grader does not exist."
            )

    def find_job(self, region: str, identifier: str) -> SimJob:
        state = self.region(region)
        job = state.by_arn.get(identifier) or state.jobs.get(identifier)
        if job is None:
            raise ServiceError(
                "ResourceNotFoundException",
                f"The model customization job {identifier} was not found.",
            )
        return job

    def get_job(self, region: str, identifier: str) -> dict[str, Any]:
        with self._lock:
            self.advance()
            return job_details(self.find_job(region, identifier))

    def stop_job(self, region: str, identifier: str) -> dict[str, Any]:
        with self._lock:
            self.advance()
            job = self.find_job(region, identifier)
            if job.status != "InProgress":
                raise ServiceError(
                    "ConflictException",
                    f"The model customization job {job.name} cannot be stopped because its"
                    f" status is {job.status}; only jobs in progress can be stopped.",
                )
            job.stop(self.clock.now())
            return {}

    def stop_job_at(self, region: str, identifier: str, at: datetime) -> None:
        """Stop a job as of ``at`` (seeding a demo history)."""
        with self._lock:
            job = self.find_job(region, identifier)
            job.advance(at, _Effects(self, region))
            if job.status == "InProgress":
                job.stop(at)

    def list_jobs(self, region: str, query: dict[str, str]) -> dict[str, Any]:
        with self._lock:
            self.advance()
            jobs = list(self.region(region).jobs.values())
            status = query.get("statusEquals")
            if status is not None and status not in JOB_STATUSES:
                raise _validation(
                    f"1 validation error detected: Value '{status}' at 'statusEquals' failed to"
                    f" satisfy constraint: Member must satisfy enum value set: {list(JOB_STATUSES)}"
                )
            if status:
                jobs = [j for j in jobs if j.status == status]
            name = query.get("nameContains", "").lower()
            if name:
                jobs = [j for j in jobs if name in j.name.lower()]
            return _listing(jobs, query, "modelCustomizationJobSummaries", job_summary)

    # --- models and tags ------------------------------------------------------------------

    def list_foundation_models(self, region: str, query: dict[str, str]) -> dict[str, Any]:
        return {"modelSummaries": filter_models(foundation_models(region), query)}

    def get_foundation_model(self, region: str, identifier: str) -> dict[str, Any]:
        model_id, _ = parse_model_identifier(identifier)
        for model in foundation_models(region):
            if model["modelId"] in (identifier, model_id):
                return {"modelDetails": model}
        raise ServiceError(
            "ResourceNotFoundException", f"The foundation model {identifier} was not found."
        )

    def list_custom_models(self, region: str, query: dict[str, str]) -> dict[str, Any]:
        with self._lock:
            self.advance()
            models = list(self.region(region).models.values())
            name = query.get("nameContains", "").lower()
            if name:
                models = [m for m in models if name in m.name.lower()]
            base = query.get("baseModelArnEquals") or query.get("foundationModelArnEquals")
            if base:
                models = [m for m in models if m.base_model_arn == base]
            return _listing(models, query, "modelSummaries", custom_model_summary)

    def get_custom_model(self, region: str, identifier: str) -> dict[str, Any]:
        with self._lock:
            self.advance()
            state = self.region(region)
            model = state.models.get(identifier) or next(
                (m for m in state.models.values() if m.arn == identifier), None
            )
            if model is None:
                raise ServiceError(
                    "ResourceNotFoundException", f"The custom model {identifier} was not found."
                )
            return custom_model_details(model)

    def _taggable(self, region: str, arn: str) -> list[dict[str, str]]:
        state = self.region(region)
        if arn in state.by_arn:
            return state.by_arn[arn].tags
        for model in state.models.values():
            if model.arn == arn:
                return model.tags
        raise ServiceError("ResourceNotFoundException", f"The resource {arn} was not found.")

    def list_tags(self, region: str, body: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            return {"tags": [dict(t) for t in self._taggable(region, body.get("resourceARN", ""))]}

    def tag_resource(self, region: str, body: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            tags = self._taggable(region, body.get("resourceARN", ""))
            for new in body.get("tags") or []:
                tags[:] = [t for t in tags if t["key"] != new["key"]] + [dict(new)]
            if len(tags) > 200:
                raise ServiceError("TooManyTagsException", "A resource can have at most 200 tags.")
            return {}

    def untag_resource(self, region: str, body: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            tags = self._taggable(region, body.get("resourceARN", ""))
            drop = set(body.get("tagKeys") or [])
            tags[:] = [t for t in tags if t["key"] not in drop]
            return {}

    def import_history(self, region: str, jobs: list[SimJob]) -> None:
        """Add finished jobs as they are, without running them: scale tests and benchmarks."""
        with self._lock:
            state = self.region(region)
            for job in jobs:
                state.jobs[job.name] = job
                state.by_arn[job.arn] = job

    def job_count(self, region: str) -> int:
        return len(self.region(region).jobs)


class _Effects:
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
            result = _read_jsonl(account, location, self.region)
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
            result = _read_jsonl(account, S3Location.parse(validator["s3Uri"]), self.region)
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
        model_id = self.service._new_id()
        job.output_model_arn = (
            f"arn:aws:bedrock:{self.region}:{ACCOUNT_ID}:custom-model/"
            f"{job.base_model_id}/{model_id}"
        )
        catalog = load_catalog()
        base = catalog.model(job.base_model_id)
        state.models[job.custom_model_name] = CustomModel(
            arn=job.output_model_arn,
            name=job.custom_model_name,
            job=job,
            created=job.end_time or self.service.clock.now(),
            base_model_arn=job.base_model_arn,
            base_model_name=base.name if base else job.base_model_id,
            tags=[dict(t) for t in job.request.get("customModelTags") or []],
        )


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


def _read_jsonl(account: AccountView, location: S3Location, region: str) -> int | str:
    """The number of records, or the failure message Bedrock gives for the file."""
    data = account.read(location, region)
    if data is None:
        return _get_object_failure(location)
    unparsable = (
        f"Unable to parse Amazon S3 file: {location.name}. Data files must conform to JSONL format."
    )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return unparsable
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines:
        return unparsable
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            return unparsable
        if not isinstance(record, dict):
            return unparsable
    return len(lines)


# --- responses ------------------------------------------------------------------------------


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _status_details(job: SimJob) -> dict[str, Any]:
    out = {}
    for name, stage in job.stages.items():
        entry: dict[str, Any] = {"status": stage.status}
        if stage.created:
            entry["creationTime"] = _iso(stage.created)
        if stage.modified:
            entry["lastModifiedTime"] = _iso(stage.modified)
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
        "creationTime": _iso(job.created),
        "lastModifiedTime": _iso(job.last_modified),
        "baseModelArn": job.base_model_arn,
        "trainingDataConfig": request["trainingDataConfig"],
        "validationDataConfig": request.get("validationDataConfig") or {"validators": []},
        "outputDataConfig": request["outputDataConfig"],
        "customizationType": job.customization_type,
    }
    optional = {
        "outputModelArn": job.output_model_arn,
        "failureMessage": job.failure,
        "endTime": _iso(job.end_time),
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
        "lastModifiedTime": _iso(job.last_modified),
        "creationTime": _iso(job.created),
        "endTime": _iso(job.end_time),
        "customModelArn": job.output_model_arn,
        "customModelName": job.custom_model_name,
        "customizationType": job.customization_type,
    }
    return {k: v for k, v in out.items() if v is not None}


def custom_model_summary(model: CustomModel) -> dict[str, Any]:
    return {
        "modelArn": model.arn,
        "modelName": model.name,
        "creationTime": _iso(model.created),
        "baseModelArn": model.base_model_arn,
        "baseModelName": model.base_model_name,
        "customizationType": model.job.customization_type,
        "ownerAccountId": ACCOUNT_ID,
        "modelStatus": "Active",
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
        "creationTime": _iso(model.created),
        "customizationConfig": job.request.get("customizationConfig"),
        "modelStatus": "Active",
    }
    return {k: v for k, v in out.items() if v is not None}


# --- listing helpers --------------------------------------------------------------------------


def _parse_time(text: str, name: str) -> datetime:
    from datetime import UTC

    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            value = datetime.fromtimestamp(float(text), UTC)
        except ValueError:
            raise _validation(f"Invalid timestamp for {name}: {text}") from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# A job or a custom model: what the List calls page through.
Listed = TypeVar("Listed", SimJob, CustomModel)


def _listing(
    items: list[Listed],
    query: dict[str, str],
    key: str,
    summarize: Callable[[Listed], dict[str, Any]],
) -> dict[str, Any]:
    """The creation-time filters, sort order and pagination every List call shares."""
    items = _time_filtered(items, query)
    page, token = _page(_sorted(items, query), query)
    out: dict[str, Any] = {key: [summarize(item) for item in page]}
    if token:
        out["nextToken"] = token
    return out


def _time_filtered(items: list[Listed], query: dict[str, str]) -> list[Listed]:
    if "creationTimeAfter" in query:
        after = _parse_time(query["creationTimeAfter"], "creationTimeAfter")
        items = [i for i in items if i.created > after]
    if "creationTimeBefore" in query:
        before = _parse_time(query["creationTimeBefore"], "creationTimeBefore")
        items = [i for i in items if i.created < before]
    return items


def _sorted(items: list[Listed], query: dict[str, str]) -> list[Listed]:
    sort_by = query.get("sortBy", "CreationTime")
    if sort_by != "CreationTime":
        raise _validation(
            f"1 validation error detected: Value '{sort_by}' at 'sortBy' failed to satisfy"
            " constraint: Member must satisfy enum value set: [CreationTime]"
        )
    order = query.get("sortOrder", "Descending")
    if order not in ("Ascending", "Descending"):
        raise _validation(
            f"1 validation error detected: Value '{order}' at 'sortOrder' failed to satisfy"
            " constraint: Member must satisfy enum value set: [Ascending, Descending]"
        )
    # Python's sort is stable: jobs created in the same instant keep their creation order.
    return sorted(items, key=lambda i: i.created, reverse=order == "Descending")


def _page(items: list[Listed], query: dict[str, str]) -> tuple[list[Listed], str | None]:
    """One page after the cursor in ``nextToken``; the cursor is the last item's ARN."""
    try:
        limit = int(query.get("maxResults", "1000"))
    except ValueError:
        raise _validation("maxResults must be a number from 1 to 1000.") from None
    if not 1 <= limit <= 1000:
        raise _validation(
            f"1 validation error detected: Value '{limit}' at 'maxResults' failed to satisfy"
            " constraint: Member must have value between 1 and 1000"
        )
    start = 0
    token = query.get("nextToken")
    if token:
        try:
            after = json.loads(base64.urlsafe_b64decode(token.encode()))["after"]
        except (ValueError, KeyError, TypeError):
            raise _validation("The provided pagination token is invalid.") from None
        found = next((i + 1 for i, item in enumerate(items) if item.arn == after), None)
        if found is None:
            raise _validation("The provided pagination token is invalid or has expired.")
        start = found
    page = items[start : start + limit]
    more = start + limit < len(items)
    if not more or not page:
        return page, None
    cursor = json.dumps({"after": page[-1].arn}).encode()
    return page, base64.urlsafe_b64encode(cursor).decode()


# --- validation messages --------------------------------------------------------------------


def _job_seed(seed: int, job_id: str) -> int:
    return int(hashlib.sha256(f"{seed}:{job_id}".encode()).hexdigest()[:12], 16)


def _fingerprint(body: dict[str, Any]) -> str:
    rest = {k: v for k, v in body.items() if k != "clientRequestToken"}
    return hashlib.sha256(json.dumps(rest, sort_keys=True).encode()).hexdigest()


def _aws_validation_message(problems: list[Any]) -> str:
    """AWS's shape: ``N validation error(s) detected: Value 'x' at 'path' failed to ...``."""
    parts = []
    for problem in problems:
        value = problem.value
        shown = "" if value is None else f" '{_short(value)}'"
        constraint = problem.aws or problem.message
        parts.append(f"Value{shown} at '{problem.path}' failed to satisfy constraint: {constraint}")
    count = len(parts)
    noun = "error" if count == 1 else "errors"
    return f"{count} validation {noun} detected: " + "; ".join(parts)


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    return text if len(text) <= 80 else text[:77] + "..."
