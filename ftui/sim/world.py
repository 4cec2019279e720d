"""The demo world: an account with data, roles, a network, keys, a grader and a job history.

The resources are made through the emulator's public API (:mod:`ftui.sim.seeding.resources`),
and the jobs (:mod:`ftui.sim.seeding.requests`) through the same CreateModelCustomizationJob
path a user's go through, backdated so the history has jobs in every state with realistic
times, metrics and failure messages; two of the finished models are then served, backdated
too, so they are Active and InService from the start.
"""

from __future__ import annotations

from datetime import timedelta

from ftui.core.draft import Draft
from ftui.core.profiles import Profile, ProfileStore
from ftui.sim.bedrock import deployments, throughputs
from ftui.sim.seeding.names import (
    ACCOUNT,
    DATA_BUCKET,
    GRADER_ARN,
    GRADER_NAME,
    KMS_ALIAS,
    LOGS_BUCKET,
    LOGS_PREFIX,
    NO_ACCESS_ROLE_ARN,
    NO_ACCESS_ROLE_NAME,
    OREGON_OUTPUT_BUCKET,
    OUTPUT_BUCKET,
    REGIONS,
    ROLE_ARN,
    ROLE_NAME,
    TEAM_PATH,
    TEAM_ROLES,
    UNCONDITIONED_ROLE_ARN,
    UNCONDITIONED_ROLE_NAME,
    UNTRUSTED_ROLE_ARN,
    UNTRUSTED_ROLE_NAME,
)
from ftui.sim.seeding.names import trust as _trust
from ftui.sim.seeding.requests import (
    demo_jobs,
    distillation_request,
    job_request,
    rft_request,
)
from ftui.sim.seeding.resources import (
    seed_archive,
    seed_grader,
    seed_key_and_network,
    seed_logging,
    seed_roles,
    seed_storage,
)
from ftui.sim.server import SimServer

__all__ = [
    "ACCOUNT",
    "DATA_BUCKET",
    "GRADER_ARN",
    "GRADER_NAME",
    "KMS_ALIAS",
    "LOGS_BUCKET",
    "LOGS_PREFIX",
    "MONITORED",
    "NO_ACCESS_ROLE_ARN",
    "NO_ACCESS_ROLE_NAME",
    "OREGON_OUTPUT_BUCKET",
    "OUTPUT_BUCKET",
    "REGIONS",
    "ROLE_ARN",
    "ROLE_NAME",
    "TEAM_PATH",
    "TEAM_ROLES",
    "UNCONDITIONED_ROLE_ARN",
    "UNCONDITIONED_ROLE_NAME",
    "UNTRUSTED_ROLE_ARN",
    "UNTRUSTED_ROLE_NAME",
    "_trust",
    "seed_first",
    "seed_profiles",
    "seed_rest",
    "seed_world",
]


# What the jobs monitor, ftui's first screen, reads: made first (see seed_first).
MONITORED = frozenset({"bedrock", "s3", "sts"})


def seed_world(sim: SimServer) -> None:
    """Make the demo account in ``sim``: what the jobs monitor shows, then the rest."""
    seed_first(sim)
    seed_rest(sim)


def seed_first(sim: SimServer) -> None:
    """The job history and what its jobs read (data, their role, the grader, invocation logs),
    and the models in use: calls to :data:`MONITORED` services may be answered after this."""
    seed_storage(sim)
    seed_roles(sim)
    seed_grader(sim)
    seed_logging(sim)
    _seed_jobs(sim)
    _seed_serving(sim)


def seed_rest(sim: SimServer) -> None:
    """What no seeded job needs: the key, the network and the data archive that drafts and
    pickers offer."""
    seed_key_and_network(sim)
    seed_archive(sim)


