"""Which AWS operations change an account, and read-only mode, which refuses them.

Read-only mode is enforced here, below every button, key, palette command and CLI command: the
session refuses a mutating operation before botocore sends it. Screens hide what would be
refused, but hiding is a courtesy; this is the guarantee.
"""

from __future__ import annotations

from dataclasses import dataclass

# An operation that only reads starts with one of these verbs (AWS's own naming rule).
READING_VERBS = ("Get", "List", "Describe", "Head")
# Asking a model (bedrock-runtime) is billed per token but creates, changes or deletes nothing
# in the account, so read-only mode lets it through. These are the ones ftui sends; an
# operation added here must change nothing (StartAsyncInvoke, which writes to S3, may not).
INVOKING = frozenset({"Converse", "ConverseStream"})


def mutates(operation: str) -> bool:
    """Whether ``operation`` (e.g. ``StopModelCustomizationJob``) may change the account."""
    return not (operation.startswith(READING_VERBS) or operation in INVOKING)


@dataclass(frozen=True)
class ReadOnly:
    """Read-only mode is on, and ``source`` says who turned it on, to say how to turn it off."""

    source: str

    def refusal(self, operation: str) -> str:
        return (
            f"read-only mode ({self.source}): {operation} would change your AWS account,"
            " so it was not sent"
        )


class ReadOnlyRefusal(Exception):
    """Raised inside botocore's call, before the request is signed or sent."""

    def __init__(self, operation: str, message: str) -> None:
        super().__init__(message)
        self.operation = operation
