"""The simulated Bedrock control plane for model customization: state and operations.

Behaviour follows the API reference and the user guide where they say something; where they do
not (exact error texts), messages are modelled on Bedrock's sibling APIs and marked so.
"""

from __future__ import annotations

import hashlib
import json
import random
import string
import threading
from datetime import datetime
from typing import Any

from ftui.core.catalog import load_catalog, parse_model_identifier
from ftui.core.draft import validate_request
from ftui.core.kinds import kind_of
from ftui.sim.bedrock import tokens
from ftui.sim.bedrock.account import AccountView
from ftui.sim.bedrock.effects import Effects
from ftui.sim.bedrock.foundation import filter_models, foundation_models
from ftui.sim.bedrock.jobs import SimJob
from ftui.sim.bedrock.listing import filter_custom_models, listing
from ftui.sim.bedrock.model import (
    ACCOUNT_ID,
    JOB_STATUSES,
    STATUS_CODES,
    CustomModel,
    RegionState,
    ServiceError,
    validation,
)
from ftui.sim.bedrock.serving import advance_serving, find_model
from ftui.sim.bedrock.views import (
    custom_model_details,
    custom_model_summary,
    job_details,
    job_summary,
)
from ftui.sim.clock import Clock

MAX_TAGS = 200

__all__ = [
    "ACCOUNT_ID",
    "JOB_STATUSES",
    "STATUS_CODES",
    "BedrockService",
    "CustomModel",
    "RegionState",
    "ServiceError",
]