def _seed_jobs(sim: SimServer) -> None:
    with sim.bedrock.exclusive():  # the clock must not tick a backdated job past its stop
        now = sim.clock.now()
        for seeded in sorted(demo_jobs(), key=lambda s: -s.hours_ago):
            at = now - timedelta(hours=seeded.hours_ago)
            body = {**seeded.request, "clientRequestToken": f"demo-{seeded.request['jobName']}"}
            sim.bedrock.create_job(seeded.region, body, at=at)
            if seeded.stop_after_hours is not None:
                stop_at = at + timedelta(hours=seeded.stop_after_hours)
                sim.bedrock.stop_job_at(seeded.region, seeded.request["jobName"], stop_at)
        sim.bedrock.advance()


def _seed_serving(sim: SimServer) -> None:
    """Two finished models in use, one by each kind of serving, so deleting either is refused.

    support-bot-micro-v3 and v4 stay undeployed: deploying one and trying it beside Nova Micro
    is the demo's to do.
    """
    now = sim.clock.now()
    tags = [{"key": "team", "value": "ml-platform"}]
    deployment = {
        "modelDeploymentName": "nova-lite-distilled-live",
        "modelArn": sim.bedrock.region("us-east-1").models["nova-lite-distilled-v1"].arn,
        "description": "Support answers distilled from Nova Pro's, on the help center",
        "tags": tags,
    }
    deployments.create(sim.bedrock, "us-east-1", deployment, at=now - timedelta(hours=20))
    throughput = {
        "provisionedModelName": "support-bot-micro-v3-5-epochs-pt",
        "modelId": "support-bot-micro-v3-5-epochs",
        "modelUnits": 1,
        "tags": tags,
    }
    throughputs.create(sim.bedrock, "us-east-1", throughput, at=now - timedelta(hours=46))


def seed_profiles(store: ProfileStore) -> None:
    """Sample profiles, one of each kind and a draft still in progress; existing ones are kept."""
    nova = "amazon.nova-micro-v1:0:128k"
    samples = [
        Profile(
            "nova-support-bot",
            Draft(
                job_request(
                    "support-bot-nova-micro-ft-005",
                    "support-bot-micro-v5",
                    nova,
                    "support/train.jsonl",
                    validation="support/validation.jsonl",
                    hyper={"epochCount": 2, "learningRate": 1e-05, "learningRateWarmupSteps": 10},
                )
            ),
            description="Support answers on Nova Micro, from the support transcripts",
            region="us-east-1",
        ),
        Profile(
            "titan-docs-cpt",
            Draft(
                job_request(
                    "titan-docs-cpt-003",
                    "titan-docs-cpt-v3",
                    "amazon.titan-text-express-v1:0:8k",
                    "docs/corpus.jsonl",
                    kind="CONTINUED_PRE_TRAINING",
                    hyper={"epochCount": 1, "batchSize": 1, "learningRate": 1e-05},
                )
            ),
            description="Continued pre-training of Titan Express on the product docs",
            region="us-east-1",
        ),
        Profile(
            "distill-nova-micro",
            Draft(
                distillation_request(
                    "nova-micro-distill-003", "nova-micro-distilled-v3", from_logs=False
                )
            ),
            description="Nova Pro teaches Nova Micro the support answers",
            region="us-east-1",
        ),
        Profile(
            "rft-math-grader",
            Draft(rft_request("nova2-math-rft-002", "nova2-math-rft-v2")),
            description="Reinforcement fine-tuning of Nova 2 Lite, graded by a Lambda",
            region="us-east-1",
        ),
        Profile(
            "draft-haiku-classifier",
            Draft(
                {
                    "jobName": "ticket classifier",
                    "baseModelIdentifier": "anthropic.claude-3-haiku-20240307-v1:0:200k",
                    "hyperParameters": {"epochCount": 12},
                }
            ),
            description="Unfinished: the job name has a space and 12 epochs is too many",
            region="us-west-2",
        ),
    ]
    existing = {entry.name for entry in store.list()}
    for profile in samples:
        if profile.name not in existing:
            store.save(profile)
