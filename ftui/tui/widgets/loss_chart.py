"""Loss curves on a terminal chart: plotext's braille lines, drawn in the app's theme.

The chart leaves its canvas, axes and labels in the terminal's default colours (plotext's
"default"), so it sits on the widget's background and reads in every theme, the ANSI ones
included; each job's curves take one of the theme's colours, training as a line and
validation as points of the same colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from plotext._dict import themes as plotext_themes
from rich.text import Text
from textual.app import RenderResult
from textual.color import Color
from textual_plotext import PlotextPlot

from ftui.core.metrics.curves import VALIDATION, Curve, nice_ticks

THEME = "ftui-default"
# Theme variables the curves take their colours from, one per job, in this order.
SERIES_COLORS = ("primary", "warning", "success", "error")
X_TICKS = 6
VALIDATION_MARKER = "●"


@dataclass(frozen=True)
class Drawn:
    """A curve and the job (0-3) whose colour it takes."""

    curve: Curve
    job: int


class LossChart(PlotextPlot):
    """Shows what :meth:`draw` was last given; redrawn on resize and theme change."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.drawn: list[Drawn] = []
        self.title = ""
        self.x_label = "step"
        if THEME not in plotext_themes:
            plotext_themes[THEME] = ["default", "default", "default", "default", ["default"]]

    def draw(self, drawn: Sequence[Drawn], *, title: str, x_label: str) -> None:
        self.drawn = list(drawn)
        self.title, self.x_label = title, x_label
        self.refresh()

    def _color(self, job: int) -> int | tuple[int, int, int]:
        name = SERIES_COLORS[job % len(SERIES_COLORS)]
        color = Color.parse(self.app.theme_variables.get(name, "ansi_blue"))
        # An ANSI theme's colours stay ANSI: the terminal's palette, as the rest of the app.
        return color.ansi if color.ansi is not None and color.ansi >= 0 else color.rgb

    def render(self) -> RenderResult:
        plt = self.plt
        plt.clear_data()
        plt.plotsize(self.size.width, self.size.height)
        plt._set_size(self.size.width, self.size.height)  # textual-plotext does both (its #5)
        plt.theme(THEME)
        plt.title(self.title)
        plt.xlabel(self.x_label)
        xs: list[float] = []
        for item in self.drawn:
            curve = item.curve
            # Validation is a few points (one an epoch): joined, they would read as measured
            # in between.
            draw = plt.scatter if curve.kind == VALIDATION else plt.plot
            marker = VALIDATION_MARKER if curve.kind == VALIDATION else "braille"
            draw(
                list(curve.xs),
                list(curve.ys),
                label=curve.label or None,
                marker=marker,
                color=self._color(item.job),
            )
            xs.extend((curve.xs[0], curve.xs[-1]))
        if xs:
            ticks = nice_ticks(min(xs), max(xs), X_TICKS if self.size.width >= 60 else 4)
            if self.x_label == "epoch":
                ticks = [t for t in ticks if t == int(t)] or [min(xs)]  # no epoch 1.4
            plt.xticks(ticks, [f"{t:,.0f}" if t == int(t) else f"{t:g}" for t in ticks])
        return Text.from_ansi(plt.build())
