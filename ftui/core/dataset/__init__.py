"""The dataset checker: a JSON Lines file against a base model's format and limits, streaming.

Used by ``ftui data check``, the pre-flight checks, the wizard and the emulator's validation
stage, so all of them say the same of the same file.
"""

from ftui.core.dataset.cache import ReportCache
from ftui.core.dataset.check import TooLarge, check_file, check_lines, check_s3, check_stream
from ftui.core.dataset.reader import CheckCancelled
from ftui.core.dataset.report import MAX_LISTED, DataProblem, DataReport, Severity
from ftui.core.dataset.rules import Rules, UnknownModel, default_type, resolve, rules_for

__all__ = [
    "MAX_LISTED",
    "CheckCancelled",
    "DataProblem",
    "DataReport",
    "ReportCache",
    "Rules",
    "Severity",
    "TooLarge",
    "UnknownModel",
    "check_file",
    "check_lines",
    "check_s3",
    "check_stream",
    "default_type",
    "resolve",
    "rules_for",
]
