"""Deploy a custom model: on demand where AWS offers it, else Provisioned Throughput, with
what each bills said before anything is sent.

The request is checked by the same pydantic model that mirrors botocore's shape; a problem
names its field. One client request token lives as long as the dialog: sending again after an
answer was lost cannot make a second deployment.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static
from textual.worker import Worker, WorkerState

from ftui.core.aws.errors import AwsError, Ok
from ftui.core.aws.serving import Serving, new_token
from ftui.core.custom_models.offer import (
    COMMITMENTS,
    ON_DEMAND_BILLING,
    Offer,
    offer,
    throughput_billing,
)
from ftui.core.custom_models.requests import (
    CreateCustomModelDeploymentRequest,
    CreateProvisionedModelThroughputRequest,
    suggested_name,
)
from ftui.core.custom_models.rows import ModelRow
from ftui.core.safe_text import safe_text
from ftui.tui.services import FtuiScreen
from ftui.tui.widgets.safe_input import SafeInput

NO_COMMITMENT = "none"


def parse_tags(text: str) -> list[dict[str, str]]:
    """``team=support, env=dev`` as AWS's tag list (a key without ``=`` has an empty value)."""
    tags = []
    for part in text.split(","):
        if part.strip():
            key, _, value = part.partition("=")
            tags.append({"key": key.strip(), "value": value.strip()})
    return tags


def problem_of(error: ValidationError) -> str:
    first = error.errors()[0]
    field = ".".join(str(p) for p in first["loc"])
    return f"{field}: {first['msg']}"


