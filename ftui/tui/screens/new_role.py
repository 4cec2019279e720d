"""Create the job's service role: both policies shown in full, then created after a yes.

The trust policy lets only Bedrock, for jobs of this account, assume the role; the access
policy reaches only the buckets and prefixes this draft reads and writes, and the draft's KMS
key by its ARN (read with the account, so the policy shown is the policy sent).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static
from textual.worker import Worker, WorkerState

from ftui.core.aws.errors import AwsError, Ok, Outcome
from ftui.core.fixes import ROLE_WITHOUT_POLICY, RolePlan, create_service_role, role_plan
from ftui.core.fixes.roles import resolve_key
from ftui.core.safe_text import safe_text
from ftui.tui.screens.confirm import ConfirmScreen
from ftui.tui.services import FtuiScreen
from ftui.tui.widgets.footer import Footer
from ftui.tui.widgets.safe_input import SafeInput

# IAM's rule for role names.
ROLE_NAME = re.compile(r"[\w+=,.@-]{1,64}")


@dataclass(frozen=True)
class RoleRequest:
    region: str
    read: list[str]
    write: list[str]
    kms_key: str | None
    job_name: str


@dataclass(frozen=True)
class Known:
    """What the policies need from AWS before they can be shown."""

    account: str
    kms_key_arn: str | None


def default_name(job_name: str) -> str:
    stem = re.sub(r"[^\w+=,.@-]", "-", job_name)[:40].strip("-")
    return f"BedrockCustomization-{stem}" if stem else "BedrockCustomizationRole"


class RoleScreen(ModalScreen[str | None], FtuiScreen[str | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="role.cancel"),
        Binding("ctrl+s", "create", "Create role", id="role.create", priority=True),
    ]

    def __init__(self, request: RoleRequest) -> None:
        super().__init__(classes="dialog-screen")
        self.request = request
        self.account: str | None = None
        self.kms_key_arn: str | None = None
        self.plan: RolePlan | None = None
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog fix"):
            yield Static("Create a service role for this job", classes="dialog-title")
            yield Label("Role name", classes="field-label")
            yield SafeInput(default_name(self.request.job_name), id="role-name", compact=True)
            yield Static("Reading the account…", id="role-note", classes="fix-note", markup=False)
            with VerticalScroll(classes="fix-documents"):
                yield Static("", id="role-documents", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#role-name", Input).focus()
        if not self.request.read and not self.request.write:
            self._note(
                "Set the training data and the output location first: the role's access"
                " policy is scoped to them.",
                "error",
            )
            return
        self._load_account()

    def _note(self, text: str, state: str = "") -> None:
        note = self.query_one("#role-note", Static)
        note.update(safe_text(text, multiline=True))
        note.set_class(state == "error", "-error")
        note.set_class(state == "ok", "-ok")

    @work(thread=True, group="account", exit_on_error=False, name="account")
    def _load_account(self) -> Known | str:
        """The account and the key's ARN; what to say instead when one cannot be read."""
        session = self.ftui.session
        account = session.account_id()
        if isinstance(account, AwsError):
            return f"Could not tell which account this is: {account}"
        key = resolve_key(session, self.request.kms_key, self.request.region)
        if isinstance(key, AwsError):
            return f"Cannot write the permissions policy: {key.message}"
        return Known(account.value, key.value)

    @on(Worker.StateChanged)
    def _worker(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            self.busy = False
            self._note(f"{event.worker.name} broke: {event.worker.error}", "error")
            self.refresh_bindings()
            return
        if event.state is not WorkerState.SUCCESS:
            return
        result = event.worker.result
        if event.worker.group == "account":
            if isinstance(result, Known):
                self.account = result.account
                self.kms_key_arn = result.kms_key_arn
                self._show_plan()
            elif isinstance(result, str):
                self._note(result, "error")
        elif event.worker.group == "create":
            self.busy = False
            self.refresh_bindings()
            if isinstance(result, Ok):
                self.dismiss(str(result.value))
            elif isinstance(result, AwsError) and result.code == ROLE_WITHOUT_POLICY:
                self._note(f"Created without its permissions: {result.message}", "error")
            elif isinstance(result, AwsError):
                self._note(f"Not created: {result}", "error")

    @on(Input.Changed, "#role-name")
    def _name_changed(self) -> None:
        if self.account is not None:
            self._show_plan()

    def _role_name(self) -> str:
        return self.query_one("#role-name", Input).value.strip()

    def _show_plan(self) -> None:
        assert self.account is not None
        name = self._role_name()
        if not ROLE_NAME.fullmatch(name):
            self.plan = None
            self._note("A role name is 1 to 64 letters, digits and + = , . @ _ -", "error")
            self.refresh_bindings()
            return
        try:
            self.plan = role_plan(
                name=name,
                account=self.account,
                region=self.request.region,
                read=self.request.read,
                write=self.request.write,
                kms_key=self.kms_key_arn,
            )
        except ValueError as error:  # a location typed by hand that is no s3:// URI
            self.plan = None
            self._note(f"Fix the data locations first: {error}", "error")
            self.refresh_bindings()
            return
        self._note(f"Ctrl+S creates arn:aws:iam::{self.account}:role/{name} with these policies.")
        documents = (
            "Trust policy (who may assume the role):\n"
            + _pretty(self.plan.trust_policy)
            + f"\n\nPermissions (inline policy {self.plan.policy_name}):\n"
            + _pretty(self.plan.access_policy)
        )
        self.query_one("#role-documents", Static).update(safe_text(documents, multiline=True))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "create":
            return self.plan is not None and not self.busy
        return True

    def action_create(self) -> None:
        plan = self.plan
        if plan is None or self.account is None:
            return

        def answered(yes: bool | None) -> None:
            if yes and not self.busy:
                self.busy = True
                self.refresh_bindings()
                self._note(f"Creating {plan.name}…")
                self._create(plan)

        self.app.push_screen(
            ConfirmScreen(
                f"Create the IAM role {plan.name} in account {self.account}?",
                "It is created with the two policies shown, and chosen as the job's role.",
                yes="Create",
            ),
            answered,
        )

    @work(thread=True, group="create", exit_on_error=False, name="create role")
    def _create(self, plan: RolePlan) -> Outcome[str]:
        assert self.account is not None
        return create_service_role(
            self.ftui.session,
            name=plan.name,
            account=self.account,
            region=self.request.region,
            read=self.request.read,
            write=self.request.write,
            kms_key=self.kms_key_arn,
        )

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(None)


def _pretty(document: str) -> str:
    try:
        return json.dumps(json.loads(document), indent=2)
    except ValueError:
        return document
