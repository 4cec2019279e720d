"""Step 5: an optional VPC for the job's access to its data."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Checkbox

from ftui.core.draft import Draft, Path
from ftui.core.editing import VPC
from ftui.core.request import VpcConfig
from ftui.tui.widgets.field import Field
from ftui.tui.wizard.hints import hint
from ftui.tui.wizard.steps.base import Step


class NetworkStep(Step):
    title = "Network"
    short = "Network"
    paths = (VPC,)

    @dataclass
    class VpcToggled(Message):
        on: bool

    def compose(self) -> ComposeResult:
        yield self.heading("Network: run the job in your VPC (optional)")
        yield Checkbox(
            "Use a VPC  [dim]Bedrock then reaches S3 through your subnets[/]", id="use-vpc"
        )
        with Vertical(id="vpc-fields"):
            yield Field(
                (*VPC, "subnetIds"),
                "Subnet IDs",
                hint=hint(VpcConfig, "subnetIds") + " · ^O pick",
                kind="list",
                placeholder="subnet-0abc…, subnet-0def…  (commas or spaces)",
                help="AWS recommends a subnet in each Availability Zone, and an S3 VPC endpoint.",
            )
            yield Field(
                (*VPC, "securityGroupIds"),
                "Security group IDs",
                hint=hint(VpcConfig, "securityGroupIds") + " · ^O pick",
                kind="list",
                placeholder="sg-0abc…",
                help="The role then needs ec2:Describe*, ec2:CreateNetworkInterface and related"
                " permissions.",
            )

    def show_draft(self, draft: Draft) -> None:
        super().show_draft(draft)
        self._show_vpc(draft)

    def draft_changed(self, draft: Draft, changed: list[Path]) -> None:
        super().draft_changed(draft, changed)
        if any(path[:1] == VPC for path in changed):
            self._show_vpc(draft)

    def _show_vpc(self, draft: Draft) -> None:
        """The box is ticked exactly when the request has a VPC, and only then are its fields."""
        on = draft.get(VPC) is not None
        box = self.query_one("#use-vpc", Checkbox)
        if box.value != on:
            with box.prevent(Checkbox.Changed):
                box.value = on
        self.query_one("#vpc-fields").display = on

    @on(Checkbox.Changed, "#use-vpc")
    def _toggle(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.post_message(self.VpcToggled(event.value))
