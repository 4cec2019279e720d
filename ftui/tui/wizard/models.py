"""The models Bedrock offers in a region, fetched in a worker and kept for the session."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from ftui.core.aws.errors import AwsError, Ok
from ftui.tui.wizard.context import ModelChoices

if TYPE_CHECKING:
    from ftui.tui.wizard.screen import WizardScreen


class ModelLoader:
    """ListFoundationModels and ListCustomModels once a region; the answer is a message."""

    @dataclass
    class Loaded(Message):
        choices: ModelChoices

    def __init__(self, wizard: WizardScreen) -> None:
        self.wizard = wizard

    def load(self, region: str) -> None:
        wizard = self.wizard
        cached = wizard.ftui.model_choices.get(region)
        if cached is not None and not cached.loading:
            wizard.context.choices = cached
            wizard.context_changed()
            return
        wizard.context.choices = ModelChoices(region=region, loading=True)
        wizard.context_changed()
        wizard.run_worker(
            lambda: self._fetch(region),
            name="listing models",
            thread=True,
            exclusive=True,
            group="models",
            exit_on_error=False,
        )

    def _fetch(self, region: str) -> None:
        bedrock = self.wizard.ftui.bedrock(region)
        foundation = bedrock.list_foundation_models()
        choices = ModelChoices(region=region)
        if isinstance(foundation, AwsError):
            choices.error = foundation
        else:
            choices.foundation = foundation.value
            custom = bedrock.list_custom_models()
            choices.custom = custom.value if isinstance(custom, Ok) else []
            account = bedrock.session.account_id()
            choices.account = account.value if isinstance(account, Ok) else None
        self.wizard.post_message(self.Loaded(choices))

    def loaded(self, choices: ModelChoices) -> None:
        wizard = self.wizard
        wizard.ftui.model_choices[choices.region] = choices
        if choices.region == wizard.context.region:
            wizard.context.choices = choices
            wizard.context_changed()
