"""Drafts: requests in the making.

A draft holds the request exactly as written, even incomplete or wrong, so nothing typed is lost.
:meth:`Draft.validate` lists every problem with its field path; :meth:`Draft.to_request` turns a
valid draft into the exact keyword arguments of ``create_model_customization_job``.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from ftui.core import rules
from ftui.core.catalog import Catalog, format_number, load_catalog
from ftui.core.problems import Loc, Problem, Severity, describe_value, from_validation_error
from ftui.core.request import REQUEST_MEMBERS, CreateModelCustomizationJobRequest

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Report:
    """The outcome of validating a draft."""

    problems: tuple[Problem, ...]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def at(self, loc: Loc) -> list[Problem]:
        """Problems at ``loc`` or inside it."""
        return [p for p in self.problems if p.loc[: len(loc)] == loc]


class InvalidDraft(ValueError):
    def __init__(self, report: Report) -> None:
        self.report = report
        lines = "\n".join(str(p) for p in report.errors)
        super().__init__(f"the request has {len(report.errors)} problem(s):\n{lines}")


@dataclass
class Draft:
    """A request being written.

    ``toml_numbers``: hyperparameter values may be numbers (TOML profiles, forms) and go on the
    wire as strings. A JSON request is taken literally: a number there is the error botocore
    would raise.
    """

    request: dict[str, Any] = field(default_factory=dict)
    toml_numbers: bool = True

    # --- editing --------------------------------------------------------------------------

    def get(self, path: Path, default: Any = None) -> Any:
        node: Any = self.request
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return default
        return node

    def set(self, path: Path, value: Any) -> None:
        """Set ``path``, creating the tables and lists on the way."""
        node: Any = self.request
        for part, nxt in itertools.pairwise(path):
            child = node[part] if _has(node, part) else None
            if not isinstance(child, dict | list):
                child = [] if isinstance(nxt, int) else {}
                _put(node, part, child)
            node = child
        _put(node, path[-1], value)

    def delete(self, path: Path) -> None:
        """Remove ``path`` and any table it leaves empty."""
        parent = self.get(path[:-1]) if len(path) > 1 else self.request
        if isinstance(parent, dict):
            parent.pop(path[-1], None)  # type: ignore[arg-type]
        elif isinstance(parent, list) and isinstance(path[-1], int) and path[-1] < len(parent):
            del parent[path[-1]]
        if len(path) > 1 and isinstance(parent, dict) and not parent:
            self.delete(path[:-1])

    def copy(self) -> Draft:
        return Draft(copy.deepcopy(self.request), self.toml_numbers)

    # --- checking -------------------------------------------------------------------------

    def wire(self) -> dict[str, Any]:
        """The request as it goes on the wire, valid or not: hyperparameter numbers as strings."""
        return copy.deepcopy(self._wire_view())

    def _wire_view(self) -> dict[str, Any]:
        """:meth:`wire` sharing the draft's members: only for a reader that changes nothing."""
        out = dict(self.request)
        hyper = out.get("hyperParameters")
        if self.toml_numbers and isinstance(hyper, dict):
            out["hyperParameters"] = {
                key: format_number(value)
                if isinstance(value, int | float) and not isinstance(value, bool)
                else value
                for key, value in hyper.items()
            }
        return out

    def validate(self, *, region: str | None = None, catalog: Catalog | None = None) -> Report:
        # No copy of the whole draft: checking reads the request and keeps a copy of its own.
        return validate_request(
            self._wire_view(), region=region, catalog=catalog, strings_only=not self.toml_numbers
        )

    def to_request(
        self, *, region: str | None = None, catalog: Catalog | None = None
    ) -> CreateModelCustomizationJobRequest:
        """The validated request; :class:`InvalidDraft` lists every error if there are any."""
        report = self.validate(region=region, catalog=catalog)
        if not report.ok:
            raise InvalidDraft(report)
        return CreateModelCustomizationJobRequest.model_validate(self.wire())


def validate_request(
    request: Mapping[str, Any],
    *,
    region: str | None = None,
    catalog: Catalog | None = None,
    strings_only: bool = True,
) -> Report:
    """Every problem of a request in its wire form: structure, rules and catalog checks."""
    catalog = catalog or load_catalog()
    problems: list[Problem] = []
    clean = _strip_nulls(request, (), problems)
    try:
        CreateModelCustomizationJobRequest.model_validate(clean)
    except ValidationError as error:
        problems += [
            _explain_hyperparameter_type(p, strings_only)
            for p in from_validation_error(error, CreateModelCustomizationJobRequest)
        ]
    problems += rules.semantic(clean)
    problems += rules.catalog_rules(clean, catalog, region)
    return Report(tuple(_in_request_order(_unique(problems))))


def _strip_nulls(node: Any, loc: Loc, problems: list[Problem]) -> Any:
    """A copy without ``null`` members, each reported: botocore refuses ``None`` for any member."""
    if isinstance(node, Mapping):
        out = {}
        for key, value in node.items():
            if value is None:
                problems.append(
                    Problem((*loc, key), "is null: remove it or give a value", code="type")
                )
            else:
                out[key] = _strip_nulls(value, (*loc, key), problems)
        return out
    if isinstance(node, list):
        return [_strip_nulls(item, (*loc, i), problems) for i, item in enumerate(node)]
    return node


def _explain_hyperparameter_type(problem: Problem, strings_only: bool) -> Problem:
    """Say why a number is wrong where a person would write one."""
    number = problem.value
    if (
        strings_only
        and problem.code == "type"
        and problem.loc[:1] == ("hyperParameters",)
        and len(problem.loc) == 2
        and isinstance(number, int | float)
        and not isinstance(number, bool)
    ):
        return Problem(
            problem.loc,
            "must be a string: hyperParameters values are strings on the wire,"
            f' so write "{format_number(number)}"',
            code="type",
            value=number,
        )
    return problem


def _unique(problems: Iterable[Problem]) -> list[Problem]:
    seen: set[tuple[Loc, str]] = set()
    out = []
    for problem in problems:
        key = (problem.loc, problem.message)
        if key not in seen:
            seen.add(key)
            out.append(problem)
    return out


def _in_request_order(problems: list[Problem]) -> list[Problem]:
    order = {name: i for i, name in enumerate(REQUEST_MEMBERS)}
    return sorted(problems, key=lambda p: order.get(str(p.loc[0]), -1) if p.loc else -1)


def _has(node: Any, part: str | int) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def _put(node: Any, part: str | int, value: Any) -> None:
    if isinstance(node, dict):
        node[part] = value
    elif isinstance(node, list) and isinstance(part, int):
        while len(node) <= part:
            node.append(None)
        node[part] = value
    else:  # pragma: no cover - set() builds the containers it needs
        raise TypeError(f"cannot set {part!r} in {describe_value(node)}")
