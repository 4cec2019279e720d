"""Textual's stylesheets, parsed once and kept: ftui starts without parsing CSS again.

Textual parses every stylesheet at each start, ftui.tcss and each widget's default CSS alike,
and a second time when a mode's first screen is made (``App.refresh_css``, which re-parses
into a fresh ``Stylesheet``, without the first one's cache). On the monitor that was ~25 ms
of a first frame's ~300 ms of CPU on a 2-core VM; reading the parsed rules back from a pickle
takes a tenth of it.

The rules are kept by what they were parsed from: the CSS text, where it was read, the
theme's variables it used, and Textual's version. A change of any of those parses again, and
a file that cannot be read or unpickled is parsed past (then written anew). The file lives
in ftui's state folder, written only by ftui, like Python's own ``__pycache__``.

This reaches into ``Stylesheet._parse_rules`` (textual/css/stylesheet.py), a private method:
a Textual that changes it fails ``tests/tui/test_css_cache.py`` rather than the app.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
from pathlib import Path
from types import ModuleType

from textual.css import model, parse, styles
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation

FILE_NAME = "css-cache.pickle"


def _installed(module: ModuleType) -> tuple[int, int]:
    found = Path(str(module.__file__)).stat()
    return found.st_size, found.st_mtime_ns


# The Textual that parsed: its parser and the classes the rules are made of, as installed (an
# upgrade writes them anew). ``textual.__version__`` would load importlib.metadata: 12 ms.
VERSION = repr([_installed(module) for module in (model, parse, styles)])

_parse_rules = Stylesheet._parse_rules


class CssCache:
    """Parsed rule sets by a digest of what they came from; saved when it has new ones."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rules: dict[str, list[RuleSet]] = {}
        self.changed = False
        self.parsed = 0  # parsed here, not found: what a test can count

    def load(self) -> CssCache:
        with contextlib.suppress(Exception):  # unreadable or from elsewhere: parse again
            saved = pickle.loads(self.path.read_bytes())
            if isinstance(saved, dict) and saved.get("textual") == VERSION:
                self.rules = dict(saved["rules"])
        return self

    def save(self) -> None:
        """Write the file if this run parsed anything new; quietly not, if it cannot."""
        if not self.changed:
            return
        with contextlib.suppress(OSError, pickle.PicklingError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_name(self.path.name + ".partial")
            partial.write_bytes(pickle.dumps({"textual": VERSION, "rules": self.rules}))
            partial.replace(self.path)
            self.changed = False

    def parse(
        self,
        stylesheet: Stylesheet,
        css: str,
        read_from: CSSLocation,
        *,
        is_default_rules: bool,
        tie_breaker: int,
        scope: str,
    ) -> list[RuleSet]:
        variables = sorted(stylesheet._variables.items())
        source = repr((css, read_from, is_default_rules, tie_breaker, scope, variables))
        key = hashlib.blake2b(source.encode(), digest_size=16).hexdigest()
        found = self.rules.get(key)
        if found is None:
            found = _parse_rules(stylesheet, css, read_from, is_default_rules, tie_breaker, scope)
            self.parsed += 1
            self.rules[key] = found
            self.changed = True
        return found


def start(path: Path) -> CssCache:
    """Read the kept rules at ``path`` and route every stylesheet's parsing through them."""
    cache = CssCache(path).load()

    def parse_rules(  # noqa: PLR0917 - Textual's signature
        self: Stylesheet,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        return cache.parse(
            self,
            css,
            read_from,
            is_default_rules=is_default_rules,
            tie_breaker=tie_breaker,
            scope=scope,
        )

    setattr(Stylesheet, "_parse_rules", parse_rules)  # noqa: B010 - a private method, on purpose
    return cache


def stop() -> None:
    """Parse as Textual does (tests that count its parsing)."""
    setattr(Stylesheet, "_parse_rules", _parse_rules)  # noqa: B010
