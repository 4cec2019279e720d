"""ftui: a terminal app for Amazon Bedrock model customization jobs."""

__version__ = "0.1.0"
