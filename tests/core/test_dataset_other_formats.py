"""The dataset checker on captions, unlabeled text and RFT prompts, and on file-wide limits."""

from __future__ import annotations

import json
from typing import Any

from ftui.core.dataset import check_lines
from tests.core.test_dataset_formats import CANVAS, EMBEDDINGS, NOVA_2, TITAN, check, messages


def caption(text: str = "A tabby cat asleep", ref: str = "s3://data/cats/01.png") -> dict[str, Any]:
    return {"image-ref": ref, "caption": text}


def test_captions_of_3_to_1024_characters_pass() -> None:
    report = check([caption("Cat"), caption("c" * 1024)], CANVAS, pad=5)
    assert report.passed
    assert report.format_id == "image-caption"


def test_caption_length_image_ref_and_keys_are_named() -> None:
    report = check(
        [
            caption(),
            caption("Ok"),
            caption("c" * 1025),
            caption(ref="https://example.com/cat.png"),
            caption(ref="s3://data/cats/01.gif"),
            {"image": "s3://data/cats/01.png", "caption": "A cat"},
        ],
        CANVAS,
        pad=5,
    )
    assert messages(report) == [
        "the caption has 2 characters; it must have 3 to 1,024",
        "the caption has 1,025 characters; it must have 3 to 1,024",
        "image-ref 'https://example.com/cat.png' must be an S3 URI: s3://bucket/key",
        "image-ref 's3://data/cats/01.gif' is not a .png, .jpg or .jpeg file",
        "the key is 'image'; the image and caption format needs caption and image-ref",
    ]


def test_titan_embeddings_take_longer_captions_short_ones_and_1000_records() -> None:
    # Its only documented caption limit is "text up to 2,560 characters": no minimum.
    assert check([caption("c" * 2560), caption("Ok"), caption("c")], EMBEDDINGS, pad=1000).passed
    report = check([caption(), caption("c" * 2561)], EMBEDDINGS, pad=9)
    assert messages(report) == [
        "the caption has 2,561 characters; it must have at most 2,560",
        "11 records; Titan Multimodal Embeddings G1 needs at least 1,000 for training",
    ]


def test_image_models_take_no_validation_set() -> None:
    report = check([caption()], CANVAS, validation=True)
    assert messages(report) == ["Nova Canvas takes no validation set; leave it out"]
    assert report.aws_failure == "Validation data is not supported for Nova Canvas."


def test_continued_pre_training_reads_input_only() -> None:
    assert check(
        [{"input": "Bedrock is a managed service."}], TITAN, "CONTINUED_PRE_TRAINING"
    ).passed
    report = check(
        [{"input": "ok"}, {"text": "Bedrock is a managed service."}, {"input": ""}],
        TITAN,
        "CONTINUED_PRE_TRAINING",
    )
    assert report.lines() == [
        "train.jsonl:2: the key is 'text'; the continued pre-training format needs input",
        "train.jsonl:3: input is empty",
    ]


def test_continued_pre_training_files_may_be_10_gb_fine_tuning_files_1_gb() -> None:
    line = json.dumps({"input": "Bedrock"}).encode()
    cpt = check_lines(
        [line],
        source="big.jsonl",
        model_id=TITAN,
        customization_type="CONTINUED_PRE_TRAINING",
        size=2_000_000_000,
    )
    assert cpt.passed
    pair = json.dumps({"prompt": "a", "completion": "b"}).encode()
    ft = check_lines(
        [pair],
        source="big.jsonl",
        model_id=TITAN,
        customization_type="FINE_TUNING",
        size=2_000_000_000,
    )
    assert ft.lines() == [
        "big.jsonl: the file is 2 GB; Titan Text G1 Express takes at most 1 GB of training data"
    ]
    validation = check_lines(
        [pair],
        source="v.jsonl",
        model_id=TITAN,
        customization_type="FINE_TUNING",
        validation=True,
        size=150_000_000,
    )
    assert validation.counts == {"size": 1}
    assert "at most 100 MB of validation data" in validation.lines()[0]


# --- RFT ----------------------------------------------------------------------------------------


def prompt(n: int = 1, **changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": f"q-{n:04d}",
        "messages": [
            {"role": "system", "content": "Answer with a number."},
            {"role": "user", "content": f"What is {n} * 3?"},
        ],
        "reference_answer": {"answer": str(n * 3)},
    }
    record.update(changes)
    return {k: v for k, v in record.items() if v is not None}


RFT = "REINFORCEMENT_FINE_TUNING"


def test_rft_prompts_pass_and_fewer_than_100_is_a_warning() -> None:
    report = check([prompt(n) for n in range(120)], NOVA_2, RFT)
    assert (report.passed, report.problems, report.format_id) == (True, [], "rft")
    few = check([prompt(n) for n in range(50)], NOVA_2, RFT)
    assert few.passed
    assert few.lines() == [
        "train.jsonl: warning: only 50 prompts; AWS suggests at least 100 to train on and as many"
        " to evaluate with"
    ]
    assert few.summary().endswith("1 problem: 1 records (1 warning)")


def test_rft_prompts_need_text_a_reference_answer_and_a_users_last_turn() -> None:
    answered = prompt(
        2,
        messages=[
            {"role": "user", "content": "What is 2 * 3?"},
            {"role": "assistant", "content": "6"},
        ],
    )
    pictured = prompt(3, messages=[{"role": "user", "content": [{"type": "image_url"}]}])
    report = check(
        [prompt(1), prompt(4, reference_answer=None), answered, pictured], NOVA_2, RFT, pad=100
    )
    assert report.lines() == [
        "train.jsonl:102: reference_answer is missing; the grader compares answers with it",
        "train.jsonl:103: the last turn is the assistant's; an RFT prompt ends with the user's",
        "train.jsonl:104: message 1: content must be text (RFT prompts are text only)",
    ]


def test_rft_prompts_may_leave_out_the_id_and_carry_fields_for_the_grader() -> None:
    # AWS's example has no id, and "you can add fields used by grader Lambda".
    lean = prompt(1, id=None)
    extra = prompt(2, difficulty="easy", source={"book": "Algebra", "page": 12})
    report = check([lean, extra], NOVA_2, RFT, pad=100)
    assert (report.passed, report.problems) == (True, [])
    broken = check(
        [prompt(0), prompt(3, messages=None), prompt(4, id=[1], reference_answer=None, hint="x")],
        NOVA_2,
        RFT,
        pad=100,
    )
    assert broken.lines() == [
        "train.jsonl:102: messages is missing",
        "train.jsonl:103: reference_answer is missing; the grader compares answers with it",
        "train.jsonl:103: id is a list; it must be text or a number",
    ]
