"""The steps down the side, each with its state: complete, has problems, untouched."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ftui.core.problems import Problem


class StepList(OptionList):
    """Up, down and enter, or a digit, to jump to a step."""

    BINDINGS = [Binding(str(n), f"jump({n - 1})", f"Step {n}", show=False) for n in range(1, 9)]

    @dataclass
    class Jump(Message):
        index: int

    def __init__(self, titles: list[str], short: list[str]) -> None:
        super().__init__(id="step-list")
        self.long_titles = titles
        self.short_titles = short
        self.titles = titles
        self.states = ["untouched"] * len(titles)
        self.counts = [0] * len(titles)

    def on_mount(self) -> None:
        self._fit_titles()
        self.set_options(self._step_options())

    def _step_options(self) -> list[Option]:
        options = []
        for index, title in enumerate(self.titles):
            state = self.states[index]
            if state == "problems":
                mark = Content.from_markup("[$error]✗[/]")
                count = Content.from_markup(f" [$error]{self.counts[index]}[/]")
            elif state == "complete":
                mark = Content.from_markup("[$success]✓[/]")
                count = Content("")
            else:
                mark = Content.from_markup("[$text-muted]·[/]")
                count = Content("")
            options.append(
                Option(Content.assemble(mark, f" {index + 1} {title}", count), id=f"s{index}")
            )
        return options

    def _fit_titles(self) -> bool:
        """Long titles where they fit on one line (mark, number, title, count), else short."""
        room = self.size.width
        if not room and self.styles.width is not None:  # before the first layout
            room = int(self.styles.width.value)
        longest = max(len(t) for t in self.long_titles) + len("✗ 8  99")
        titles = self.long_titles if room >= longest else self.short_titles
        changed = titles != self.titles
        self.titles = titles
        return changed

    def on_resize(self) -> None:
        if self._fit_titles():
            highlighted = self.highlighted
            self.set_options(self._step_options())
            self.highlighted = highlighted

    def show_problems(self, by_step: list[list[Problem]], visited: set[int], current: int) -> None:
        """Each step's state from its problems: errors show once visited (the review always)."""
        states, counts = [], []
        last = len(by_step) - 1
        for index, problems in enumerate(by_step):
            errors = [p for p in problems if p.is_error]
            counts.append(len(errors))
            if errors and (index in visited or index == last):
                states.append("problems")
            elif index in visited and not errors:
                states.append("complete")
            else:
                states.append("untouched")
        self.update_states(states, counts, current)

    def update_states(self, states: list[str], counts: list[int], current: int) -> None:
        if states == self.states and counts == self.counts and self.highlighted == current:
            return
        self.states, self.counts = states, counts
        self.set_options(self._step_options())
        self.highlighted = current

    def action_jump(self, index: int) -> None:
        self.post_message(self.Jump(index))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Jump(event.option_index))
