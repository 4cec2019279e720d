"""The network of a job: VPCs, and the subnets and security groups of one VPC."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from ftui.core.aws.errors import Outcome
from ftui.core.aws.session import AwsSession
from ftui.core.resources.pages import Page

VPCS = "ec2-vpcs"
SUBNETS = "ec2-subnets"
SECURITY_GROUPS = "ec2-security-groups"
# EC2's bounds on MaxResults for these Describe calls.
MIN_RESULTS, MAX_RESULTS = 5, 1000

T = TypeVar("T")


def name_tag(resource: dict[str, Any]) -> str:
    return next(
        (str(t.get("Value", "")) for t in resource.get("Tags") or [] if t["Key"] == "Name"), ""
    )


@dataclass(frozen=True)
class Vpc:
    id: str
    cidr: str
    name: str = ""
    default: bool = False

    @property
    def value(self) -> str:
        return self.id

    @property
    def cells(self) -> tuple[str, ...]:
        return (self.name or "(no name)", self.id, self.cidr, "default" if self.default else "")


@dataclass(frozen=True)
class Subnet:
    id: str
    vpc_id: str
    zone: str
    cidr: str
    name: str = ""

    @property
    def value(self) -> str:
        return self.id

    @property
    def cells(self) -> tuple[str, ...]:
        return (self.name or "(no name)", self.id, self.zone, self.cidr)


@dataclass(frozen=True)
class SecurityGroup:
    id: str
    vpc_id: str
    name: str
    description: str = ""

    @property
    def value(self) -> str:
        return self.id

    @property
    def cells(self) -> tuple[str, ...]:
        return (self.name, self.id, self.description)


def _describe(
    session: AwsSession,
    operation: str,
    call: Callable[..., dict[str, Any]],
    member: str,
    read: Callable[[dict[str, Any]], T],
    *,
    params: dict[str, Any],
    token: str | None,
    page_size: int,
) -> Outcome[Page[T]]:
    """One page of an EC2 Describe call, by NextToken."""
    params = {**params, "MaxResults": max(MIN_RESULTS, min(page_size, MAX_RESULTS))}
    if token:
        params["NextToken"] = token

    def run() -> Page[T]:
        answer = call(**params)
        return Page([read(r) for r in answer.get(member, [])], answer.get("NextToken") or None)

    return session.call(operation, run)


def list_vpcs(
    session: AwsSession, region: str, *, token: str | None = None, page_size: int = 100
) -> Outcome[Page[Vpc]]:
    def read(v: dict[str, Any]) -> Vpc:
        return Vpc(
            str(v["VpcId"]), str(v.get("CidrBlock", "")), name_tag(v), bool(v.get("IsDefault"))
        )

    client = session.client("ec2", region)
    return _describe(
        session,
        "DescribeVpcs",
        client.describe_vpcs,
        "Vpcs",
        read,
        params={},
        token=token,
        page_size=page_size,
    )


def list_subnets(
    session: AwsSession, region: str, vpc_id: str, *, token: str | None = None, page_size: int = 100
) -> Outcome[Page[Subnet]]:
    def read(s: dict[str, Any]) -> Subnet:
        return Subnet(
            str(s["SubnetId"]),
            str(s.get("VpcId", "")),
            str(s.get("AvailabilityZone", "")),
            str(s.get("CidrBlock", "")),
            name_tag(s),
        )

    client = session.client("ec2", region)
    params = {"Filters": [{"Name": "vpc-id", "Values": [vpc_id]}]}
    return _describe(
        session,
        "DescribeSubnets",
        client.describe_subnets,
        "Subnets",
        read,
        params=params,
        token=token,
        page_size=page_size,
    )


def list_security_groups(
    session: AwsSession, region: str, vpc_id: str, *, token: str | None = None, page_size: int = 100
) -> Outcome[Page[SecurityGroup]]:
    def read(g: dict[str, Any]) -> SecurityGroup:
        return SecurityGroup(
            str(g["GroupId"]),
            str(g.get("VpcId", "")),
            str(g.get("GroupName", "")),
            str(g.get("Description", "")),
        )

    client = session.client("ec2", region)
    params = {"Filters": [{"Name": "vpc-id", "Values": [vpc_id]}]}
    return _describe(
        session,
        "DescribeSecurityGroups",
        client.describe_security_groups,
        "SecurityGroups",
        read,
        params=params,
        token=token,
        page_size=page_size,
    )


def vpc_of(
    session: AwsSession,
    region: str,
    *,
    subnet_ids: Sequence[str] = (),
    group_ids: Sequence[str] = (),
) -> Outcome[str | None]:
    """The VPC the given subnets (else security groups) are in; None if they name none.

    A job runs in one VPC, so a picker of security groups opens on the VPC of the subnets
    already chosen. Ids that do not exist are an error (InvalidSubnetID.NotFound ...).
    """
    client = session.client("ec2", region)

    def run() -> str | None:
        if subnet_ids:
            found = client.describe_subnets(SubnetIds=list(subnet_ids)).get("Subnets", [])
        elif group_ids:
            found = client.describe_security_groups(GroupIds=list(group_ids)).get(
                "SecurityGroups", []
            )
        else:
            return None
        return next((str(r["VpcId"]) for r in found if r.get("VpcId")), None)

    return session.call("DescribeSubnets" if subnet_ids else "DescribeSecurityGroups", run)