class DeployScreen(ModalScreen[str | None], FtuiScreen[str | None]):
    """Dismissed with the new deployment's (or throughput's) ARN, or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="deploy.cancel"),
        Binding("ctrl+s", "send", "Deploy", id="deploy.send", priority=True),
    ]

    def __init__(self, row: ModelRow) -> None:
        super().__init__(classes="dialog-screen")
        self.row = row
        self.offer: Offer | None = None
        # A client request token for each request sent from here: sending the same request
        # again (after an answer was lost) reuses its token, so AWS makes no second one; a
        # changed request gets its own, or AWS would ignore it and answer with the first.
        self._tokens: dict[str, str] = {}
        self.sending = False

    def compose(self) -> ComposeResult:
        # At 80x24 the billing of a Provisioned Throughput must show whole: the title is the
        # border's and each label sits beside its field.
        dialog = Vertical(classes="dialog deploy")
        dialog.border_title = safe_text(f"Deploy {self.row.name}")
        with dialog:
            yield Static("Reading the model…", id="deploy-offer", markup=False)
            with VerticalScroll(classes="dialog-scroll"):
                with Horizontal(classes="deploy-row"):
                    yield Static("Name", classes="deploy-label")
                    yield SafeInput(suggested_name(self.row.name), id="deploy-name", compact=True)
                with Horizontal(classes="deploy-row"):
                    yield Static("Description", classes="deploy-label")
                    yield SafeInput(id="deploy-description", compact=True, placeholder="optional")
                with Horizontal(classes="deploy-row"):
                    yield Static("Tags", classes="deploy-label")
                    yield SafeInput(
                        id="deploy-tags",
                        compact=True,
                        placeholder="optional: key=value, comma between",
                    )
                with Horizontal(id="deploy-throughput", classes="deploy-row"):
                    yield Static("Model units", classes="deploy-label")
                    yield SafeInput("1", id="deploy-units", compact=True, type="integer")
                    yield Static("Commitment", id="deploy-commitment-label")
                    yield Select(
                        [(COMMITMENTS[None], NO_COMMITMENT)]
                        + [(words, key) for key, words in COMMITMENTS.items() if key],
                        value=NO_COMMITMENT,
                        allow_blank=False,
                        compact=True,
                        id="deploy-commitment",
                    )
                yield Static(id="deploy-billing", classes="dialog-warning", markup=False)
            yield Static(id="deploy-problem", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Deploy  ctrl+s", id="send", variant="primary", compact=True)
                yield Button("Cancel  esc", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#deploy-throughput").display = False
        self.query_one("#send", Button).disabled = True
        self.query_one("#deploy-name", SafeInput).focus()
        self._read_model()

    @work(thread=True, exit_on_error=False, group="deploy-read")
    def _read_model(self) -> None:
        found = Serving(self.ftui.session, self.row.region).get_model(self.row.arn)
        self.app.call_from_thread(self._show_offer, found)

    def _show_offer(self, found: Ok[dict[str, Any]] | AwsError) -> None:
        if isinstance(found, AwsError):
            self._problem(f"The model could not be read: {found}")
            return
        self.offer = offer(found.value, self.row.region)
        self._problem("")  # "reading the model first", if ctrl+s came early
        self.query_one("#send", Button).disabled = False
        text = self.query_one("#deploy-offer", Static)
        if self.offer.on_demand:
            text.update("On-demand deployment: its ARN is the modelId clients send requests to.")
        else:
            text.update(
                safe_text(
                    f"On demand is not offered: {self.offer.reason} This buys Provisioned"
                    " Throughput instead."
                )
            )
            name = self.query_one("#deploy-name", SafeInput)
            if name.value == suggested_name(self.row.name):  # not what the user typed
                name.value = suggested_name(self.row.name, "pt")
            self.query_one("#deploy-throughput").display = True
            send = self.query_one("#send", Button)
            send.label = "Buy throughput  ctrl+s"
            send.refresh(layout=True)  # no layout reactive: the width would stay Deploy's
        self._show_billing()

    @on(Input.Changed, "#deploy-units")
    @on(Select.Changed, "#deploy-commitment")
    def _show_billing(self) -> None:
        billing = self.query_one("#deploy-billing", Static)
        if self.offer is None:
            return
        if self.offer.on_demand:
            billing.update(ON_DEMAND_BILLING)
            return
        units = self._units()
        if not units:
            billing.update("Enter how many model units to buy (1 or more): each is billed.")
            return
        billing.update("\n".join(throughput_billing(units, self._commitment(), self.ftui.now())))

    def _units(self) -> int | None:
        text = self.query_one("#deploy-units", SafeInput).value.strip()
        return int(text) if text.isdigit() else None

    def _commitment(self) -> str | None:
        value = self.query_one("#deploy-commitment", Select).value
        return None if value == NO_COMMITMENT else str(value)

    def _problem(self, text: str) -> None:
        self.query_one("#deploy-problem", Static).update(safe_text(text, 2000, multiline=True))

    def _request(self) -> dict[str, Any] | None:
        """The checked request's keyword arguments, or None with the problem shown."""
        name = self.query_one("#deploy-name", SafeInput).value.strip()
        description = self.query_one("#deploy-description", SafeInput).value.strip()
        tags = parse_tags(self.query_one("#deploy-tags", SafeInput).value)
        try:
            if self.offer is not None and self.offer.on_demand:
                request: Any = CreateCustomModelDeploymentRequest(
                    modelDeploymentName=name,
                    modelArn=self.row.arn,
                    description=description or None,
                    tags=tags or None,  # type: ignore[arg-type]
                )
            else:
                request = CreateProvisionedModelThroughputRequest(
                    provisionedModelName=name,
                    modelId=self.row.arn,
                    modelUnits=self._units() or 0,
                    commitmentDuration=self._commitment(),  # type: ignore[arg-type]
                    tags=tags or None,  # type: ignore[arg-type]
                )
        except ValidationError as error:
            self._problem(problem_of(error))
            return None
        kwargs = dict(request.model_dump(exclude_none=True))
        key = json.dumps(kwargs, sort_keys=True)
        kwargs["clientRequestToken"] = self._tokens.setdefault(key, new_token())
        return kwargs

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            self.sending = False
            self._problem(f"{event.worker.name} failed: {event.worker.error}")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "send":
            self.action_send()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        if self.sending:
            # Leaving now would hide whether AWS made it: it may well have.
            self._problem("Sent: waiting for AWS's answer before closing.")
            return
        self.dismiss(None)

    def action_send(self) -> None:
        if self.offer is None:
            # Not sent before the user has seen what it buys and bills.
            self._problem("Reading the model first: what this buys and bills shows in a moment.")
            return
        if self.sending:
            return
        request = self._request()
        if request is None:
            return
        self.sending = True
        self._problem("Sending…")
        self._send(request, self.offer.on_demand)

    @work(thread=True, exit_on_error=False, group="deploy-send")
    def _send(self, request: dict[str, Any], on_demand: bool) -> None:
        serving = Serving(self.ftui.session, self.row.region)
        result = serving.deploy(request) if on_demand else serving.provision(request)
        self.app.call_from_thread(self._sent, result, on_demand)

    def _sent(self, result: Ok[str] | AwsError, on_demand: bool) -> None:
        self.sending = False
        if isinstance(result, AwsError):
            again = (
                " Sending again is safe: the same token makes no second one."
                if (result.outcome_unknown)
                else ""
            )
            self._problem(f"{result}{again}")
            return
        kind = "deployment" if on_demand else "Provisioned Throughput"
        self.app.notify(
            f"The {kind} of {self.row.name} is Creating; the model's list follows it until it"
            f" answers.\n{result.value}",
            title="Deploying",
            markup=False,
        )
        if self.is_current:  # a mode switched away meanwhile: dismissing would pop another
            self.dismiss(result.value)
