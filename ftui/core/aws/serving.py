"""Serving custom models: their deployments (on-demand) and Provisioned Throughput, and deleting
a model. Each call returns ``Ok(value)`` or an ``AwsError``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import Any

from ftui.core.aws.bedrock import utc
from ftui.core.aws.errors import Outcome
from ftui.core.aws.session import AwsSession

PAGE = 100  # ListCustomModelDeployments' and ListProvisionedModelThroughputs' largest page


def _clean(response: Mapping[str, Any]) -> dict[str, Any]:
    return {k: utc(v) for k, v in response.items() if k != "ResponseMetadata"}


def new_token() -> str:
    """A client request token: a retry with the same one cannot make a second resource."""
    return uuid.uuid4().hex


class Serving:
    """Custom model deployments and Provisioned Throughput in one region."""

    def __init__(self, session: AwsSession, region: str | None = None) -> None:
        self.session = session
        self.region = region or session.target.region

    def _client(self) -> Any:
        return self.session.client("bedrock", self.region)

    def _all(
        self, list_call: Callable[..., dict[str, Any]], key: str, params: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Every summary, following ``nextToken``."""
        found: list[dict[str, Any]] = []
        params = {"maxResults": PAGE, **params}
        while True:
            response = list_call(**params)
            found += [utc(s) for s in response.get(key, [])]
            token = response.get("nextToken")
            if not token:
                return found
            params["nextToken"] = token

    # --- custom models ------------------------------------------------------------------------

    def get_model(self, identifier: str) -> Outcome[dict[str, Any]]:
        """GetCustomModel: job, base model, hyperparameters, KMS key, final metrics."""
        return self.session.call(
            "GetCustomModel",
            lambda: _clean(self._client().get_custom_model(modelIdentifier=identifier)),
        )

    def delete_model(self, identifier: str) -> Outcome[None]:
        def run() -> None:
            self._client().delete_custom_model(modelIdentifier=identifier)

        return self.session.call("DeleteCustomModel", run)

    # --- on-demand deployments ----------------------------------------------------------------

    def deployments(self, model_arn: str | None = None) -> Outcome[list[dict[str, Any]]]:
        """Every deployment (of one model, given its ARN), newest first."""
        params: dict[str, Any] = {"sortBy": "CreationTime", "sortOrder": "Descending"}
        if model_arn:
            params["modelArnEquals"] = model_arn
        return self.session.call(
            "ListCustomModelDeployments",
            lambda: self._all(
                self._client().list_custom_model_deployments, "modelDeploymentSummaries", params
            ),
        )

    def deployment(self, identifier: str) -> Outcome[dict[str, Any]]:
        return self.session.call(
            "GetCustomModelDeployment",
            lambda: _clean(
                self._client().get_custom_model_deployment(
                    customModelDeploymentIdentifier=identifier
                )
            ),
        )

    def deploy(self, request: Mapping[str, Any]) -> Outcome[str]:
        """CreateCustomModelDeployment with the exact keyword arguments; the deployment ARN."""

        def run() -> str:
            answer = self._client().create_custom_model_deployment(**request)
            return str(answer["customModelDeploymentArn"])

        return self.session.call("CreateCustomModelDeployment", run)

    def redeploy(self, identifier: str, model_arn: str) -> Outcome[str]:
        """UpdateCustomModelDeployment: the same deployment ARN serves another model."""

        def run() -> str:
            answer = self._client().update_custom_model_deployment(
                customModelDeploymentIdentifier=identifier, modelArn=model_arn
            )
            return str(answer["customModelDeploymentArn"])

        return self.session.call("UpdateCustomModelDeployment", run)

    def undeploy(self, identifier: str) -> Outcome[None]:
        def run() -> None:
            self._client().delete_custom_model_deployment(
                customModelDeploymentIdentifier=identifier
            )

        return self.session.call("DeleteCustomModelDeployment", run)

    # --- Provisioned Throughput ---------------------------------------------------------------

    def throughputs(self, model_arn: str | None = None) -> Outcome[list[dict[str, Any]]]:
        """Every Provisioned Throughput (of one model, given its ARN), newest first."""
        params: dict[str, Any] = {"sortBy": "CreationTime", "sortOrder": "Descending"}
        if model_arn:
            params["modelArnEquals"] = model_arn
        return self.session.call(
            "ListProvisionedModelThroughputs",
            lambda: self._all(
                self._client().list_provisioned_model_throughputs,
                "provisionedModelSummaries",
                params,
            ),
        )

    def throughput(self, identifier: str) -> Outcome[dict[str, Any]]:
        return self.session.call(
            "GetProvisionedModelThroughput",
            lambda: _clean(
                self._client().get_provisioned_model_throughput(provisionedModelId=identifier)
            ),
        )

    def provision(self, request: Mapping[str, Any]) -> Outcome[str]:
        """CreateProvisionedModelThroughput with the exact keyword arguments; its ARN."""

        def run() -> str:
            answer = self._client().create_provisioned_model_throughput(**request)
            return str(answer["provisionedModelArn"])

        return self.session.call("CreateProvisionedModelThroughput", run)

    def reprovision(self, identifier: str, model_arn: str) -> Outcome[None]:
        """UpdateProvisionedModelThroughput: the throughput serves another model of the same
        base, keeping its ARN, units and commitment."""

        def run() -> None:
            self._client().update_provisioned_model_throughput(
                provisionedModelId=identifier, desiredModelId=model_arn
            )

        return self.session.call("UpdateProvisionedModelThroughput", run)

    def deprovision(self, identifier: str) -> Outcome[None]:
        def run() -> None:
            self._client().delete_provisioned_model_throughput(provisionedModelId=identifier)

        return self.session.call("DeleteProvisionedModelThroughput", run)
