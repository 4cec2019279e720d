"""Fixing from ftui what would otherwise send the user to the console.

Ctrl+T in the data step uploads a local JSONL file (after it passed the dataset checker) and
makes it the training data; Ctrl+N in the access step (or N on a failed role check) creates a
service role scoped to this job's buckets. Both change the account: read-only mode refuses
them before anything is asked, and both show what they will do and wait for a yes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ftui.core.catalog import load_catalog
from ftui.core.draft import Path
from ftui.core.editing import BASE_MODEL, TRAINING_URI
from ftui.core.kinds import kind_of
from ftui.core.locations import data_locations
from ftui.tui.wizard.steps.access import AccessStep
from ftui.tui.wizard.steps.data import DataStep

if TYPE_CHECKING:
    from ftui.tui.wizard.screen import WizardScreen

ROLE: Path = ("roleArn",)


class FixFlows:
    def __init__(self, wizard: WizardScreen) -> None:
        self.wizard = wizard

    def _refused(self, operation: str) -> bool:
        refusal = self.wizard.ftui.session.refusal(operation)
        if refusal is not None:
            self.wizard.status.say(f"{refusal.message}.", error=True)
        return refusal is not None

    def upload(self) -> None:
        # The dialogs load with their first use, not while ftui starts.
        from ftui.core.resources import s3
        from ftui.tui.screens.upload import UploadRequest, UploadScreen

        wizard = self.wizard
        if self._refused("PutObject"):
            return
        draft = wizard.draft
        base = draft.get(BASE_MODEL)
        match = load_catalog().match(base) if isinstance(base, str) else None
        if match is None:
            wizard.status.say(
                "Choose the base model first: the file is checked against its format before it"
                " is uploaded.",
                error=True,
            )
            return
        current = draft.get(TRAINING_URI)
        folder = None
        if isinstance(current, str) and current.startswith("s3://"):
            folder = current.rsplit("/", 1)[0] + "/"
        request = UploadRequest(
            model_id=match.model.id,
            customization_type=kind_of(draft.request),
            region=wizard.context.region,
            folder=folder,
        )

        def uploaded(uri: str | None) -> None:
            if uri is not None:
                # The S3 browser lists the new object next time, not a page from before it.
                wizard.ftui.resources.drop(s3.FOLDER)
                self._set(TRAINING_URI, uri, DataStep)
                wizard.status.say(f"Uploaded: {uri} is the training data.")

        wizard.app.push_screen(UploadScreen(request), uploaded)

    def create_role(self) -> None:
        from ftui.core.resources import iam
        from ftui.tui.screens.new_role import RoleRequest, RoleScreen

        wizard = self.wizard
        if self._refused("CreateRole"):
            return
        draft = wizard.draft
        read, write = data_locations(draft.request)
        name = draft.get(("jobName",))
        request = RoleRequest(
            region=wizard.context.region,
            read=read,
            write=write,
            kms_key=draft.get(("customModelKmsKeyId",)) or None,
            job_name=name if isinstance(name, str) else "",
        )

        def created(arn: str | None) -> None:
            if arn is not None:
                wizard.ftui.resources.drop(iam.ROLES)
                self._set(ROLE, arn, AccessStep)
                # IAM takes a few seconds to reach every region: said, so a "could not assume"
                # from a submit right away is not a mystery.
                wizard.status.say(
                    f"Created {arn} as the job's role; IAM may take a few seconds to let Bedrock"
                    " assume it."
                )

        wizard.app.push_screen(RoleScreen(request), created)

    def _set(self, path: Path, value: str, step: type[DataStep] | type[AccessStep]) -> None:
        wizard = self.wizard
        if wizard.editor is None:
            return
        wizard.edited(wizard.editor.set(path, value))
        for widget in wizard.step(step).bound():
            if widget.path == path:
                widget.show(value)
