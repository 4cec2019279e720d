"""The ``CreateModelCustomizationJob`` request, member for member as in botocore's service model.

Class names are the service model's shape names and attribute names its member names, so a
path such as ``trainingDataConfig.invocationLogsConfig.requestMetadataFilters.andAll[0]`` means
the same here, in the AWS docs and in a ``--cli-input-json`` file. Every length, size, range,
enum and pattern is written out here once; ``tests/test_service_model.py`` walks botocore's
shape tree and fails if anything differs.

Only structure is checked here. Rules that span fields (a training source is required, the
customization type needs its config, hyperparameters fit the base model) live in ``rules``
and ``hyperparameters``.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from ftui.core.constraints import INT32_MAX, INT32_MIN, Pattern
from ftui.core.kinds import DEFAULT_CUSTOMIZATION_TYPE

CustomizationType = Literal[
    "FINE_TUNING",
    "CONTINUED_PRE_TRAINING",
    "DISTILLATION",
    "REINFORCEMENT_FINE_TUNING",
    "IMPORTED",
]
CUSTOMIZATION_TYPES: tuple[str, ...] = CustomizationType.__args__  # type: ignore[attr-defined]

ReasoningEffort = Literal["low", "medium", "high"]

# --- scalar shapes ------------------------------------------------------------------------------

JobName = Annotated[
    str,
    Field(min_length=1, max_length=63),
    Pattern(
        r"[a-zA-Z0-9](-*[a-zA-Z0-9\+\-\.])*",
        "must start with a letter or digit and contain only letters, digits, '+', '-' and '.'",
        # '-' is in the class, so "-*" adds nothing but exponential backtracking.
        safe=r"[a-zA-Z0-9][a-zA-Z0-9+\-.]*",
    ),
]
CustomModelName = Annotated[
    str,
    Field(min_length=1, max_length=63),
    Pattern(
        r"([0-9a-zA-Z][_-]?){1,63}",
        "must start with a letter or digit and contain only letters, digits, '-' and '_',"
        " never two of '-' and '_' in a row",
    ),
]
RoleArn = Annotated[
    str,
    Field(min_length=0, max_length=2048),
    Pattern(
        r"arn:aws(-[^:]+)?:iam::([0-9]{12})?:role/.+",
        "must be an IAM role ARN such as arn:aws:iam::123456789012:role/BedrockCustomization",
    ),
]
IdempotencyToken = Annotated[
    str,
    Field(min_length=1, max_length=256),
    Pattern(
        r"[a-zA-Z0-9]([-a-zA-Z0-9]{0,254}[a-zA-Z0-9])?",
        "must contain only letters, digits and '-', and start and end with a letter or digit",
    ),
]
BaseModelIdentifier = Annotated[
    str,
    Field(min_length=1, max_length=2048),
    Pattern(
        r"(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:(([0-9]{12}:custom-model/([a-z0-9-]{1,63}"
        r"[.]{1}[a-z0-9-]{1,63}([.]?[a-z0-9-]{1,63})([:][a-z0-9-]{1,63}){0,2})/[a-z0-9]{12})|"
        r"(:foundation-model/[a-z0-9-]{1,63}[.]{1}[a-z0-9-]{1,63}([:][a-z0-9-]{1,63}){0,2})))|"
        r"([a-z0-9-]{1,63}[.]{1}[a-z0-9-]{1,63}([.]?[a-z0-9-]{1,63})([:][a-z0-9-]{1,63}){0,2})|"
        r"(([0-9a-zA-Z][_-]?)+)",
        "must be a foundation model ID such as amazon.nova-micro-v1:0:128k, a foundation-model"
        " ARN, or a custom-model ARN",
    ),
]
KmsKeyId = Annotated[
    str,
    Field(min_length=1, max_length=2048),
    Pattern(
        r"(arn:aws(-[^:]+)?:kms:[a-zA-Z0-9-]*:[0-9]{12}:((key/[a-zA-Z0-9-]{36})|"
        r"(alias/[a-zA-Z0-9-_/]+)))|([a-zA-Z0-9-]{36})|(alias/[a-zA-Z0-9-_/]+)",
        "must be a KMS key ID (36 characters), a key ARN, an alias (alias/my-key) or an alias ARN",
    ),
]
TagKey = Annotated[
    str,
    Field(min_length=1, max_length=128),
    Pattern(
        r"[a-zA-Z0-9\s._:/=+@-]*",
        "may contain only letters, digits, spaces and . _ : / = + @ -",
    ),
]
TagValue = Annotated[
    str,
    Field(min_length=0, max_length=256),
    Pattern(
        r"[a-zA-Z0-9\s._:/=+@-]*",
        "may contain only letters, digits, spaces and . _ : / = + @ -",
    ),
]
S3Uri = Annotated[
    str,
    Field(min_length=1, max_length=1024),
    Pattern(
        r"s3://[a-z0-9][-.a-z0-9]{1,61}[a-z0-9](?:/[-!_*'().a-z0-9A-Z]+(?:/[-!_*'().a-z0-9A-Z]+)*)?/?",
        "must be an S3 URI such as s3://my-bucket/data/train.jsonl: a lower-case bucket name,"
        " then path parts of letters, digits and - ! _ * ' ( ) . (no spaces)",
    ),
]
RequestMetadataMapKeyString = Annotated[
    str,
    Field(min_length=1, max_length=256),
    Pattern(
        r"[a-zA-Z0-9\s._:/=+$@-]{1,256}",
        "may contain only letters, digits, spaces and . _ : / = + $ @ -",
    ),
]
RequestMetadataMapValueString = Annotated[
    str,
    Field(min_length=0, max_length=256),
    Pattern(
        r"[a-zA-Z0-9\s._:/=+$@-]{0,256}",
        "may contain only letters, digits, spaces and . _ : / = + $ @ -",
    ),
]
SubnetId = Annotated[
    str,
    Field(min_length=0, max_length=32),
    Pattern(r"[-0-9a-zA-Z]+", "must be a subnet ID such as subnet-0123456789abcdef0"),
]
SecurityGroupId = Annotated[
    str,
    Field(min_length=0, max_length=32),
    Pattern(r"[-0-9a-zA-Z]+", "must be a security group ID such as sg-0123456789abcdef0"),
]
TeacherModelIdentifier = Annotated[
    str,
    Pattern(
        r"(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:((:foundation-model/([a-z0-9-]{1,63}[.]{1}"
        r"[a-z0-9-]{1,63}([.]?[a-z0-9-]{1,63})([:][a-z0-9-]{1,63}){0,2})|(([0-9a-zA-Z][_-]?)+)$)|"
        r"([0-9]{12}:inference-profile/[a-zA-Z0-9-:.]+$)))|([a-z0-9-]{1,63}[.]{1}[a-z0-9-]{1,63}"
        r"([.]?[a-z0-9-]{1,63})([:][a-z0-9-]{1,63}){0,2})",
        "must be a foundation model ID such as amazon.nova-pro-v1:0, a foundation-model ARN,"
        " or an inference-profile ARN",
    ),
]
LambdaArn = Annotated[
    str,
    Field(min_length=1, max_length=512),
    Pattern(
        r"arn:(aws[a-zA-Z-]*)?:lambda:[a-z]{2}(-gov)?-[a-z]+-\d{1}:\d{12}:function:"
        r"[a-zA-Z0-9-_\.]+(:(\$LATEST|[a-zA-Z0-9-_]+))?",
        "must be a Lambda function ARN such as"
        " arn:aws:lambda:us-east-1:123456789012:function:my-grader",
    ),
]
# Smithy integers are 32-bit; the service refuses larger numbers even where no range is modelled.
Integer = Annotated[int, Field(ge=INT32_MIN, le=INT32_MAX)]

RequestMetadataMap = Annotated[
    dict[RequestMetadataMapKeyString, RequestMetadataMapValueString],
    Field(min_length=1, max_length=1),
]


# --- structures ---------------------------------------------------------------------------------


class Shape(BaseModel):
    """A structure of the service model: strict types, no unknown members."""

    model_config = ConfigDict(strict=True, extra="forbid", allow_inf_nan=False)


class UnionShape(Shape):
    """A service-model union: exactly one member must be set."""

    __aws_union__: ClassVar[bool] = True

    @model_validator(mode="after")
    def _exactly_one_member(self) -> UnionShape:
        names = list(type(self).model_fields)
        chosen = [name for name in names if getattr(self, name) is not None]
        if len(chosen) != 1:
            listed = ", ".join(names)
            if chosen:
                raise PydanticCustomError(
                    "aws_union",
                    "set only one of {members}; found {found}",
                    {"members": listed, "found": ", ".join(chosen)},
                )
            raise PydanticCustomError(
                "aws_union", "set one of {members}", {"members": listed, "found": ""}
            )
        return self


class Tag(Shape):
    key: TagKey = Field(description="Tag key.")
    value: TagValue = Field(description="Tag value (may be empty).")


TagList = Annotated[list[Tag], Field(min_length=0, max_length=200)]


class InvocationLogSource(UnionShape):
    s3Uri: S3Uri | None = Field(
        None, description="S3 prefix where model invocation logs are stored."
    )


class RequestMetadataBaseFilters(Shape):
    equals: RequestMetadataMap | None = Field(
        None, description="Include records whose request metadata has this key and value."
    )
    notEquals: RequestMetadataMap | None = Field(
        None, description="Exclude records whose request metadata has this key and value."
    )


RequestMetadataFiltersList = Annotated[
    list[RequestMetadataBaseFilters], Field(min_length=1, max_length=16)
]


class RequestMetadataFilters(UnionShape):
    equals: RequestMetadataMap | None = Field(None, description="Metadata key equals value.")
    notEquals: RequestMetadataMap | None = Field(
        None, description="Metadata key does not equal value."
    )
    andAll: RequestMetadataFiltersList | None = Field(
        None, description="All of these filters must match (1 to 16)."
    )
    orAll: RequestMetadataFiltersList | None = Field(
        None, description="Any of these filters may match (1 to 16)."
    )


class InvocationLogsConfig(Shape):
    usePromptResponse: bool | None = Field(
        None,
        description="Use the logged responses as they are (true) or only the prompts,"
        " letting the teacher answer them (false, the default).",
    )
    invocationLogSource: InvocationLogSource = Field(description="Where the invocation logs are.")
    requestMetadataFilters: RequestMetadataFilters | None = Field(
        None, description="Which logged requests to use, by their request metadata."
    )


class TrainingDataConfig(Shape):
    s3Uri: S3Uri | None = Field(None, description="S3 URI of the training data (JSONL).")
    invocationLogsConfig: InvocationLogsConfig | None = Field(
        None, description="Use model invocation logs as training data (distillation)."
    )


class Validator(Shape):
    s3Uri: S3Uri = Field(description="S3 URI of a validation data set (JSONL).")


class ValidationDataConfig(Shape):
    validators: Annotated[list[Validator], Field(min_length=0, max_length=10)] = Field(
        description="Validation data sets, up to 10."
    )


class OutputDataConfig(Shape):
    s3Uri: S3Uri = Field(description="S3 URI where the job writes its metrics and artifacts.")


class VpcConfig(Shape):
    subnetIds: Annotated[list[SubnetId], Field(min_length=1, max_length=16)] = Field(
        description="Subnets for the job's network interfaces (1 to 16)."
    )
    securityGroupIds: Annotated[list[SecurityGroupId], Field(min_length=1, max_length=5)] = Field(
        description="Security groups for the job's network interfaces (1 to 5)."
    )


class TeacherModelConfig(Shape):
    teacherModelIdentifier: TeacherModelIdentifier = Field(
        description="The teacher model: a model ID or ARN, or an inference-profile ARN."
    )
    maxResponseLengthForInference: Integer | None = Field(
        None, description="Maximum number of tokens the teacher may generate per response."
    )


class DistillationConfig(Shape):
    teacherModelConfig: TeacherModelConfig = Field(description="The teacher model.")


class LambdaGraderConfig(Shape):
    lambdaArn: LambdaArn = Field(description="ARN of the Lambda function that scores responses.")


class GraderConfig(UnionShape):
    lambdaGrader: LambdaGraderConfig | None = Field(
        None, description="A Lambda function as reward function."
    )


class RFTHyperParameters(Shape):
    epochCount: Annotated[int, Field(ge=1, le=50)] | None = Field(
        None, description="Passes over the training prompts."
    )
    batchSize: Annotated[int, Field(ge=16, le=512)] | None = Field(
        None, description="Prompts per training step."
    )
    learningRate: Annotated[float, Field(ge=1e-07, le=0.001)] | None = Field(
        None, description="Step size of the optimizer."
    )
    maxPromptLength: Integer | None = Field(
        None, description="Longest prompt, in tokens; longer prompts are cut."
    )
    trainingSamplePerPrompt: Annotated[int, Field(ge=2, le=16)] | None = Field(
        None, description="Responses sampled per prompt and scored by the grader."
    )
    inferenceMaxTokens: Integer | None = Field(
        None, description="Longest response the model may generate, in tokens."
    )
    reasoningEffort: ReasoningEffort | None = Field(
        None, description="How much the model reasons before answering."
    )
    evalInterval: Annotated[int, Field(ge=1, le=100)] | None = Field(
        None, description="Training steps between evaluations."
    )


class RFTConfig(Shape):
    graderConfig: GraderConfig | None = Field(None, description="The reward function.")
    hyperParameters: RFTHyperParameters | None = Field(
        None, description="Typed hyperparameters of reinforcement fine-tuning."
    )


class CustomizationConfig(UnionShape):
    distillationConfig: DistillationConfig | None = Field(
        None, description="Settings of a DISTILLATION job."
    )
    rftConfig: RFTConfig | None = Field(
        None, description="Settings of a REINFORCEMENT_FINE_TUNING job."
    )


class CreateModelCustomizationJobRequest(Shape):
    jobName: JobName = Field(description="Name of the job, unique in the account and region.")
    customModelName: CustomModelName = Field(description="Name of the model the job creates.")
    roleArn: RoleArn = Field(
        description="IAM role Bedrock assumes to read the data and write the output."
    )
    clientRequestToken: IdempotencyToken | None = Field(
        None, description="Idempotency token; ftui derives a stable one from the request."
    )
    baseModelIdentifier: BaseModelIdentifier = Field(
        description="Model to customize: a foundation model ID or ARN, or a custom-model ARN."
    )
    customizationType: CustomizationType | None = Field(
        None, description="Kind of customization; FINE_TUNING when absent."
    )
    customModelKmsKeyId: KmsKeyId | None = Field(
        None, description="KMS key that encrypts the custom model."
    )
    jobTags: TagList | None = Field(None, description="Tags for the job.")
    customModelTags: TagList | None = Field(None, description="Tags for the custom model.")
    trainingDataConfig: TrainingDataConfig = Field(description="Where the training data is.")
    validationDataConfig: ValidationDataConfig | None = Field(
        None, description="Where the validation data sets are."
    )
    outputDataConfig: OutputDataConfig = Field(description="Where the job writes its output.")
    hyperParameters: dict[str, str] | None = Field(
        None, description="Hyperparameters; every value is a string on the wire."
    )
    vpcConfig: VpcConfig | None = Field(None, description="VPC for the job's data access.")
    customizationConfig: CustomizationConfig | None = Field(
        None, description="Distillation or reinforcement fine-tuning settings."
    )

    @property
    def effective_type(self) -> str:
        return self.customizationType or DEFAULT_CUSTOMIZATION_TYPE

    def to_boto3(self) -> dict[str, Any]:
        """The keyword arguments of ``bedrock.create_model_customization_job``."""
        return self.model_dump(exclude_none=True)


REQUEST_MEMBERS: tuple[str, ...] = tuple(CreateModelCustomizationJobRequest.model_fields)
