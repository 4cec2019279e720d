"""The requests that serve a custom model, member for member as in botocore's service model.

As with ``ftui.core.request``, class names are the shapes' names and attributes their members;
``tests/test_service_model.py`` walks botocore's shape tree against these too.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field

from ftui.core.constraints import Pattern
from ftui.core.request import IdempotencyToken, Shape, TagList

CommitmentDuration = Literal["OneMonth", "SixMonths"]

ModelDeploymentName = Annotated[
    str,
    Field(min_length=1, max_length=63),
    Pattern(
        r"([0-9a-zA-Z][_-]?){1,63}",
        "must start with a letter or digit and contain only letters, digits, '-' and '_',"
        " never two of '-' and '_' in a row",
    ),
]
CustomModelArn = Annotated[
    str,
    Field(min_length=20, max_length=1011),
    Pattern(
        r"arn:aws(|-us-gov|-cn|-iso|-iso-b):bedrock:[a-z0-9-]{1,20}:[0-9]{12}:custom-model/"
        r"(imported|[a-z0-9-]{1,63}[.]{1}[a-z0-9-]{1,63}([a-z0-9-]{1,63}[.]){0,2}[a-z0-9-]{1,63}"
        r"([:][a-z0-9-]{1,63}){0,2})/[a-z0-9]{12}",
        "must be a custom model's ARN (arn:aws:bedrock:REGION:ACCOUNT:custom-model/BASE/ID)",
    ),
]
ModelDeploymentDescription = Annotated[
    str, Field(min_length=1, max_length=2048), Pattern(r".*", "may be any text")
]
ProvisionedModelName = Annotated[
    str,
    Field(min_length=1, max_length=63),
    Pattern(
        r"([0-9a-zA-Z][_-]?)+",
        "must start with a letter or digit and contain only letters, digits, '-' and '_',"
        " never two of '-' and '_' in a row",
    ),
]
ProvisionedModelId = Annotated[
    str,
    Field(min_length=1, max_length=2048),
    Pattern(
        r"arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:(([0-9]{12}:custom-model/((imported)|"
        r"([a-z0-9-]{1,63}[.]{1}[a-z0-9-]{1,63}))(([:][a-z0-9-]{1,63}){0,2})?/[a-z0-9]{12})|"
        r"(:foundation-model/([a-z0-9-]{1,63}[.]{1}[a-z0-9-]{1,63}([.]?[a-z0-9-]{1,63})"
        r"([:][a-z0-9-]{1,63}){0,2})))|(([a-z0-9-]{1,63}[.]{1}[a-z0-9-]{1,63}([.]?[a-z0-9-]{1,63})"
        r"([:][a-z0-9-]{1,63}){0,2}))|(([0-9a-zA-Z][_-]?)+)",
        "must be a custom model's ARN or name, or a foundation model's ID or ARN",
    ),
]


class CreateCustomModelDeploymentRequest(Shape):
    modelDeploymentName: ModelDeploymentName = Field(
        description="Unique within the account and region; clients find it by this name."
    )
    modelArn: CustomModelArn = Field(description="The custom model to serve (Active).")
    description: ModelDeploymentDescription | None = Field(None, description="What it is for.")
    tags: TagList | None = Field(None, description="Tags for cost allocation.")
    clientRequestToken: IdempotencyToken | None = Field(
        None, description="A retry with the same token creates no second deployment."
    )


class CreateProvisionedModelThroughputRequest(Shape):
    clientRequestToken: IdempotencyToken | None = Field(
        None, description="A retry with the same token buys no second throughput."
    )
    modelUnits: Annotated[int, Field(ge=1)] = Field(
        description="Model units bought: each is billed by the hour."
    )
    provisionedModelName: ProvisionedModelName = Field(description="Its name.")
    modelId: ProvisionedModelId = Field(description="The custom model to serve (ARN or name).")
    commitmentDuration: CommitmentDuration | None = Field(
        None, description="None: hourly, delete any time. A term: cheaper, not cancellable."
    )
    tags: TagList | None = Field(None, description="Tags for cost allocation.")


def suggested_name(model_name: str, suffix: str = "live") -> str:
    """``support-bot-micro-v4-live``: valid as a deployment's and a throughput's name."""
    stem = re.sub(r"[^0-9a-zA-Z]+", "-", model_name).strip("-_") or "model"
    return f"{stem[: 62 - len(suffix)].rstrip('-_')}-{suffix}"
