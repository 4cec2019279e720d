"""What a data set check found: problems with their lines, counted by kind, in bounded memory."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]

# A multi-GB file with a bad line on every row must not fill memory or a terminal: past this
# many, problems are only counted by kind.
MAX_LISTED = 100
# Bedrock's documented rule of thumb; no tokenizer is shipped, so every count is an estimate.
CHARS_PER_TOKEN = 6


@dataclass(frozen=True)
class DataProblem:
    line: int | None  # 1-based line of the file; None for the whole file (record count, size)
    kind: str  # a short category word the summary counts by: json, keys, roles, tokens ...
    message: str  # what is wrong and, where it helps, how to fix it
    severity: Severity = "error"


@dataclass
class DataReport:
    source: str  # the path or s3:// URI as given
    format_id: str | None  # the catalog's data format, None when there is none to check
    records: int = 0
    estimated_tokens: int = 0
    problems: list[DataProblem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    # Beyond the listed problems: what the summary and AWS's words need.
    errors: int = 0
    warnings: int = 0
    size: int = 0  # bytes read
    largest_record_tokens: int = 0
    # The words Bedrock's validation stage would fail the job with (the emulator's message).
    aws_failure: str | None = None

    def add(self, problem: DataProblem) -> None:
        self.counts[problem.kind] = self.counts.get(problem.kind, 0) + 1
        if problem.severity == "error":
            self.errors += 1
        else:
            self.warnings += 1
        if len(self.problems) < MAX_LISTED:
            self.problems.append(problem)

    @property
    def passed(self) -> bool:
        """No error at all, listed or not (warnings allowed)."""
        return self.errors == 0

    @property
    def unlisted(self) -> int:
        return self.errors + self.warnings - len(self.problems)

    @property
    def first_error(self) -> DataProblem | None:
        return next((p for p in self.problems if p.severity == "error"), None)

    def lines(self) -> list[str]:
        """``SOURCE:LINE: message`` for each listed problem (``SOURCE: message`` for the file)."""
        out = []
        for problem in self.problems:
            where = self.source if problem.line is None else f"{self.source}:{problem.line}"
            label = "warning: " if problem.severity == "warning" else ""
            out.append(f"{where}: {label}{problem.message}")
        return out

    def summary(self) -> str:
        """``400 records, ~31,000 tokens (estimate: 6 characters a token); 2 problems: ...``"""
        head = (
            f"{_count(self.records, 'record')}, ~{self.estimated_tokens:,} tokens"
            f" (estimate: {CHARS_PER_TOKEN} characters a token)"
        )
        total = self.errors + self.warnings
        if not total:
            return f"{head}; no problems"
        kinds = ", ".join(f"{n:,} {kind}" for kind, n in sorted(self.counts.items()))
        text = f"{head}; {_count(total, 'problem')}: {kinds}"
        if self.warnings:
            text += f" ({_count(self.warnings, 'warning')})"
        if self.unlisted:
            text += f"; the first {len(self.problems)} listed"
        return text

    def to_json(self) -> dict[str, object]:
        return {
            "source": self.source,
            "format": self.format_id,
            "passed": self.passed,
            "records": self.records,
            "estimated_tokens": self.estimated_tokens,
            "bytes": self.size,
            "errors": self.errors,
            "warnings": self.warnings,
            "counts": dict(sorted(self.counts.items())),
            "problems": [
                {
                    "line": p.line,
                    "kind": p.kind,
                    "severity": p.severity,
                    "message": p.message,
                }
                for p in self.problems
            ],
            "unlisted": self.unlisted,
        }


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"
