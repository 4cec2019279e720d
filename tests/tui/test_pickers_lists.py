"""The one-level pickers by keyboard: the service role, the KMS key, the grader, the teacher."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

from ftui.sim.server import SimServer
from ftui.sim.world import GRADER_ARN, KMS_ALIAS, ROLE_ARN, UNTRUSTED_ROLE_ARN
from tests.tui.conftest import make_app
from tests.tui.test_pickers import SIZE, opened

NOVA_MICRO = "amazon.nova-micro-v1:0:128k"
KEY_ID = re.compile(r"[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}")


# --- roles --------------------------------------------------------------------------------


async def test_roles_show_whether_bedrock_may_assume_them(
    aws_env: SimServer, tmp_path: Path
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        picker = await opened(app, pilot, "role")
        lines = {line.split()[0]: line for line in picker.lines()}
        assert "✓ trusts Bedrock" in lines["BedrockCustomizationRole"]
        assert "✗ not Bedrock" in lines["DataScienceEC2Role"]
        await picker.type("DataSci")
        assert "does not trust bedrock.amazonaws.com" in picker.status
        await picker.press("enter")  # marked, and still pickable
        assert picker.result == UNTRUSTED_ROLE_ARN


async def test_the_fields_role_is_highlighted(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        picker = await opened(app, pilot, "role", ROLE_ARN)
        assert picker.highlighted.startswith("BedrockCustomizationRole")
        await picker.press("enter")
        assert picker.result == ROLE_ARN


async def test_a_role_arn_typed_by_hand_is_taken(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        picker = await opened(app, pilot, "role")
        await picker.paste("arn:aws:iam::210987654321:role/InAnotherAccount")
        await picker.press("enter")
        assert picker.result == "arn:aws:iam::210987654321:role/InAnotherAccount"


async def test_thirty_roles_come_a_page_at_a_time(aws_env: SimServer, tmp_path: Path) -> None:
    stem = f"Paging{uuid.uuid4().hex[:6]}"
    trust = json.dumps({"Version": "2012-10-17", "Statement": []})
    iam = aws_env.account.client("iam", "us-east-1")
    for index in range(30):
        iam.create_role(RoleName=f"{stem}-{index:02d}", AssumeRolePolicyDocument=trust)
    app = make_app(aws_env, tmp_path)
    app.resources.page_size = 10
    async with app.run_test(size=SIZE) as pilot:
        picker = await opened(app, pilot, "role")
        assert len(picker.lines()) == 11 and picker.lines()[-1].startswith("more…")
        await picker.type("no such role")  # nothing here: "more…" looks further
        pages = 1
        while picker.lines()[-1].startswith("more…"):
            assert picker.highlighted.startswith("more…")
            await picker.press("enter")
            pages += 1
        assert pages >= 4
        await picker.press(*["backspace"] * len("no such role"))
        await picker.type(stem)
        assert sorted(picker.names()) == [f"{stem}-{index:02d}" for index in range(30)]


# --- KMS, Lambda --------------------------------------------------------------------------


async def test_kms_aliases_first_then_keys_without_one(aws_env: SimServer, tmp_path: Path) -> None:
    loose = aws_env.account.client("kms", "us-east-1").create_key()["KeyMetadata"]["KeyId"]
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        picker = await opened(app, pilot, "kms-key")
        assert picker.lines()[0].startswith(KMS_ALIAS)
        assert picker.lines()[-1].startswith("keys without an alias…")
        aliased = KEY_ID.findall(picker.lines()[0])[0]
        await picker.press("up", "enter")
        ids = [i for line in picker.lines() for i in KEY_ID.findall(line)]
        assert loose in ids
        assert ids.count(aliased) == 1  # listed under its alias only
        await picker.press("pageup", "enter")
        assert picker.result == KMS_ALIAS


async def test_a_key_id_typed_by_hand_is_taken(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        picker = await opened(app, pilot, "kms-key")
        await picker.paste("1234abcd-12ab-34cd-56ef-1234567890ab")
        await picker.press("enter")
        assert picker.result == "1234abcd-12ab-34cd-56ef-1234567890ab"


async def test_the_grader_is_picked_by_its_arn(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        picker = await opened(app, pilot, "lambda")
        await picker.type("math")
        assert picker.names() == ["math-answer-grader"]
        assert picker.status == GRADER_ARN
        await picker.press("enter")
        assert picker.result == GRADER_ARN


# --- teachers -----------------------------------------------------------------------------


async def test_the_teachers_of_nova_micro(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        picker = await opened(app, pilot, "teacher", student_model=NOVA_MICRO)
        assert [" ".join(line.split()[:2]) for line in picker.lines()] == [
            "Nova Pro",
            "Nova Pro",
            "Nova Premier",
        ]
        assert "on demand" in picker.lines()[0] and "inference profile" in picker.lines()[2]
        await picker.press("enter")
        assert picker.result == "amazon.nova-pro-v1:0"


async def test_a_teacher_through_its_inference_profile(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        picker = await opened(app, pilot, "teacher", student_model=NOVA_MICRO)
        await picker.type("premier")
        await picker.press("enter")
        assert picker.result == (
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-premier-v1:0"
        )


async def test_no_student_no_teachers(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        picker = await opened(app, pilot, "teacher")
        assert "choose the student model first" in picker.title
        assert picker.lines() == ["No teachers here"]
        await picker.type("amazon.nova-pro-v1:0")
        await picker.press("enter")  # a teacher typed by hand is taken
        assert picker.result == "amazon.nova-pro-v1:0"


async def test_a_role_trusted_for_another_regions_jobs_is_marked_for_this_one(
    aws_env: SimServer, tmp_path: Path
) -> None:
    """A role ftui made for us-east-1 jobs (SourceArn names the region), picked for us-west-2."""
    name = f"EastOnly{uuid.uuid4().hex[:6]}"
    east_jobs = "arn:aws:bedrock:us-east-1:123456789012:model-customization-job/*"
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "bedrock.amazonaws.com"},
                "Action": "sts:AssumeRole",
                "Condition": {"ArnLike": {"aws:SourceArn": east_jobs}},
            }
        ],
    }
    iam = aws_env.account.client("iam", "us-east-1")
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        east = await opened(app, pilot, "role")
        await east.type(name)
        assert "✓" in east.highlighted
        await east.press("escape")
        west = await opened(app, pilot, "role", region="us-west-2")
        await west.type(name)
        assert "✗" in west.highlighted, "the cached east marks are not the west's"
        assert "us-east-1" in west.status, west.status
