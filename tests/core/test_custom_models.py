"""Custom models after their job, without AWS: how one can be served, what serves it, what it
bills, the examples to try it with."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from ftui.core.custom_models.examples import examples_in, source_of
from ftui.core.custom_models.offer import commitment_end, offer, throughput_billing
from ftui.core.custom_models.rows import row_of, select, with_serving
from ftui.core.custom_models.usage import Server, by_model, delete_refusal, servers
from ftui.core.jobs import NameFilter

MICRO_ARN = "arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.nova-micro-v1:0:128k/abc"
TITAN_BASE = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1:0:8k"


def model(base: str = "amazon.nova-micro-v1:0:128k", **extra: object) -> dict[str, object]:
    return {
        "modelName": "support-bot-v1",
        "modelArn": MICRO_ARN,
        "baseModelArn": f"arn:aws:bedrock:us-east-1::foundation-model/{base}",
        "creationTime": datetime(2026, 11, 27, 1, 50, tzinfo=UTC),
        "modelStatus": "Active",
        **extra,
    }


def test_a_recent_nova_micro_model_deploys_on_demand_in_the_documented_regions() -> None:
    assert offer(model(), "us-east-1").on_demand
    assert offer(model(), "us-west-2").on_demand
    elsewhere = offer(model(), "eu-west-1")
    assert (
        not elsewhere.on_demand and "us-east-1 and us-west-2, not in eu-west-1" in elsewhere.reason
    )


def test_other_bases_old_models_and_unfinished_ones_say_why_not() -> None:
    titan = offer(model("amazon.titan-text-express-v1:0:8k"), "us-east-1")
    assert not titan.on_demand and "Provisioned Throughput" in titan.reason
    assert "Nova Micro" in titan.reason, "says which bases can"
    old = offer(model(creationTime=datetime(2025, 7, 15, tzinfo=UTC)), "us-east-1")
    assert not old.on_demand and "on or after 2025-07-16" in old.reason
    assert "2025-07-15" in old.reason
    creating = offer(model(modelStatus="Creating"), "us-east-1")
    assert not creating.on_demand and "Creating" in creating.reason


def test_a_commitment_ends_calendar_months_later_and_the_billing_says_so() -> None:
    start = datetime(2026, 8, 31, 12, 0, tzinfo=UTC)
    assert commitment_end(start, "OneMonth") == datetime(2026, 9, 30, 12, 0, tzinfo=UTC)
    assert commitment_end(start, "SixMonths") == datetime(2027, 2, 28, 12, 0, tzinfo=UTC)
    lines = throughput_billing(2, "OneMonth", start)
    assert "2 model units x 730 h = 1,460 model-unit hours a month" in lines[0]
    assert "whether or not anything calls it" in lines[0]
    assert "cannot be deleted before about 2026-09-30" in lines[1]
    assert throughput_billing(1, None, start)[1].startswith("No commitment: delete it any time")


def test_a_model_in_use_cannot_be_deleted_and_the_refusal_names_what_to_remove() -> None:
    found = servers(
        [
            {
                "customModelDeploymentName": "support-live",
                "customModelDeploymentArn": "arn:aws:bedrock:us-east-1:1:custom-model-deployment/x",
                "status": "Active",
                "modelArn": MICRO_ARN,
            }
        ],
        [
            {
                "provisionedModelName": "support-pt",
                "provisionedModelArn": "arn:aws:bedrock:us-west-2:1:provisioned-model/y",
                "status": "Updating",
                "modelArn": "other",
                "desiredModelArn": MICRO_ARN,  # moving to this model: it uses it too
            }
        ],
    )
    using = by_model(found)[MICRO_ARN]
    assert [s.name for s in using] == ["support-live", "support-pt"]
    assert using[1].region == "us-west-2"
    refusal = delete_refusal("support-bot-v1", using)
    assert refusal is not None
    assert "deployment support-live (Active)" in refusal
    assert "ftui undeploy support-live; ftui undeploy support-pt" in refusal
    assert delete_refusal("support-bot-v1", []) is None


def test_examples_come_from_the_validation_set_else_the_training_data() -> None:
    with_validation = model(
        trainingDataConfig={"s3Uri": "s3://b/train.jsonl"},
        validationDataConfig={"validators": [{"s3Uri": "s3://b/validation.jsonl"}]},
    )
    source = source_of(with_validation)
    assert source is not None and source.validation and source.uri == "s3://b/validation.jsonl"
    only_training = source_of(model(trainingDataConfig={"s3Uri": "s3://b/train.jsonl"}))
    assert only_training is not None and not only_training.validation
    assert "the model has seen it" in only_training.label


def test_examples_read_each_format_and_leave_out_a_line_the_sample_cut() -> None:
    lines = [
        {
            "schemaVersion": "bedrock-conversation-2024",
            "system": [{"text": "Be brief."}],
            "messages": [
                {"role": "user", "content": [{"text": "Hi"}]},
                {"role": "assistant", "content": [{"text": "Hello."}]},
                {"role": "user", "content": [{"text": "How do I reset my password?"}]},
                {"role": "assistant", "content": [{"text": "Settings, Security, Reset."}]},
            ],
        },
        {"prompt": "Summarize: a b c", "completion": "abc"},
        {"system": "Classify.", "messages": [{"role": "user", "content": "Refund?"}]},
    ]
    data = "\n".join(json.dumps(line) for line in lines).encode() + b"\nnot json\n"
    found = examples_in(data + b'{"prompt": "cut', whole=False)
    assert [(e.line, e.prompt, e.expected, e.system) for e in found] == [
        (1, "How do I reset my password?", "Settings, Security, Reset.", "Be brief."),
        (2, "Summarize: a b c", "abc", None),
        (3, "Refund?", None, "Classify."),
    ]


def test_rows_filter_by_name_base_or_job_and_sort() -> None:
    micro = row_of(model(), "us-east-1")
    titan = row_of(
        {**model("amazon.titan-text-express-v1:0:8k"), "modelName": "docs-cpt", "modelArn": "t"},
        "us-east-1",
    )
    assert micro.base == "Nova Micro" and titan.base == "Titan Text G1 Express"
    assert select([micro, titan], NameFilter("titan")) == [titan]
    assert select([micro, titan], NameFilter("!titan")) == [micro]
    assert [r.name for r in select([micro, titan], NameFilter(), "name", False)] == [
        "docs-cpt",
        "support-bot-v1",
    ]
    assert micro.serving_text == "-"
    served = Server("deployment", "live", "arn", "Active", MICRO_ARN)
    assert with_serving(micro, [served]).serving_text == "deployed"
    creating = Server("provisioned throughput", "pt", "arn2", "Creating", MICRO_ARN)
    assert with_serving(micro, [served, creating]).serving_text == "deployed, provisioning…"
    assert with_serving(micro, None).serving_text == "?"
