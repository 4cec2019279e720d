"""The rows of a metrics CSV: step, epoch, loss and perplexity, kept compact.

A long job logs a row per step: hundreds of thousands of rows. They are kept as typed arrays
(8 bytes a number, not a Python object each), so a session watching such a job stays small.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

STEP = "step_number"
EPOCH = "epoch_number"
PERPLEXITY = "perplexity"
LOSS_COLUMNS = ("training_loss", "validation_loss")
LARGEST = 2**63 - 1


class HeaderError(ValueError):
    """The first line is not a header Bedrock writes."""


@dataclass(frozen=True)
class MetricRow:
    step: int
    epoch: int
    loss: float
    perplexity: float


@dataclass(frozen=True)
class Columns:
    """Where each value sits in a row: Bedrock names its columns, their order is not promised."""

    step: int
    epoch: int
    loss: int
    perplexity: int | None

    @classmethod
    def of(cls, header: str) -> Columns:
        # A byte-order mark is not whitespace: a file saved by a spreadsheet may begin with one.
        names = [name.strip().lower() for name in header.lstrip("\ufeff").split(",")]
        loss = next((names.index(n) for n in LOSS_COLUMNS if n in names), None)
        if STEP not in names or EPOCH not in names or loss is None:
            raise HeaderError(
                f"expected columns {STEP}, {EPOCH} and a loss, found: {header.strip()[:200]}"
            )
        perplexity = names.index(PERPLEXITY) if PERPLEXITY in names else None
        return cls(names.index(STEP), names.index(EPOCH), loss, perplexity)


@dataclass
class Series:
    """One metrics file's rows, in the order written."""

    steps: array[int] = field(default_factory=lambda: array("q"))
    epochs: array[int] = field(default_factory=lambda: array("q"))
    losses: array[float] = field(default_factory=lambda: array("d"))
    perplexities: array[float] = field(default_factory=lambda: array("d"))
    skipped: int = 0  # lines that could not be read as a row
    # The first row whose loss is NaN or infinite (the training diverged there), noted as rows
    # arrive: asking a million rows for it at every redraw would hold up the screen.
    diverged: MetricRow | None = None
    diverged_at: int = -1  # its index

    def __len__(self) -> int:
        return len(self.steps)

    def __iter__(self) -> Iterator[MetricRow]:
        for i in range(len(self.steps)):
            yield self.row(i)

    def row(self, index: int) -> MetricRow:
        return MetricRow(
            self.steps[index], self.epochs[index], self.losses[index], self.perplexities[index]
        )

    @property
    def last(self) -> MetricRow | None:
        return self.row(len(self.steps) - 1) if self.steps else None

    def copy(self) -> Series:
        """A copy to hand to another thread while this one goes on growing."""
        return Series(
            array("q", self.steps),
            array("q", self.epochs),
            array("d", self.losses),
            array("d", self.perplexities),
            self.skipped,
            self.diverged,
            self.diverged_at,
        )

    def append(self, row: MetricRow) -> None:
        if self.diverged is None and not math.isfinite(row.loss):
            self.diverged, self.diverged_at = row, len(self.steps)
        self.steps.append(row.step)
        self.epochs.append(row.epoch)
        self.losses.append(row.loss)
        self.perplexities.append(row.perplexity)

    def by_epoch(self) -> list[tuple[int, float]]:
        """(epoch, mean finite loss of its rows), in epoch order.

        Rows come in epoch order, so each epoch is a slice found by bisection, summed in C:
        a million rows take milliseconds, not the second a loop over them would.
        """
        out: list[tuple[int, float]] = []
        start = 0
        while start < len(self.epochs):
            epoch = self.epochs[start]
            end = bisect_right(self.epochs, epoch, lo=start)
            losses = self.losses[start:end]
            if self.diverged is not None:
                losses = array("d", (x for x in losses if math.isfinite(x)))
            if losses:
                out.append((epoch, sum(losses) / len(losses)))
            start = end
        return out

    def best(self) -> MetricRow | None:
        """The row with the lowest finite loss."""
        finite = [i for i, loss in enumerate(self.losses) if math.isfinite(loss)]
        if not finite:
            return None
        return self.row(min(finite, key=self.losses.__getitem__))


def parse_row(line: str, columns: Columns) -> MetricRow | None:
    """A row, or None for a line that is not one (blank, cut short, not numbers)."""
    cells = line.split(",")
    try:
        loss = float(cells[columns.loss])
        perplexity = (
            float(cells[columns.perplexity]) if columns.perplexity is not None else exp(loss)
        )
        step, epoch = int(cells[columns.step]), int(cells[columns.epoch])
    except (IndexError, ValueError):
        return None
    if not (-LARGEST <= step <= LARGEST and -LARGEST <= epoch <= LARGEST):
        return None  # more than a 64-bit array holds: not a step any job took
    return MetricRow(step, epoch, loss, perplexity)


def exp(loss: float) -> float:
    """Perplexity from a loss; a diverged loss's is infinite, not an OverflowError."""
    try:
        return math.exp(loss)
    except OverflowError:
        return math.inf


def parse_rows(lines: Iterable[str]) -> Series:
    """A whole file's rows; :class:`HeaderError` if its first line is not a metrics header."""
    series = Series()
    iterator = iter(lines)
    header = next(iterator, "")
    if not header.strip():
        return series
    columns = Columns.of(header)
    for line in iterator:
        if line.strip():
            add_line(series, line, columns)
    return series


def add_line(series: Series, line: str, columns: Columns) -> None:
    row = parse_row(line, columns)
    if row is None:
        series.skipped += 1
    else:
        series.append(row)
