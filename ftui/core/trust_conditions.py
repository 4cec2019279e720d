"""Whether a trust statement's conditions hold when Bedrock assumes a role for a new job.

Bedrock assumes a customization job's role with ``aws:SourceAccount`` the job's account and
``aws:SourceArn`` the job's ARN, ``arn:aws:bedrock:REGION:ACCOUNT:model-customization-job/…``,
whose last part (the base model and a job id) is not known before the job exists. So a
condition is read against every such ARN: it holds for all of them (YES), for none (NO), or for
some (MAYBE: a pattern narrowed to some base models), as IAM would evaluate it.

Read: StringEquals, StringLike, ArnEquals, ArnLike, their Not forms and IfExists suffixes, on
those two keys; operator and key names case-insensitively, as IAM does. Anything else is MAYBE,
saying it could not be evaluated.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

SOURCE_ACCOUNT: Final = "aws:sourceaccount"
SOURCE_ARN: Final = "aws:sourcearn"
JOB_RESOURCE: Final = "model-customization-job/"
# What an unknown job id stands for in the ARN shown to people.
ANY_JOB: Final = "…"
_EXACT: Final = frozenset({"stringequals", "arnequals"})
_READ: Final = frozenset({"stringequals", "stringlike", "arnequals", "arnlike"})
_ARN_PARTS: Final = 6  # arn:partition:service:region:account:resource
_REGION_PART: Final = 3
_RESOURCE_PART: Final = 5


class Match(enum.Enum):
    YES = "yes"  # holds for every new job of the account and region
    NO = "no"  # holds for none
    MAYBE = "maybe"  # depends on the job, or could not be evaluated


@dataclass(frozen=True)
class Reading:
    match: Match
    condition: str = (
        ""  # the condition read, as people write it: 'StringEquals aws:SourceAccount 1'
    )
    why: str = ""  # for NO or MAYBE: what the job has instead, or why it could not be read


@dataclass(frozen=True)
class Job:
    """The job Bedrock assumes the role for: its account, and its region when known."""

    account: str
    region: str | None

    def arn_prefix(self, region: str) -> str:
        return f"arn:aws:bedrock:{region}:{self.account}:{JOB_RESOURCE}"

    @property
    def shown_arn(self) -> str:
        return self.arn_prefix(self.region or "REGION") + ANY_JOB


def read_conditions(condition: Any, job: Job) -> Reading:
    """Whether a statement's ``Condition`` block holds for ``job``: every condition must.

    The first condition that never holds is the reading; else the first that may not.
    """
    if condition is None:
        return Reading(Match.YES)
    if not isinstance(condition, Mapping):
        return Reading(Match.MAYBE, str(condition), "a Condition that is not an object")
    readings = [
        _read_one(str(operator), str(key), values, job)
        for operator, keys in condition.items()
        for key, values in (keys.items() if isinstance(keys, Mapping) else [("", keys)])
    ]
    for wanted in (Match.NO, Match.MAYBE):
        for reading in readings:
            if reading.match is wanted:
                return reading
    return Reading(Match.YES)


def _read_one(operator: str, key: str, values: Any, job: Job) -> Reading:
    listed = [str(v) for v in (values if isinstance(values, list) else [values])]
    shown = f"{operator} {key} {' or '.join(listed)}"
    base = operator.lower().removesuffix("ifexists")  # both keys are always in Bedrock's request
    negated = "not" in base
    base = base.replace("not", "", 1)
    if base not in _READ or key.lower() not in (SOURCE_ACCOUNT, SOURCE_ARN):
        return Reading(Match.MAYBE, shown, "ftui cannot evaluate this condition")
    if key.lower() == SOURCE_ACCOUNT:
        if base.startswith("arn"):
            return Reading(Match.MAYBE, shown, "ftui cannot evaluate this condition")
        found = [_yes_no(_glob_match(v, job.account, wild=base not in _EXACT)) for v in listed]
        what = f"this job's account is {job.account}"
    else:
        found = [
            _arn_match(v, job, wild=base != "stringequals", by_part=base.startswith("arn"))
            for v in listed
        ]
        what = f"this job's ARN is {job.shown_arn}"
    match = _any(found)
    if negated:
        match = {Match.YES: Match.NO, Match.NO: Match.YES}.get(match, match)
    if match is Match.MAYBE:
        what = f"it depends on the job: {what}"
    elif base == "stringequals" and any("*" in v or "?" in v for v in listed):
        what += f"; {operator} reads * and ? as themselves, ArnLike as wildcards"
    return Reading(match, shown, what)


def _yes_no(holds: bool) -> Match:
    return Match.YES if holds else Match.NO


def _any(found: list[Match]) -> Match:
    for match in (Match.YES, Match.MAYBE):
        if match in found:
            return match
    return Match.NO


def _arn_match(pattern: str, job: Job, *, wild: bool, by_part: bool) -> Match:
    """Whether ``pattern`` holds for the ARNs of every, none or some of ``job``'s new jobs.

    The Arn operators compare each of the six colon-separated parts on its own (a wildcard
    does not reach into the next part); the String operators the whole text.
    """
    parts = pattern.split(":", _RESOURCE_PART)
    region = job.region
    if region is None:  # any region: the pattern's own region part matches it
        if len(parts) != _ARN_PARTS:
            return Match.MAYBE
        region = parts[_REGION_PART]
    prefix = job.arn_prefix(region)
    if not by_part or len(parts) != _ARN_PARTS:
        return _suffix_match(pattern, prefix, wild=wild)
    wanted = prefix.split(":", _RESOURCE_PART)
    for part, value in zip(parts[:_RESOURCE_PART], wanted[:_RESOURCE_PART], strict=True):
        if not _glob_match(part, value, wild=wild):
            return Match.NO
    return _suffix_match(parts[_RESOURCE_PART], JOB_RESOURCE, wild=wild)


def _suffix_match(pattern: str, prefix: str, *, wild: bool) -> Match:
    """Whether ``pattern`` matches ``prefix`` followed by any job id, none, or some."""
    if not wild:
        # One job's ARN: a new job's is another (its id is made when it is created).
        return Match.NO
    ends = _glob_ends(pattern, prefix)
    for end in ends:
        rest = pattern[end:]
        if "*" in rest and not rest.strip("*?") and rest.count("?") <= 1:
            return Match.YES
    return Match.MAYBE if any(end < len(pattern) for end in ends) else Match.NO


def _glob_match(pattern: str, text: str, *, wild: bool) -> bool:
    if not wild:
        return pattern == text
    return len(pattern) in _glob_ends(pattern, text)


def _glob_ends(pattern: str, text: str) -> set[int]:
    """The places in ``pattern`` where a match of ``text`` can stop (IAM's ``*`` and ``?``)."""

    def closed(places: set[int]) -> set[int]:
        # A * may stand for nothing: past it is reached too.
        out, todo = set(places), list(places)
        while todo:
            place = todo.pop()
            if place < len(pattern) and pattern[place] == "*" and place + 1 not in out:
                out.add(place + 1)
                todo.append(place + 1)
        return out

    places = closed({0})
    for char in text:
        following: set[int] = set()
        for place in places:
            if place == len(pattern):
                continue
            if pattern[place] == "*":
                following.add(place)
            elif pattern[place] in ("?", char):
                following.add(place + 1)
        places = closed(following)
        if not places:
            break
    return places
