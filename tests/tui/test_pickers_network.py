"""The network picker by keyboard: a VPC, then several of its subnets or security groups."""

from __future__ import annotations

from pathlib import Path

from ftui.sim.server import SimServer
from tests.tui.conftest import make_app
from tests.tui.test_pickers import SIZE, opened


def demo_network(sim: SimServer) -> tuple[list[str], str]:
    """The demo VPC's subnets (zone a, then b) and its bedrock-training group."""
    ec2 = sim.account.client("ec2", "us-east-1")
    vpc = next(
        v["VpcId"]
        for v in ec2.describe_vpcs()["Vpcs"]
        if {"Key": "Name", "Value": "ml-training"} in v.get("Tags", [])
    )
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"]
    groups = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]}])
    group = next(
        g["GroupId"] for g in groups["SecurityGroups"] if g["GroupName"] == "bedrock-training"
    )
    ordered = [s["SubnetId"] for s in sorted(subnets, key=lambda s: s["AvailabilityZone"])]
    return ordered, group


async def test_two_subnets_are_checked_and_picked(aws_env: SimServer, tmp_path: Path) -> None:
    subnets, _ = demo_network(aws_env)
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        picker = await opened(app, pilot, "subnets")
        assert any("10.42.0.0/16" in line for line in picker.lines())
        await picker.type("ml-tr")
        await picker.press("enter")
        assert picker.title == "Subnets  in ml-training"
        await picker.type("private")
        assert all(line.startswith("[ ]") for line in picker.lines())
        shown = [line.split()[3] for line in picker.lines()]  # "[", "]", name, id ...
        await picker.press("space", "down", "space")
        assert all(line.startswith("[x]") for line in picker.lines())
        await picker.press("enter")
        assert picker.result == shown  # in the order they were checked
        assert sorted(shown) == sorted(subnets)


async def test_the_fields_subnets_open_checked_on_their_vpc(
    aws_env: SimServer, tmp_path: Path
) -> None:
    subnets, _ = demo_network(aws_env)
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        picker = await opened(app, pilot, "subnets", [subnets[0]])
        assert picker.title == "Subnets  in ml-training"
        checked = [line for line in picker.lines() if line.startswith("[x]")]
        assert len(checked) == 1 and subnets[0] in checked[0]
        await picker.type(subnets[1])
        await picker.press("space", "enter")
        assert picker.result == subnets


async def test_security_groups_open_on_the_vpc_of_the_subnets(
    aws_env: SimServer, tmp_path: Path
) -> None:
    subnets, group = demo_network(aws_env)
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        picker = await opened(app, pilot, "security-groups", None, vpc_hint=subnets)
        assert picker.title == "Security groups  in ml-training"
        await picker.type("bedrock")
        await picker.press("enter")  # none checked: the highlighted one
        assert picker.result == [group]


async def test_going_up_leaves_the_vpc(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        picker = await opened(app, pilot, "security-groups")
        await picker.type("ml-tr")
        await picker.press("enter", "space", "left")
        assert picker.title == "Security groups"
        assert picker.highlighted.startswith("ml-training")
        await picker.type("ml training")  # on the VPCs a space is typed: nothing to check
        assert picker.screen.filter.value == "ml training"


async def test_ids_typed_by_hand_are_taken(aws_env: SimServer, tmp_path: Path) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        picker = await opened(app, pilot, "subnets")
        await picker.paste("subnet-0123456789abcdef0,subnet-0fedcba9876543210")
        await picker.press("enter")
        assert picker.result == ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
