"""Many finished jobs for the monitor's benchmark: 10,000 rows without running 10,000 jobs."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from ftui.sim.bedrock.jobs import SimJob
from ftui.sim.seeding.names import ACCOUNT
from ftui.sim.seeding.requests import job_request


def history(count: int, region: str = "us-east-1", *, end: datetime | None = None) -> list[SimJob]:
    """``count`` finished jobs over the last 90 days (80% completed, 15% failed, 5% stopped)."""
    end = end or datetime.now(UTC)
    rng = random.Random(count)
    models = (
        "amazon.nova-micro-v1:0:128k",
        "amazon.nova-lite-v1:0:300k",
        "amazon.nova-pro-v1:0:300k",
    )
    jobs = []
    for index in range(count):
        created = end - timedelta(minutes=rng.uniform(60, 90 * 24 * 60))
        model = rng.choice(models)
        job_id = f"{index:012d}"
        name = f"history-{index:05d}"
        job = SimJob(
            arn=f"arn:aws:bedrock:{region}:{ACCOUNT}:model-customization-job/{model}/{job_id}",
            name=name,
            job_id=job_id,
            region=region,
            request=job_request(name, f"{name}-model", model, "support/train.jsonl"),
            base_model_id=model,
            base_model_arn=f"arn:aws:bedrock:{region}::foundation-model/{model}",
            created=created,
            seed=index,
        )
        roll = rng.random()
        status = "Completed" if roll < 0.8 else "Failed" if roll < 0.95 else "Stopped"
        steps = [created + timedelta(minutes=m) for m in (5, 15, rng.uniform(50, 400))]
        job.stages["validationDetails"].move("InProgress", created)
        job.stages["validationDetails"].move(
            "Failed" if status == "Failed" else "Completed", steps[0]
        )
        if status != "Failed":
            job.stages["dataProcessingDetails"].move("InProgress", steps[0])
            job.stages["dataProcessingDetails"].move("Completed", steps[1])
            job.stages["trainingDetails"].move("InProgress", steps[1])
            job.stages["trainingDetails"].move(status, steps[2])
        job.status = status
        job.end_time = steps[0] if status == "Failed" else steps[2]
        job.last_modified = job.end_time
        if status == "Failed":
            job.failure = (
                "Unable to parse Amazon S3 file: train.jsonl. Data files must conform to JSONL"
                " format."
            )
        jobs.append(job)
    return jobs
