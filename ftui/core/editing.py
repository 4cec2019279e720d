"""How a draft follows one edit: the rules a wizard applies, kept free of any UI.

Switching the kind of job, choosing another base model, turning the VPC off or taking the
training data from invocation logs each moves other fields with it. What such a switch takes
out of the draft is kept aside, so switching back restores it and nothing typed is lost.
Untouched hyperparameter defaults and suggested names follow the kind and the model; once the
person types their own, they stay.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from ftui.core import kinds
from ftui.core.catalog import Catalog, load_catalog
from ftui.core.draft import Draft, Path
from ftui.core.hyperparameters import defaults
from ftui.core.names import suggested_name

KIND = ("customizationType",)
BASE_MODEL = ("baseModelIdentifier",)
NAMES = (("jobName",), ("customModelName",))
HYPER = ("hyperParameters",)
TRAINING = ("trainingDataConfig",)
TRAINING_URI = (*TRAINING, "s3Uri")
LOGS = (*TRAINING, "invocationLogsConfig")
VPC = ("vpcConfig",)
CONFIG = ("customizationConfig",)
EMPTY_VPC: dict[str, list[str]] = {"subnetIds": [], "securityGroupIds": []}
# The kinds whose request carries the model's hyperparameter defaults, as the console fills them.
FILLS_DEFAULTS = frozenset({kinds.FINE_TUNING, kinds.CONTINUED_PRE_TRAINING})

Source = Literal["s3", "logs"]


@dataclass
class Stash:
    """What a switch took out of the draft, to put back when the person switches back."""

    configs: dict[str, Any] = field(default_factory=dict)  # kind -> its customizationConfig member
    training_uri: Any = None
    logs: Any = None
    vpc: Any = None


class DraftEditor:
    """Edits one draft in place, as a person does; every method returns the paths it changed."""

    def __init__(
        self,
        draft: Draft,
        *,
        now: Callable[[], datetime],
        auto_names: bool = True,
        catalog: Catalog | None = None,
    ) -> None:
        self.draft = draft
        self.now = now
        # True while the names are ftui's suggestion: they then follow the kind and model.
        self.auto_names = auto_names
        self.catalog = catalog or load_catalog()
        self.stash = Stash()

    @property
    def kind(self) -> str:
        return kinds.kind_of(self.draft.request)

    def set(self, path: Path, value: Any) -> list[Path]:
        """Set ``path`` (``None`` removes it) and whatever follows from it."""
        draft = self.draft
        if draft.get(path) == value:
            return []  # a widget echoing what it was shown
        before_kind, before_model = self.kind, draft.get(BASE_MODEL)
        before_defaults = self._defaults()
        if value is None:
            draft.delete(path)
        else:
            draft.set(path, value)
        changed = [path]
        if path in NAMES:
            self.auto_names = False
        if path == KIND and self.kind != before_kind:
            changed += self._switch_config(before_kind, self.kind)
        if path in (KIND, BASE_MODEL) and (self.kind, draft.get(BASE_MODEL)) != (
            before_kind,
            before_model,
        ):
            changed += self._follow_defaults(before_defaults)
            if self.auto_names:
                changed += self.suggest_names()
        return changed

    def suggest_names(self) -> list[Path]:
        name = suggested_name(self.kind, self.draft.get(BASE_MODEL), self.now(), self.catalog)
        for path in NAMES:
            self.draft.set(path, name)
        return list(NAMES)

    # --- what follows the kind and the model ---------------------------------------------

    def _switch_config(self, old: str, new: str) -> list[Path]:
        """Keep each kind's config aside, so switching back restores it."""
        draft = self.draft
        old_key, new_key = kinds.CONFIG_KEYS.get(old), kinds.CONFIG_KEYS.get(new)
        if old_key is not None and draft.get((*CONFIG, old_key)) is not None:
            self.stash.configs[old] = draft.get((*CONFIG, old_key))
            draft.delete((*CONFIG, old_key))
        if new_key is not None and new in self.stash.configs:
            draft.set((*CONFIG, new_key), self.stash.configs.pop(new))
        return [CONFIG]

    def _defaults(self) -> dict[str, str]:
        """The hyperparameters the draft should carry untouched: its model's, for some kinds."""
        if self.kind not in FILLS_DEFAULTS:
            return {}
        family = self.catalog.family_for(self.draft.get(BASE_MODEL))
        return defaults(self.catalog.hyperparameters(family)) if family else {}

    def _follow_defaults(self, before: dict[str, str]) -> list[Path]:
        """Replace untouched defaults with the new ones; values the person typed stay."""
        current = self.draft.get(HYPER) or {}
        if isinstance(current, dict) and {k: str(v) for k, v in current.items()} != before:
            return []
        wanted = self._defaults()
        if wanted:
            self.draft.set(HYPER, wanted)
        else:
            self.draft.delete(HYPER)
        return [HYPER]

    def reset_hyperparameters(self) -> list[Path]:
        """The model's documented defaults, whatever the kind (the Reset button)."""
        family = self.catalog.family_for(self.draft.get(BASE_MODEL))
        if family is None:
            return []
        self.draft.set(HYPER, defaults(self.catalog.hyperparameters(family)))
        return [HYPER]

    # --- switches the person makes -------------------------------------------------------

    def use_source(self, source: Source) -> list[Path]:
        """Train from a JSONL file in S3, or from model invocation logs."""
        draft = self.draft
        if source == "logs":
            if draft.get(TRAINING_URI) is not None:
                self.stash.training_uri = draft.get(TRAINING_URI)
                draft.delete(TRAINING_URI)
            if draft.get(LOGS) is None:
                draft.set(LOGS, self.stash.logs or {"invocationLogSource": {}})
                self.stash.logs = None
        else:
            if draft.get(LOGS) is not None:
                self.stash.logs = draft.get(LOGS)
                draft.delete(LOGS)
            if self.stash.training_uri is not None and draft.get(TRAINING_URI) is None:
                draft.set(TRAINING_URI, self.stash.training_uri)
                self.stash.training_uri = None
        return [TRAINING]

    def source(self) -> Source:
        return "logs" if self.draft.get(LOGS) is not None else "s3"

    def use_vpc(self, on: bool) -> list[Path]:
        """Run the job in a VPC (restoring the last subnets and groups), or not."""
        draft = self.draft
        if on and draft.get(VPC) is None:
            draft.set(VPC, self.stash.vpc or {k: list(v) for k, v in EMPTY_VPC.items()})
            self.stash.vpc = None
        elif not on and draft.get(VPC) is not None:
            self.stash.vpc = draft.get(VPC)
            draft.delete(VPC)
        return [VPC]
