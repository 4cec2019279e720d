"""Bedrock's model customization calls, each returning ``Ok(value)`` or an ``AwsError``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ftui.core.aws.errors import Ok, Outcome
from ftui.core.aws.session import AwsSession

# What stopping a job costs, said before every stop (the TUI's dialog, ``ftui stop``).
STOP_WARNING = (
    "A stopped job cannot be resumed. The tokens it has already trained are billed,"
    " and no model is kept from it."
)


def region_of_arn(arn: str) -> str | None:
    """``us-east-1`` of ``arn:aws:bedrock:us-east-1:123456789012:...``; None if not an ARN."""
    parts = arn.split(":")
    if len(parts) >= 6 and parts[0] == "arn" and parts[3]:
        return parts[3]
    return None


@dataclass(frozen=True)
class JobPage:
    summaries: list[dict[str, Any]]
    next_token: str | None


def utc(value: Any) -> Any:
    """Datetimes as aware UTC: some endpoints (and the emulator's moto) send naive ones."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, dict):
        return {k: utc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [utc(v) for v in value]
    return value


def _clean(response: Mapping[str, Any]) -> dict[str, Any]:
    return {k: utc(v) for k, v in response.items() if k != "ResponseMetadata"}


class Bedrock:
    """The Bedrock control plane in one region."""

    def __init__(self, session: AwsSession, region: str | None = None) -> None:
        self.session = session
        self.region = region or session.target.region

    def _client(self) -> Any:
        return self.session.client("bedrock", self.region)

    def create_job(self, kwargs: Mapping[str, Any]) -> Outcome[str]:
        """Create a job from the exact keyword arguments; the job ARN."""

        def run() -> str:
            return str(self._client().create_model_customization_job(**kwargs)["jobArn"])

        return self.session.call("CreateModelCustomizationJob", run)

    def get_job(self, identifier: str) -> Outcome[dict[str, Any]]:
        """Everything ``GetModelCustomizationJob`` says of a job, by name or ARN."""
        return self.session.call(
            "GetModelCustomizationJob",
            lambda: _clean(self._client().get_model_customization_job(jobIdentifier=identifier)),
        )

    def stop_job(self, identifier: str) -> Outcome[None]:
        def run() -> None:
            self._client().stop_model_customization_job(jobIdentifier=identifier)

        return self.session.call("StopModelCustomizationJob", run)

    def list_jobs(
        self,
        *,
        status: str | None = None,
        created_after: datetime | None = None,
        created_before: datetime | None = None,
        page_size: int = 1000,
        next_token: str | None = None,
        newest_first: bool = True,
    ) -> Outcome[JobPage]:
        """One page of job summaries, newest first (sort order is always sent explicitly)."""
        params: dict[str, Any] = {
            "maxResults": page_size,
            "sortBy": "CreationTime",
            "sortOrder": "Descending" if newest_first else "Ascending",
        }
        if status:
            params["statusEquals"] = status
        if created_after:
            params["creationTimeAfter"] = created_after
        if created_before:
            params["creationTimeBefore"] = created_before
        if next_token:
            params["nextToken"] = next_token

        def run() -> JobPage:
            response = self._client().list_model_customization_jobs(**params)
            return JobPage(
                [utc(s) for s in response.get("modelCustomizationJobSummaries", [])],
                response.get("nextToken") or None,
            )

        return self.session.call("ListModelCustomizationJobs", run)

    def list_all_jobs(self, **filters: Any) -> Outcome[list[dict[str, Any]]]:
        """Every job summary, following ``nextToken`` (one call per 1000 jobs)."""
        summaries: list[dict[str, Any]] = []
        token: str | None = None
        while True:
            page = self.list_jobs(next_token=token, **filters)
            if not isinstance(page, Ok):
                return page
            summaries += page.value.summaries
            token = page.value.next_token
            if not token:
                return Ok(summaries)

    def list_foundation_models(
        self, customization_type: str | None = None
    ) -> Outcome[list[dict[str, Any]]]:
        params = {"byCustomizationType": customization_type} if customization_type else {}
        return self.session.call(
            "ListFoundationModels",
            lambda: self._client().list_foundation_models(**params).get("modelSummaries", []),
        )

    def list_custom_models(self) -> Outcome[list[dict[str, Any]]]:
        def run() -> list[dict[str, Any]]:
            models: list[dict[str, Any]] = []
            params: dict[str, Any] = {"maxResults": 1000}
            while True:
                response = self._client().list_custom_models(**params)
                models += [utc(m) for m in response.get("modelSummaries", [])]
                token = response.get("nextToken")
                if not token:
                    return models
                params["nextToken"] = token

        return self.session.call("ListCustomModels", run)

    def tags(self, arn: str) -> Outcome[list[dict[str, str]]]:
        return self.session.call(
            "ListTagsForResource",
            lambda: list(self._client().list_tags_for_resource(resourceARN=arn).get("tags", [])),
        )
