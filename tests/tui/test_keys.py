"""Alt+digit, as a terminal sends it: ESC and the digit, with the digit as the key's character."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual._xterm_parser import XTermParser

from ftui.sim.server import SimServer
from ftui.tui.keys import read_alt_digits
from tests.tui.conftest import make_app
from tests.tui.test_wizard import SIZE, path_of, type_in, wizard


def parsed(data: str) -> list[tuple[str, str | None]]:
    parser = XTermParser()
    found = [*parser.feed(data), *parser.feed("")]
    return [(e.key, e.character) for e in found if isinstance(e, events.Key)]


def test_escape_and_a_digit_is_alt_and_the_digit() -> None:
    read_alt_digits()
    assert parsed("\x1b8") == [("alt+8", "8")]
    assert parsed("\x1b1") == [("alt+1", "1")]
    # What is not an Alt sequence reads as before.
    assert parsed("\x1ba") == [("alt+a", "a")]
    assert parsed("•") == [("bullet", "•")]
    assert parsed("8") == [("8", "8")]


async def test_alt_digit_jumps_to_the_step_even_from_a_text_field(
    aws_env: SimServer, tmp_path: Path
) -> None:
    app = make_app(aws_env, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        app.open_profile("nova-support-bot")
        await pilot.pause()
        screen = wizard(app)
        await type_in(pilot, ("jobName",), "my-job")
        # As the driver delivers it: the key carries the digit as a printable character.
        app.post_message(events.Key("alt+3", "3"))
        await pilot.pause()
        assert screen.steps[screen.current].title == "Data"
        assert screen.draft.get(("jobName",)) == "my-job", "the digit was not typed into the field"
        assert path_of(app.focused) != ("jobName",)