class BedrockService:
    """All regions of one account. Every operation first brings jobs up to the clock's time."""

    def __init__(self, clock: Clock, account: AccountView, *, seed: int = 0) -> None:
        self.clock = clock
        self.account = account
        self._rng = random.Random(seed)
        self._seed = seed
        self._lock = threading.RLock()
        self._regions: dict[str, RegionState] = {}
        # What validation found in a data file (records, or Bedrock's failure message), by
        # "ETag path rules": the same content read by the same rules. The demo's history
        # validates a handful of files thirty times; ``ftui --demo`` keeps them between runs.
        self.verdicts: dict[str, int | str] = {}

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
                effects = Effects(self, name)
                for job in list(state.active.values()):
                    job.advance(now, effects)
                    if job.finished:
                        state.active.pop(job.name, None)
                advance_serving(state, now)

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
                raise validation(_aws_validation_message(problems))
            now = at or self.clock.now()
            made = tokens.earlier(state, "CreateModelCustomizationJob", body, now)
            if made is not None:
                return {"jobArn": made}
            if body["jobName"] in state.jobs:
                # The wording of Bedrock's CreateModelImportJob for the same situation.
                raise validation("The provided job name is currently in use.")
            if self._model_name_taken(state, body["customModelName"]):
                raise validation("The provided custom model name is currently in use.")
            kind = kind_of(body)
            base_id, base_arn = self._resolve_base(state, region, body["baseModelIdentifier"], kind)
            if kind == "DISTILLATION":
                self._check_teacher(region, body, base_id)
            self._check_resources(region, body)
            kms_arn = None
            if body.get("customModelKmsKeyId"):
                kms_arn = self.account.kms_key_arn(body["customModelKmsKeyId"], region)
                if kms_arn is None:
                    raise validation(
                        f"The KMS key {body['customModelKmsKeyId']} does not exist or Bedrock"
                        " cannot use it."
                    )
            job_id = self.new_id()
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
            tokens.remember(state, "CreateModelCustomizationJob", body, job.arn, now)
            return {"jobArn": job.arn}

    def _store(self, state: RegionState, job: SimJob) -> None:
        state.jobs[job.name] = job
        state.by_arn[job.arn] = job
        if not job.finished:
            state.active[job.name] = job

    def new_id(self) -> str:
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
            raise validation(
                f"The base model {identifier} is not supported for customization in {region}."
                f"{suffix}"
            )
        if not model.supports(kind):
            raise validation(f"The base model {model.id} does not support {kind}.")
        return model.id, f"arn:aws:bedrock:{region}::foundation-model/{model.id}"

    def _check_teacher(self, region: str, body: dict[str, Any], student: str) -> None:
        catalog = load_catalog()
        config = body["customizationConfig"]["distillationConfig"]["teacherModelConfig"]
        identifier = config["teacherModelIdentifier"]
        teacher = catalog.teacher(identifier)
        if teacher is None or region not in teacher.regions:
            raise validation(f"The teacher model {identifier} is not supported in {region}.")
        if student not in teacher.students:
            raise validation(
                f"The teacher model {teacher.id} cannot distill into {student}; it teaches"
                f" {', '.join(teacher.students)}."
            )
        if teacher.invocation == "inference-profile" and ":inference-profile/" not in identifier:
            raise validation(
                f"The teacher model {teacher.id} is available only through a cross-Region"
                " inference profile; give the inference profile ARN."
            )

    def _check_resources(self, region: str, body: dict[str, Any]) -> None:
        if not self.account.role_trusts_bedrock(body["roleArn"], region):
            raise validation("Could not assume provided IAM role.")
        vpc = body.get("vpcConfig")
        if vpc:
            missing = self.account.missing_subnets(vpc["subnetIds"], region)
            if missing:
                raise validation(f"The subnet ID '{missing[0]}' does not exist.")
            missing = self.account.missing_security_groups(vpc["securityGroupIds"], region)
            if missing:
                raise validation(f"The security group ID '{missing[0]}' does not exist.")
        grader = (
            ((body.get("customizationConfig") or {}).get("rftConfig") or {}).get("graderConfig")
            or {}
        ).get("lambdaGrader")
        if grader and not self.account.lambda_exists(grader["lambdaArn"]):
            raise validation(
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
            job.advance(at, Effects(self, region))
            if job.status == "InProgress":
                job.stop(at)

    def list_jobs(self, region: str, query: dict[str, str]) -> dict[str, Any]:
        with self._lock:
            self.advance()
            jobs = list(self.region(region).jobs.values())
            status = query.get("statusEquals")  # one of JOB_STATUSES: routes checked it
            if status:
                jobs = [j for j in jobs if j.status == status]
            name = query.get("nameContains", "").lower()
            if name:
                jobs = [j for j in jobs if name in j.name.lower()]
            return listing(jobs, query, "modelCustomizationJobSummaries", job_summary)

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
            models = filter_custom_models(models, region, query)
            return listing(models, query, "modelSummaries", custom_model_summary)

    def get_custom_model(self, region: str, identifier: str) -> dict[str, Any]:
        with self._lock:
            self.advance()
            return custom_model_details(find_model(self.region(region), identifier))

    def _taggable(self, region: str, arn: str) -> list[dict[str, str]]:
        state = self.region(region)
        if arn in state.by_arn:
            return state.by_arn[arn].tags
        serving = state.deployments.get(arn) or state.throughputs.get(arn)
        if serving is not None:
            return serving.tags
        for model in state.models.values():
            if model.arn == arn:
                return model.tags
        raise ServiceError("ResourceNotFoundException", f"The resource {arn} was not found.")

    def list_tags(self, region: str, body: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            return {"tags": [dict(t) for t in self._taggable(region, body.get("resourceARN", ""))]}

    def tag_resource(self, region: str, body: dict[str, Any]) -> dict[str, Any]:
        """Add or overwrite tags: all of them, or none when the result would be refused."""
        with self._lock:
            tags = self._taggable(region, body.get("resourceARN", ""))
            merged = {t["key"]: dict(t) for t in tags}
            for new in body.get("tags") or []:
                merged.pop(new["key"], None)  # a changed tag moves to the end, as it always did
                merged[new["key"]] = {"key": new["key"], "value": new["value"]}
            if len(merged) > MAX_TAGS:
                raise ServiceError(
                    "TooManyTagsException",
                    f"A resource can have at most {MAX_TAGS} tags; this request would leave"
                    f" {len(merged)}.",
                )
            tags[:] = list(merged.values())
            return {}

    def untag_resource(self, region: str, body: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            tags = self._taggable(region, body.get("resourceARN", ""))
            drop = {key for key in body.get("tagKeys") or [] if isinstance(key, str)}
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


# --- validation messages --------------------------------------------------------------------


def _job_seed(seed: int, job_id: str) -> int:
    return int(hashlib.sha256(f"{seed}:{job_id}".encode()).hexdigest()[:12], 16)


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
