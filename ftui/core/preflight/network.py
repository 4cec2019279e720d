"""The job's VPC: the subnets and security groups exist, share one VPC, and span zones.

Bedrock puts the job's network interfaces in the given subnets; a subnet or group that does not
exist, or one of another VPC, fails the job once it has started (bedrock.md §12).
"""

from __future__ import annotations

from typing import Any

from ftui.core.aws.errors import AwsError, Ok
from ftui.core.preflight.context import Context
from ftui.core.preflight.result import ACCESS_DENIED, CheckResult, PlannedCheck

SUBNETS = ("vpcConfig", "subnetIds")
SECURITY_GROUPS = ("vpcConfig", "securityGroupIds")


def ids_at(ctx: Context, path: tuple[str, ...]) -> list[str]:
    value = ctx.draft.get(path)
    return [v for v in value if isinstance(v, str) and v] if isinstance(value, list) else []


def _by(name: str, ids: list[str]) -> list[dict[str, Any]]:
    """A filter by ID: it lists the ones that exist, where asking by ID would fail the whole
    call for the first that does not."""
    return [{"Name": name, "Values": ids}]


def _s3_endpoint(ctx: Context, vpc: str) -> bool | AwsError:
    got = ctx.call(
        "ec2",
        "DescribeVpcEndpoints",
        lambda ec2: bool(
            ec2.describe_vpc_endpoints(
                Filters=[
                    {"Name": "vpc-id", "Values": [vpc]},
                    {"Name": "service-name", "Values": [f"com.amazonaws.{ctx.region}.s3"]},
                ]
            )["VpcEndpoints"]
        ),
    )
    return got.value if isinstance(got, Ok) else got


def check_network(ctx: Context, planned: PlannedCheck) -> CheckResult:
    subnet_ids, group_ids = ids_at(ctx, SUBNETS), ids_at(ctx, SECURITY_GROUPS)
    subnets = ctx.call(
        "ec2",
        "DescribeSubnets",
        lambda ec2: list(ec2.describe_subnets(Filters=_by("subnet-id", subnet_ids))["Subnets"]),
    )
    if isinstance(subnets, AwsError):
        return planned.could_not(subnets, ctx.who)
    groups = ctx.call(
        "ec2",
        "DescribeSecurityGroups",
        lambda ec2: list(
            ec2.describe_security_groups(Filters=_by("group-id", group_ids))["SecurityGroups"]
        ),
    )
    if isinstance(groups, AwsError):
        return planned.could_not(groups, ctx.who)
    subnet_vpc = {str(s["SubnetId"]): str(s["VpcId"]) for s in subnets.value}
    group_vpc = {str(g["GroupId"]): str(g["VpcId"]) for g in groups.value}
    missing = [i for i in subnet_ids if i not in subnet_vpc]
    if missing:
        return planned.failed(
            f"no subnet {', '.join(missing)} in {ctx.region}",
            f"give subnets of {ctx.region}: aws ec2 describe-subnets --region {ctx.region}",
            field=SUBNETS,
        )
    missing = [i for i in group_ids if i not in group_vpc]
    if missing:
        return planned.failed(
            f"no security group {', '.join(missing)} in {ctx.region}",
            f"give security groups of {ctx.region}:"
            f" aws ec2 describe-security-groups --region {ctx.region}",
            field=SECURITY_GROUPS,
        )
    vpcs = sorted({*subnet_vpc.values(), *group_vpc.values()})
    if len(vpcs) > 1:
        where = ", ".join(f"{i} in {v}" for i, v in (*subnet_vpc.items(), *group_vpc.items()))
        return planned.failed(
            f"the subnets and security groups are in {len(vpcs)} VPCs ({where})",
            "give subnets and security groups of one VPC",
        )
    (vpc,) = vpcs
    zones = sorted({str(s.get("AvailabilityZone", "")) for s in subnets.value})
    notes: list[tuple[str, str]] = []
    if len(zones) == 1:
        notes.append(
            (
                f"all subnets are in one Availability Zone ({zones[0]})",
                "AWS recommends a subnet in each Availability Zone, so a zone's outage does not"
                " stop the job",
            )
        )
    endpoint = _s3_endpoint(ctx, vpc)
    if isinstance(endpoint, AwsError) and endpoint.code not in ACCESS_DENIED:
        return planned.could_not(endpoint, ctx.who)
    if endpoint is False:
        notes.append(
            (
                f"{vpc} has no S3 VPC endpoint",
                "without one (or a NAT route) the job cannot reach its data in S3: aws ec2"
                f" create-vpc-endpoint --vpc-id {vpc} --service-name com.amazonaws.{ctx.region}.s3"
                " --route-table-ids ...",
            )
        )
    if notes:
        return planned.warned("; ".join(m for m, _ in notes), "\n".join(f for _, f in notes))
    return planned.passed(
        f"{len(subnet_ids)} subnet(s) in {', '.join(zones)} and {len(group_ids)} security"
        f" group(s), all in {vpc}"
    )
