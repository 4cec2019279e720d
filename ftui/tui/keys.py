"""Alt+digit, as terminals send it.

Textual reads ESC followed by a digit as the character macOS's Option key types on that key
(ESC 8 is "•"), for WezTerm on macOS. xterm, GNOME Terminal, iTerm2, tmux and so every SSH
session send ESC and the digit for Alt+digit, so the wizard's Alt+1…Alt+8 would never arrive.
Without those entries Textual's parser reports them as ``alt+1``…, as it does for Alt+letter.
"""

from textual import _ansi_sequences

ALT_DIGITS = tuple(f"\x1b{digit}" for digit in "0123456789")


def read_alt_digits() -> None:
    table = _ansi_sequences.ANSI_SEQUENCES_KEYS
    if isinstance(table, dict):  # typed as a Mapping; tests/tui/test_keys.py sees it work
        for sequence in ALT_DIGITS:
            table.pop(sequence, None)
