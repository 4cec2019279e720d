"""``ftui data check``: a data set checked as a person or a script would run it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import pytest

from ftui.cli import main

NOVA = "amazon.nova-micro-v1:0:128k"
TITAN = "amazon.titan-text-express-v1:0:8k"
QA = {
    "schemaVersion": "bedrock-conversation-2024",
    "messages": [
        {"role": "user", "content": [{"text": "How do I reset my password?"}]},
        {"role": "assistant", "content": [{"text": "Settings, then Security."}]},
    ],
}
UNANSWERED = {**QA, "messages": QA["messages"][:1]}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["data", "check", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def jsonl(path: Path, records: list[Any]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def test_good_data_exits_0_with_a_summary(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = jsonl(tmp_path / "train.jsonl", [QA] * 10)
    code, out, err = run(capsys, str(path), "--model", NOVA)
    assert (code, out) == (0, "")
    assert err == (
        f"{path}: Bedrock conversation training data for Nova Micro fine-tuning: 10 records,"
        " ~85 tokens (estimate: 6 characters a token); no problems; would pass\n"
    )


def test_bad_data_exits_1_with_one_line_per_problem(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = jsonl(tmp_path / "train.jsonl", [QA] * 8 + [UNANSWERED])
    code, out, err = run(capsys, str(path), "--model", NOVA)
    assert code == 1
    assert out.splitlines() == [
        f"{path}:9: the last turn is from the user; fine-tuning needs it to end with the"
        " assistant's answer"
    ]
    assert err.rstrip().endswith("1 problem: 1 roles; would fail")


def test_a_huge_bad_file_lists_100_problems_and_counts_the_rest(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "train.jsonl"
    path.write_bytes(b"not json\n" * 5000)
    code, out, err = run(capsys, str(path), "--model", NOVA)
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 101
    assert lines[-1] == "... and 4,900 more"
    assert "5,000 problems: 5,000 json; the first 100 listed" in err


def test_json_output_is_the_report(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = jsonl(tmp_path / "train.jsonl", [QA] * 8 + [UNANSWERED])
    code, out, err = run(capsys, str(path), "--model", NOVA, "--json")
    assert (code, err) == (1, "")
    report = json.loads(out)
    assert report["passed"] is False
    assert (report["model"], report["customization_type"], report["format"]) == (
        NOVA,
        "FINE_TUNING",
        "converse",
    )
    assert report["counts"] == {"roles": 1}
    assert report["problems"][0]["line"] == 9


def test_the_type_defaults_to_the_models_own(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    prompts = [
        {
            "id": f"q-{n}",
            "messages": [{"role": "user", "content": f"What is {n} + 1?"}],
            "reference_answer": {"answer": str(n + 1)},
        }
        for n in range(100)
    ]
    path = jsonl(tmp_path / "rft.jsonl", prompts)
    code, _, err = run(capsys, str(path), "--model", "openai.gpt-oss-20b")
    assert code == 0
    assert "RFT prompts training data for gpt-oss-20b RFT" in err


def test_a_validation_set_for_a_model_without_one_fails(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = jsonl(tmp_path / "v.jsonl", [{"image-ref": "s3://b/cat.png", "caption": "A cat"}])
    code, out, _ = run(capsys, str(path), "--model", "amazon.nova-canvas-v1:0", "--validation")
    assert code == 1
    assert out == f"{path}: Nova Canvas takes no validation set; leave it out\n"


def test_what_cannot_be_checked_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = jsonl(tmp_path / "train.jsonl", [QA] * 10)
    code, out, err = run(capsys, str(tmp_path / "missing.jsonl"), "--model", NOVA)
    assert (code, out) == (2, "")
    assert (
        err == f"error: {tmp_path / 'missing.jsonl'}: cannot be read: No such file or directory\n"
    )
    code, _, err = run(capsys, str(path), "--model", "acme.gpt-9")
    assert code == 2 and "ftui does not know the model 'acme.gpt-9'" in err
    code, _, err = run(capsys, str(path), "--model", NOVA, "--type", "CONTINUED_PRE_TRAINING")
    assert (code, err) == (
        2,
        "error: Nova Micro cannot be customized by CONTINUED_PRE_TRAINING; it takes FINE_TUNING,"
        " DISTILLATION\n",
    )
    code, _, err = run(capsys, "s3://only-a-bucket", "--model", NOVA)
    assert code == 2 and "names no S3 object" in err


# --- S3, in the seeded emulator -----------------------------------------------------------------


def test_an_s3_object_is_checked_in_place(capsys: pytest.CaptureFixture[str], aws_env: Any) -> None:
    code, out, err = run(
        capsys,
        "s3://ftui-demo-data/summaries/train.jsonl",
        "--model",
        TITAN,
        "--region",
        "us-east-1",
    )
    assert (code, out) == (0, "")
    assert "800 records" in err and "would pass" in err


def test_a_broken_s3_object_exits_1_with_its_line(
    capsys: pytest.CaptureFixture[str], aws_env: Any
) -> None:
    uri = "s3://ftui-demo-data/broken/train-bad-json.jsonl"
    code, out, _ = run(capsys, uri, "--model", NOVA, "--region", "us-east-1")
    assert code == 1
    assert out.startswith(f"{uri}:21: not valid JSON at column 19")


def test_a_missing_s3_object_exits_2_with_aws_words(
    capsys: pytest.CaptureFixture[str], aws_env: Any
) -> None:
    uri = "s3://ftui-demo-data/nothing/here.jsonl"
    code, out, err = run(capsys, uri, "--model", NOVA, "--region", "us-east-1")
    assert (code, out) == (2, "")
    assert err.startswith(f"error: {uri} cannot be read: NoSuchKey: ")
    code, _, err = run(capsys, "s3://no-such-bucket-ftui/x.jsonl", "--model", NOVA)
    assert code == 2 and "NoSuchBucket" in err


def test_aws_out_of_reach_exits_3(capsys: pytest.CaptureFixture[str], aws_env: Any) -> None:
    code, _, err = run(
        capsys,
        "s3://ftui-demo-data/support/train.jsonl",
        "--model",
        NOVA,
        "--aws-profile",
        "no-such-aws-profile",
    )
    assert code == 3 and "ProfileNotFound" in err


def test_an_unknown_model_suggests_the_ids_it_looks_like(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ftui.cli.main import main

    data = tmp_path / "train.jsonl"
    data.write_text('{"prompt": "a", "completion": "b"}\n')
    assert main(["data", "check", str(data), "--model", "llama3-2-1b"]) == 2
    error = capsys.readouterr().err
    assert "perhaps meta.llama3-2-1b-instruct-v1:0:128k" in error


# --- files that break JSON readers ---------------------------------------------------------------

HUGE_NUMBER = json.dumps(QA)[:-1] + ', "n": ' + "1" * 5000 + "}"


def test_a_number_of_thousands_of_digits_is_a_problem_on_its_line_not_a_crash(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "train.jsonl"
    path.write_text("\n".join([json.dumps(QA)] * 8 + [HUGE_NUMBER]) + "\n")
    code, out, _ = run(capsys, str(path), "--model", NOVA)
    assert code == 1
    assert out.startswith(f"{path}:9: not valid JSON: a number of more than 4,300 digits")


def test_an_s3_object_with_a_huge_number_exits_1_not_as_aws_unreachable(
    capsys: pytest.CaptureFixture[str], aws_env: Any
) -> None:
    s3 = boto3.client(
        "s3",
        endpoint_url=aws_env.endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    body = "\n".join([json.dumps(QA)] * 8 + [HUGE_NUMBER]).encode()
    s3.put_object(Bucket="ftui-demo-data", Key="cli/huge-number.jsonl", Body=body)
    uri = "s3://ftui-demo-data/cli/huge-number.jsonl"
    code, out, err = run(capsys, uri, "--model", NOVA, "--region", "us-east-1")
    assert code == 1, err
    assert out.startswith(f"{uri}:9: not valid JSON: a number of more than 4,300 digits")


def test_a_type_the_model_does_not_take_exits_2_for_an_s3_object_before_aws_is_asked(
    capsys: pytest.CaptureFixture[str], aws_env: Any
) -> None:
    code, out, err = run(
        capsys,
        "s3://ftui-demo-data/support/train.jsonl",
        "--model",
        NOVA,
        "--type",
        "CONTINUED_PRE_TRAINING",
        "--aws-profile",
        "no-such-aws-profile",
    )
    assert (code, out) == (2, "")
    assert err == (
        "error: Nova Micro cannot be customized by CONTINUED_PRE_TRAINING; it takes FINE_TUNING,"
        " DISTILLATION\n"
    )
