"""KMS keys for encrypting the custom model: aliases first, then the keys without one.

One listing walks two APIs: the pages of ListAliases, then those of ListKeys; the token says
which (``aliases:MARKER``, ``keys:MARKER``). AWS managed keys (``alias/aws/...``) are left out:
a custom model is encrypted with a customer managed key. Each key's state (Enabled, Disabled,
PendingDeletion) comes from DescribeKey, asked for the keys of a page at once; a key whose
description cannot be read is still listed, its state unknown.

A listed key's value is its alias or id, what people recognise; a policy needs the key's ARN,
which :func:`key_arn` reads.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from ftui.core.aws.errors import Ok, Outcome
from ftui.core.aws.session import AwsSession
from ftui.core.resources.pages import DETAIL_WORKERS, Page
from ftui.core.service_role import is_key_arn

KEYS = "kms-keys"
MAX_LIMIT = 100  # KMS's most per ListAliases or ListKeys page
AWS_MANAGED = "alias/aws/"
_ALIASES, _KEYS = "aliases:", "keys:"
# The token of the first page of keys: the aliases are all listed.
KEYS_WITHOUT_ALIAS = _KEYS


@dataclass(frozen=True)
class KmsKey:
    key_id: str
    arn: str = ""
    alias: str | None = None
    state: str | None = None  # None: DescribeKey could not say
    description: str = ""

    @property
    def value(self) -> str:
        """The alias where there is one (what people recognise), else the key id."""
        return self.alias or self.key_id

    @property
    def cells(self) -> tuple[str, ...]:
        return (self.alias or "(no alias)", self.key_id, self.state or "", self.description)


def key_arn(session: AwsSession, key: str, region: str) -> Outcome[str]:
    """The ARN of the key ``key`` names in ``region``: a key id, an alias or an alias ARN.

    A key ARN is its own answer, without a call; anything else is asked of KMS (DescribeKey),
    whose answer without an ARN is a BadResponse.
    """
    if is_key_arn(key):
        return Ok(key)
    client = session.client("kms", region)
    return session.call(
        "DescribeKey", lambda: metadata_arn(client.describe_key(KeyId=key)["KeyMetadata"])
    )


def metadata_arn(metadata: Any) -> str:
    """The key ARN in a DescribeKey answer's KeyMetadata; ValueError if it has none."""
    arn = str(metadata.get("Arn") or "")
    if not is_key_arn(arn):
        raise ValueError(f"KeyMetadata.Arn is {arn!r}, not a key ARN")
    return arn


def list_keys(
    session: AwsSession, region: str, *, token: str | None = None, page_size: int = 100
) -> Outcome[Page[KmsKey]]:
    """A page of customer managed keys: alias pages first, then key pages.

    A page of only AWS managed entries is skipped, so no page is empty but the last.
    """
    client = session.client("kms", region)
    limit = max(1, min(page_size, MAX_LIMIT))
    aliases, marker = _position(token)

    def run() -> Page[KmsKey]:
        nonlocal aliases, marker
        while True:
            params: dict[str, Any] = {"Limit": limit}
            if marker:
                params["Marker"] = marker
            if aliases:
                answer = client.list_aliases(**params)
                found = [
                    KmsKey(str(a["TargetKeyId"]), alias=str(a["AliasName"]))
                    for a in answer.get("Aliases", [])
                    if a.get("TargetKeyId") and not str(a["AliasName"]).startswith(AWS_MANAGED)
                ]
            else:
                answer = client.list_keys(**params)
                found = [
                    KmsKey(str(k["KeyId"]), str(k.get("KeyArn", "")))
                    for k in answer.get("Keys", [])
                ]
            more = answer.get("NextMarker") if answer.get("Truncated") else None
            following = None
            if more:
                following = (_ALIASES if aliases else _KEYS) + str(more)
            elif aliases:
                following = _KEYS
            keys = _described(session, client, found)
            if keys or following is None:
                return Page(keys, following)
            aliases, marker = _position(following)

    return session.call("ListAliases" if aliases else "ListKeys", run)


def _position(token: str | None) -> tuple[bool, str]:
    """Whether ``token`` is in the aliases (else the keys), and the marker within them."""
    if token and token.startswith(_KEYS):
        return False, token.removeprefix(_KEYS)
    return True, (token or "").removeprefix(_ALIASES)


def _described(session: AwsSession, client: Any, keys: list[KmsKey]) -> list[KmsKey]:
    """``keys`` with their state and description; AWS managed keys dropped."""

    def describe(key: KmsKey) -> KmsKey | None:
        got = session.call(
            "DescribeKey", lambda: client.describe_key(KeyId=key.key_id)["KeyMetadata"]
        )
        if not isinstance(got, Ok):
            return key
        meta = got.value
        if meta.get("KeyManager") == "AWS":
            return None
        return KmsKey(
            key.key_id,
            str(meta.get("Arn") or key.arn),
            key.alias,
            str(meta.get("KeyState") or "") or None,
            str(meta.get("Description") or ""),
        )

    with ThreadPoolExecutor(max_workers=DETAIL_WORKERS) as pool:
        return [k for k in pool.map(describe, keys) if k is not None]
