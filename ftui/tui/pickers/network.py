"""The job's network: a VPC, then several of its subnets, or of its security groups.

A job runs in one VPC, so the picker opens on the VPC of the ids the field holds (or, for
security groups, of the subnets chosen), and checking ids of another VPC unchecks the first
VPC's. Space checks and unchecks; Enter gives the checked ids (or the highlighted one when
none is checked).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from textual import on
from textual.binding import Binding
from textual.message import Message

from ftui.core.aws.errors import AwsError, Outcome
from ftui.core.aws.session import AwsSession
from ftui.core.resources import Page, ec2
from ftui.core.resources.ec2 import SecurityGroup, Subnet, Vpc
from ftui.tui.pickers.base import PickerScreen
from ftui.tui.pickers.choices import Column, Row
from ftui.tui.pickers.levels import PICKER_KEYS, Level, Listing, Source
from ftui.tui.pickers.values import Picked
from ftui.tui.screens.help import Row as HelpRow
from ftui.tui.screens.help import Section

NetworkKind = Literal["subnets", "security-groups"]
VPC_COLUMNS = (
    Column("VPC"),
    Column("Id", 21),
    Column("CIDR", 18),
    Column("", 7, optional=True),
)
SUBNET_COLUMNS = (Column("Subnet"), Column("Id", 24), Column("Zone", 12), Column("CIDR", 16))
GROUP_COLUMNS = (Column("Group"), Column("Id", 20), Column("Description", optional=True))
CHECKED, UNCHECKED = "[x] ", "[ ] "


class NetworkPicker(PickerScreen):
    KEY_GUIDE: ClassVar[tuple[Section, ...]] = (
        PICKER_KEYS,
        Section(
            "Subnets, security groups",
            (
                HelpRow("Check or uncheck", ("picker.toggle",)),
                HelpRow("Use the checked ones (none: the highlighted one)", keys="Enter"),
            ),
        ),
    )
    # Priority, to come before the filter; it stands back (the filter gets a space) on the
    # VPCs, where nothing is checked.
    BINDINGS = [Binding("space", "tick", "Check", id="picker.toggle", priority=True)]

    @dataclass
    class VpcFound(Message):
        """The VPC of the ids the picker opened with."""

        found: Outcome[str | None]

    def __init__(
        self,
        kind: NetworkKind,
        *,
        region: str,
        current: list[str],
        vpc_hint: list[str] | None = None,
    ) -> None:
        noun = "Subnets" if kind == "subnets" else "Security groups"
        super().__init__(kind, region=region, title=noun)
        self.network_kind = kind
        self.checked: dict[str, str | None] = dict.fromkeys(current)  # id → its VPC, if known
        self.vpc_hint = vpc_hint or []
        self.vpc_names: dict[str, str] = {}

    def vpcs_level(self) -> Level:
        return Level(Source(ec2.VPCS, self.aws_region), "", VPC_COLUMNS, "VPCs")

    def items_level(self, vpc_id: str) -> Level:
        source = Source(
            ec2.SUBNETS if self.network_kind == "subnets" else ec2.SECURITY_GROUPS,
            self.aws_region,
            vpc_id,
        )
        where = f"in {self.vpc_names.get(vpc_id) or vpc_id}"
        if self.network_kind == "subnets":
            return Level(source, where, SUBNET_COLUMNS, "subnets", marked=True)
        return Level(source, where, GROUP_COLUMNS, "security groups", marked=True)

    def start(self) -> None:
        self.go([(self.vpcs_level(), None)])
        subnets = list(self.checked) if self.network_kind == "subnets" else self.vpc_hint
        groups = list(self.checked) if self.network_kind == "security-groups" else []
        if subnets or groups:
            session, region = self.ftui.session, self.aws_region

            def find() -> None:
                found = ec2.vpc_of(session, region, subnet_ids=subnets, group_ids=groups)
                self.post_message(self.VpcFound(found))

            self.run_worker(find, name="finding the VPC", thread=True, exit_on_error=False)

    @on(VpcFound)
    def _vpc_found(self, event: VpcFound) -> None:
        if isinstance(event.found, AwsError):
            self.notify(
                f"The VPC of {', '.join(self.checked or self.vpc_hint)} was not found:"
                f" {event.found.message}",
                severity="warning",
            )
            return
        vpc_id = event.found.value
        if vpc_id is None or len(self.levels) > 1:
            return  # nothing to open, or the user went on without waiting
        self.go([(self.vpcs_level(), vpc_id), (self.items_level(vpc_id), None)])

    def loaded(self, source: Source, listing: Listing) -> None:
        """VPCs listed: their names, for the title of a VPC opened by its id."""
        if source.listing != ec2.VPCS:
            return
        self.vpc_names.update({v.id: v.name for v in listing.items if v.name})
        shown = self.level.source
        if self.level.marked and shown.parent in self.vpc_names:
            self.relabel(self.items_level(shown.parent).where)

    def fetch(
        self, session: AwsSession, source: Source, token: str | None, page_size: int
    ) -> Outcome[Page[Any]]:
        region = source.region
        if source.listing == ec2.VPCS:
            return ec2.list_vpcs(session, region, token=token, page_size=page_size)
        if source.listing == ec2.SUBNETS:
            return ec2.list_subnets(
                session, region, source.parent, token=token, page_size=page_size
            )
        return ec2.list_security_groups(
            session, region, source.parent, token=token, page_size=page_size
        )

    def row(self, item: Any) -> Row:
        if isinstance(item, Vpc):
            return Row(item.cells)
        return Row(item.cells, mark=CHECKED if item.id in self.checked else UNCHECKED)

    def hint(self, item: Any) -> str:
        if isinstance(item, Vpc):
            return f"Enter lists its {self.items_level(item.id).noun}"
        chosen = ", ".join(self.checked) or "none"
        return f"Checked: {chosen}  ·  Space checks, Enter uses them"

    # --- picking --------------------------------------------------------------------------

    def choose(self, item: Any) -> None:
        if isinstance(item, Vpc):
            self.vpc_names[item.id] = item.name
            elsewhere = [i for i, vpc in self.checked.items() if vpc not in (None, item.id)]
            for unchecked in elsewhere:
                del self.checked[unchecked]
            self.enter(self.items_level(item.id))
            return
        self.dismiss(list(self.checked) or [item.id])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "tick":
            return self.level.marked
        return super().check_action(action, parameters)

    def action_tick(self) -> None:
        item = self.choices.entry
        if not isinstance(item, Subnet | SecurityGroup):
            return
        if item.id in self.checked:
            del self.checked[item.id]
        else:
            # A job has one VPC: checking here unchecks the ids of another.
            for other in [i for i, vpc in self.checked.items() if vpc not in (None, item.vpc_id)]:
                del self.checked[other]
            self.checked[item.id] = item.vpc_id
        self.show()

    def take_typed(self, value: Picked) -> None:
        typed = value if isinstance(value, list) else [str(value)]
        self.dismiss(list(dict.fromkeys([*self.checked, *typed])))
