"""Step 7: tags for the job and for the model it creates."""

from __future__ import annotations

from textual.app import ComposeResult

from ftui.tui.widgets.editors import TagsEditor
from ftui.tui.wizard.steps.base import Step


class TagsStep(Step):
    title = "Tags"
    short = "Tags"
    paths = (("jobTags",), ("customModelTags",))

    def compose(self) -> ComposeResult:
        yield self.heading("Tags: for cost reports and access control")
        yield TagsEditor(
            ("jobTags",),
            "Job tags  [dim]optional · up to 200[/]",
            help="Keys 1-128 and values 0-256 characters: letters, digits, spaces, . _ : / = + @ -",
        )
        yield TagsEditor(("customModelTags",), "Custom model tags  [dim]optional · up to 200[/]")
