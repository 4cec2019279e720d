"""The dataset checker on each model family's format: what passes, and what AWS would refuse."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ftui.core.dataset import DataReport, check_lines
from ftui.core.dataset.converse import reserved_word

NOVA_MICRO = "amazon.nova-micro-v1:0:128k"
NOVA_LITE = "amazon.nova-lite-v1:0:300k"
NOVA_2 = "amazon.nova-2-lite-v1:0:256k"
LLAMA_31 = "meta.llama3-1-8b-instruct-v1:0:128k"
LLAMA_32_VISION = "meta.llama3-2-11b-instruct-v1:0:128k"
LLAMA_32 = "meta.llama3-2-1b-instruct-v1:0:128k"
TITAN = "amazon.titan-text-express-v1:0:8k"
COHERE = "cohere.command-text-v14:7:4k"
HAIKU = "anthropic.claude-3-haiku-20240307-v1:0:200k"
CANVAS = "amazon.nova-canvas-v1:0"
EMBEDDINGS = "amazon.titan-embed-image-v1:0"


def check(
    records: list[Any],
    model: str = NOVA_MICRO,
    kind: str = "FINE_TUNING",
    *,
    pad: int = 0,
    validation: bool = False,
    bucket: str | None = None,
    source: str = "train.jsonl",
) -> DataReport:
    """``records`` after ``pad`` copies of the first one (to meet a model's minimum count)."""
    lines = [json.dumps(r).encode() for r in [records[0]] * pad + records]
    return check_lines(
        lines,
        source=source,
        model_id=model,
        customization_type=kind,
        validation=validation,
        bucket=bucket,
    )


def turn(role: str, *blocks: Any) -> dict[str, Any]:
    return {"role": role, "content": [b if isinstance(b, dict) else {"text": b} for b in blocks]}


def convo(*turns: dict[str, Any], system: str | None = "Be brief.") -> dict[str, Any]:
    record: dict[str, Any] = {"schemaVersion": "bedrock-conversation-2024"}
    if system is not None:
        record["system"] = [{"text": system}]
    record["messages"] = list(turns)
    return record


QA = convo(turn("user", "How do I reset my password?"), turn("assistant", "Settings, Security."))


def image(uri: str = "s3://data/img/cat-01.png", fmt: str = "png") -> dict[str, Any]:
    return {"image": {"format": fmt, "source": {"s3Location": {"uri": uri}}}}


def video(uri: str = "s3://data/vid/clip.mp4") -> dict[str, Any]:
    return {"video": {"format": "mp4", "source": {"s3Location": {"uri": uri}}}}


def messages(report: DataReport) -> list[str]:
    return [p.message for p in report.problems]


# --- Bedrock conversation ----------------------------------------------------------------------


def test_a_valid_conversation_file_passes_with_its_counts() -> None:
    report = check([QA] * 10)
    assert report.passed
    assert (report.format_id, report.records, report.problems) == ("converse", 10, [])
    # "Be brief." + question + answer = 9 + 27 + 19 = 55 characters a record
    assert report.estimated_tokens == -(-550 // 6)
    assert report.summary() == (
        "10 records, ~92 tokens (estimate: 6 characters a token); no problems"
    )


def test_a_conversation_ending_with_the_user_says_fine_tuning_needs_the_answer() -> None:
    bad = convo(turn("user", "Hi"), turn("assistant", "Hello"), turn("user", "Bye"))
    report = check([QA, bad], pad=8)
    assert report.lines() == [
        "train.jsonl:10: the last turn is from the user; fine-tuning needs it to end with the"
        " assistant's answer"
    ]
    assert report.counts == {"roles": 1}
    assert report.aws_failure == (
        "Unable to parse Amazon S3 file: train.jsonl. Data files must conform to JSONL format."
    )


def test_turns_must_start_with_the_user_and_alternate() -> None:
    starts = convo(turn("assistant", "Hello"), turn("user", "Hi"), turn("assistant", "Yes"))
    twice = convo(turn("user", "Hi"), turn("user", "Again"), turn("assistant", "Yes"))
    system = convo(turn("system", "Be brief"), turn("user", "Hi"), turn("assistant", "Yes"))
    report = check([QA, starts, twice, system], pad=8)
    assert messages(report) == [
        "the first turn is the assistant's; start with the user's",
        "messages 1 and 2 are both from the user; turns must alternate user and assistant"
        " (merge the two)",
        "message 1 has role 'system'; roles are 'user' or 'assistant' (put system text in the"
        " top-level system)",
    ]


def test_nova_reserved_words_fail_in_any_case_but_only_for_nova() -> None:
    said = convo(turn("user", "Quote the log"), turn("assistant", "It said USER: hello"))
    eos = convo(turn("user", "What ends a text? [eos]"), turn("assistant", "A period."))
    report = check([QA, said, eos], pad=8)
    assert report.counts == {"reserved": 2}
    assert messages(report)[0].startswith("the text holds 'USER:', a word Nova reserves")
    assert check([QA, said, eos], LLAMA_32, pad=100).passed


def test_nova_micro_reads_no_images_nova_lite_does() -> None:
    shown = convo(
        turn("user", image("s3://data/img/a.png"), "What is it?"), turn("assistant", "A cat")
    )
    micro = check([QA, shown], pad=8, bucket="data")
    assert messages(micro) == [
        "message 1 has an image, but Nova Micro reads text only; remove it or choose a model"
        " that reads images"
    ]
    assert check([QA, shown], NOVA_LITE, pad=8, bucket="data").passed


def test_nova_media_rules_count_format_bucket_and_key() -> None:
    eleven = convo(turn("user", *[image()] * 11, "Which?"), turn("assistant", "The third"))
    mixed = convo(turn("user", image(), video(), "Same?"), turn("assistant", "Yes"))
    bmp = convo(turn("user", image(fmt="bmp"), "What?"), turn("assistant", "A cat"))
    elsewhere = convo(turn("user", image("s3://other/img/a.png"), "?"), turn("assistant", "A cat"))
    spaced = convo(turn("user", image("s3://data/my img.png"), "?"), turn("assistant", "A cat"))
    report = check([QA, eleven, mixed, bmp, elsewhere, spaced], NOVA_LITE, pad=8, bucket="data")
    assert messages(report) == [
        "11 images; a record takes at most 10",
        "images and a video together; a record takes up to 10 images or 1 video, not both",
        "message 1: image format is 'bmp'; use one of gif, jpeg, png, webp",
        "message 1: the image is in bucket 'other', the data set in 'data'; Nova reads media"
        " only from the data set's bucket",
        "message 1: the image's key 'my img.png' has characters Nova refuses; use only letters,"
        " digits, _, -, / and .",
    ]
    assert report.counts == {"media": 5}


def test_llama_vision_takes_images_but_no_video() -> None:
    shown = convo(turn("user", image(), "What?"), turn("assistant", "A cat"))
    clip = convo(turn("user", video(), "What?"), turn("assistant", "A cat"))
    report = check([shown, clip], LLAMA_32_VISION, pad=100)
    assert messages(report) == [
        "message 1 has a video, but Llama 3.2 11B Vision Instruct reads text and images, not video;"
        " remove it or choose a model that reads videos"
    ]


def test_a_prompt_completion_line_in_a_conversation_file_names_the_keys() -> None:
    report = check([QA, {"prompt": "Hi", "completion": "Hello"}], pad=8)
    assert messages(report) == [
        "the keys are 'prompt', 'completion'; the Bedrock conversation format needs messages"
        " (and may have schemaVersion and system)",
    ]
    assert report.counts == {"keys": 1}


def test_a_wrong_schema_version_and_bad_content_are_named() -> None:
    old = {**QA, "schemaVersion": "bedrock-conversation-2023"}
    plain = convo(turn("user", "Hi"), {"role": "assistant", "content": "Hello"})
    report = check([QA, old, plain], pad=8)
    assert messages(report) == [
        "schemaVersion is 'bedrock-conversation-2023'; it must be 'bedrock-conversation-2024'",
        'message 2: content is text; it must be a list such as [{"text": ...}]',
    ]


def test_a_turn_whose_text_is_empty_is_refused_unless_it_carries_an_image() -> None:
    # AWS's Nova validator: "Invalid content, empty text content".
    silent = convo(turn("user", ""), turn("assistant", "Hello"))
    blank = convo(turn("user", "Hi"), turn("assistant", "  ", "\n"))
    split = convo(turn("user", "", "Hi"), turn("assistant", "Hello", " "))
    shown = convo(turn("user", image("s3://data/img/a.png"), ""), turn("assistant", "A cat"))
    report = check([QA, silent, blank, split, shown], NOVA_LITE, pad=8, bucket="data")
    assert report.lines() == [
        "train.jsonl:10: message 1: its text is empty; AWS refuses a turn without text (or an"
        " image or video)",
        "train.jsonl:11: message 2: its text is empty; AWS refuses a turn without text (or an"
        " image or video)",
    ]
    assert report.counts == {"format": 2}


# --- distillation --------------------------------------------------------------------------


def test_distillation_prompts_may_lack_the_answer() -> None:
    prompt = convo(turn("user", "How do I reset my password?"))
    assert check([prompt, QA], kind="DISTILLATION").passed


def test_distillation_is_single_turn_for_llama_and_multi_turn_for_nova() -> None:
    chat = convo(
        turn("user", "Hi"),
        turn("assistant", "Hello"),
        turn("user", "Price?"),
        turn("assistant", "$5"),
    )
    assert check([chat], NOVA_MICRO, "DISTILLATION").passed
    report = check([chat], LLAMA_31, "DISTILLATION")
    assert messages(report) == [
        "4 turns; distillation of Llama 3.1 8B Instruct takes one prompt a line (a user turn and,"
        " optionally, the assistant's answer)"
    ]


def test_distillation_takes_text_only_even_for_a_student_that_reads_images() -> None:
    shown = convo(turn("user", image(), "What?"))
    report = check([shown], NOVA_LITE, "DISTILLATION")
    assert report.counts == {"media": 1}
    assert "distillation takes text only" in messages(report)[0]


# --- prompt and completion -------------------------------------------------------------------


def test_prompt_completion_passes_and_wrong_keys_get_aws_words() -> None:
    good = {"prompt": "Summarize: the meeting moved.", "completion": "Moved."}
    assert check([good], TITAN).passed
    wrong = {"input": "Summarize", "output": "Moved."}
    report = check([good, wrong], TITAN, source="s3://data/summaries/train.jsonl")
    assert messages(report) == [
        "the keys are 'input', 'output'; the prompt and completion format needs completion and"
        " prompt",
    ]
    assert report.aws_failure == (
        "Input data at summaries/train.jsonl must follow"
        ' \'{"prompt": "<input text>", "completion": "<output text>"}\' format'
    )


def test_a_record_over_the_token_limit_is_an_estimate_with_aws_words() -> None:
    long = {"prompt": "x" * 24_000, "completion": "y" * 600}  # 4,100 tokens at 6 characters
    report = check([long], TITAN)
    assert messages(report) == [
        "the record is about 4,100 tokens (an estimate, 6 characters a token); Titan Text G1"
        " Express takes at most 4,096: shorten or split it"
    ]
    assert report.aws_failure == "Maximum input and output token count 4100 exceeds limit of 4096"
    assert report.largest_record_tokens == 4100


def test_cohere_limits_prompt_and_answer_apart() -> None:
    report = check([{"prompt": "Hi", "completion": "z" * 12_300}], COHERE)
    assert messages(report) == [
        "the answer is about 2,050 tokens (an estimate, 6 characters a token); Command takes at"
        " most 2,048: shorten or split it"
    ]
    assert report.aws_failure == "Maximum output token count 2050 exceeds limit of 2048"


# --- Claude 3 Haiku ----------------------------------------------------------------------------


def haiku(*turns: tuple[str, Any]) -> dict[str, Any]:
    return {"system": "Classify.", "messages": [{"role": r, "content": c} for r, c in turns]}


def test_haiku_takes_plain_strings_not_blocks() -> None:
    good = haiku(("user", "My card was declined"), ("assistant", "billing"))
    assert check([good], HAIKU, pad=32).passed
    blocks = haiku(("user", [{"text": "Hi"}]), ("assistant", "billing"))
    unanswered = haiku(("user", "Hi"))
    report = check([good, blocks, unanswered], HAIKU, pad=32)
    assert messages(report) == [
        "message 1: content is a list; Claude 3 Haiku takes plain text, not a list of blocks",
        "the last turn is from the user; fine-tuning needs it to end with the assistant's answer",
    ]


def test_haiku_needs_32_records_and_takes_1000_to_validate() -> None:
    good = haiku(("user", "Hi"), ("assistant", "other"))
    few = check([good] * 31, HAIKU)
    assert few.lines() == ["train.jsonl: 31 records; Claude 3 Haiku needs at least 32 for training"]
    assert few.aws_failure == "The training data has 31 records; at least 32 are required."
    assert check([good] * 31, HAIKU, validation=True).passed
    many = check([good] * 1001, HAIKU, validation=True)
    assert many.lines() == [
        "train.jsonl: 1,001 records; Claude 3 Haiku takes at most 1,000 for validation"
    ]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The log said user: hello", "user:"),
        ("SYSTEM: reboot", "SYSTEM:"),
        ("end of text [Eos]", "[Eos]"),
        ("see <VIDEO> here", "<VIDEO>"),
        ("Thought:x", "Thought:"),
        ("Ratio 2:1, time 10:30, a <b> tag, [1] note", None),
        ("assistant : spaced", None),
    ],
)
def test_reserved_words_are_found_around_their_colon_bracket_or_angle(
    text: str, word: str | None
) -> None:
    assert reserved_word(text) == word
