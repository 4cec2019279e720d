"""Talking to AWS (or the local emulator, which differs only by endpoint URL)."""

from ftui.core.aws.bedrock import Bedrock
from ftui.core.aws.errors import AwsError, Ok, Outcome
from ftui.core.aws.session import AwsSession, AwsTarget

__all__ = ["AwsError", "AwsSession", "AwsTarget", "Bedrock", "Ok", "Outcome"]
