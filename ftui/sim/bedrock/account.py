"""What the simulated Bedrock sees of the rest of the account: S3, IAM, KMS, EC2, Lambda.

It asks the emulator's own endpoint through boto3, as Bedrock asks AWS, so moto is used only
through its public HTTP interface.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from dataclasses import dataclass
from typing import Any

from ftui.core.service_role import bedrock_trust

_MAX_READ = 64 * 1024 * 1024
# The emulator's own calls to itself are signed with this key: they are not a client's traffic,
# so the call log leaves them out and faults spare them.
INTERNAL_ACCESS_KEY = "bedrock-sim"


@dataclass(frozen=True)
class S3Location:
    bucket: str
    key: str

    @classmethod
    def parse(cls, uri: str) -> S3Location:
        rest = uri.removeprefix("s3://")
        bucket, _, key = rest.partition("/")
        return cls(bucket, key)

    @property
    def name(self) -> str:
        return self.key.rstrip("/").rsplit("/", 1)[-1]


class AccountView:
    def __init__(self, endpoint_url: str) -> None:
        self.endpoint_url = endpoint_url
        self._clients: dict[tuple[str, str], Any] = {}
        self._lock = threading.Lock()
        # One session for every client: it loads each service's model and the endpoint rules
        # once, where a session per client read them again for each.
        self._session: Any = None

    def client(self, service: str, region: str) -> Any:
        import boto3
        from botocore.config import Config

        key = (service, region)
        with self._lock:
            if key not in self._clients:
                if self._session is None:
                    self._session = boto3.session.Session()
                self._clients[key] = self._session.client(
                    service,
                    region_name=region,
                    endpoint_url=self.endpoint_url,
                    aws_access_key_id=INTERNAL_ACCESS_KEY,
                    aws_secret_access_key=INTERNAL_ACCESS_KEY,
                    config=Config(retries={"max_attempts": 2, "mode": "standard"}),
                )
            return self._clients[key]

    # --- IAM ------------------------------------------------------------------------------

    def role_trusts_bedrock(self, role_arn: str, region: str | None = None) -> bool:
        """The role exists and its trust policy lets bedrock.amazonaws.com assume it for a job
        of the role's account in ``region``, its conditions read as ftui's checks read them."""
        from botocore.exceptions import ClientError

        name = role_arn.rsplit("/", 1)[-1]
        try:
            role = self.client("iam", "us-east-1").get_role(RoleName=name)["Role"]
        except ClientError:
            return False
        if role.get("Arn") != role_arn:
            return False
        policy = role.get("AssumeRolePolicyDocument") or {}
        if isinstance(policy, str):
            policy = json.loads(urllib.parse.unquote(policy))
        account = role_arn.split(":")[4] if role_arn.count(":") >= 5 else ""
        return not bedrock_trust(policy, account=account, region=region).stops

    # --- S3 -------------------------------------------------------------------------------

    def bucket_exists(self, bucket: str, region: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client("s3", region).head_bucket(Bucket=bucket)
        except ClientError:
            return False
        return True

    def read(self, location: S3Location, region: str) -> bytes | None:
        """The object's bytes (at most 64 MiB), or ``None`` if it cannot be read."""
        from botocore.exceptions import ClientError

        try:
            body = self.client("s3", region).get_object(
                Bucket=location.bucket, Key=location.key, Range=f"bytes=0-{_MAX_READ - 1}"
            )["Body"]
        except ClientError:
            return None
        data: bytes = body.read()
        return data

    def has_objects(self, location: S3Location, region: str) -> int:
        from botocore.exceptions import ClientError

        try:
            listed = self.client("s3", region).list_objects_v2(
                Bucket=location.bucket, Prefix=location.key, MaxKeys=1000
            )
        except ClientError:
            return 0
        return int(listed.get("KeyCount", 0))

    def write(self, location: S3Location, data: bytes, region: str) -> None:
        self.client("s3", region).put_object(
            Bucket=location.bucket, Key=location.key, Body=data, ContentType="text/csv"
        )

    # --- KMS, EC2, Lambda -----------------------------------------------------------------

    def kms_key_arn(self, key_id: str, region: str) -> str | None:
        from botocore.exceptions import ClientError

        try:
            meta = self.client("kms", region).describe_key(KeyId=key_id)["KeyMetadata"]
        except ClientError:
            return None
        return str(meta["Arn"])

    def missing_subnets(self, ids: list[str], region: str) -> list[str]:
        from botocore.exceptions import ClientError

        client = self.client("ec2", region)
        try:
            found = client.describe_subnets(Filters=[{"Name": "subnet-id", "Values": ids}])
        except ClientError:
            return list(ids)
        known = {s["SubnetId"] for s in found.get("Subnets", [])}
        return [i for i in ids if i not in known]

    def missing_security_groups(self, ids: list[str], region: str) -> list[str]:
        from botocore.exceptions import ClientError

        client = self.client("ec2", region)
        try:
            found = client.describe_security_groups(Filters=[{"Name": "group-id", "Values": ids}])
        except ClientError:
            return list(ids)
        known = {g["GroupId"] for g in found.get("SecurityGroups", [])}
        return [i for i in ids if i not in known]

    def lambda_exists(self, arn: str) -> bool:
        from botocore.exceptions import ClientError

        region = arn.split(":")[3]
        try:
            self.client("lambda", region).get_function(FunctionName=arn)
        except ClientError:
            return False
        return True
