"""Step 4: the IAM role Bedrock assumes, and the key that encrypts the model."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding

from ftui.tui.widgets.field import Field
from ftui.tui.wizard.steps.base import Step


class AccessStep(Step):
    title = "Access"
    short = "Access"
    paths = (("roleArn",), ("customModelKmsKeyId",))
    BINDINGS = [
        Binding("ctrl+n", "screen.new_role", "New role", id="wizard.new_role"),
    ]

    def compose(self) -> ComposeResult:
        yield self.heading("Access: the role Bedrock uses, and encryption")
        yield Field(
            ("roleArn",),
            "Service role ARN",
            # The length limit of an ARN tells no one anything: the keys do.
            hint="required · ^O pick · ^N create one",
            placeholder="arn:aws:iam::123456789012:role/BedrockCustomizationRole",
            help="Its trust policy must let bedrock.amazonaws.com assume it, and it needs"
            " s3:GetObject and s3:ListBucket on the data, s3:PutObject on the output. You need"
            " iam:PassRole on it.",
        )
        yield Field(
            ("customModelKmsKeyId",),
            "KMS key for the custom model",
            hint="optional · ^O pick",
            placeholder="alias/my-key, a key ID or a key ARN (empty: an AWS-owned key)",
            help="The role needs kms:Decrypt on it, and so does a data bucket encrypted with it.",
        )
