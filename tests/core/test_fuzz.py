"""Fuzzing the readers: whatever a file or a job holds, only the documented errors come out.

Profiles (TOML) raise :class:`SourceError` naming the file, and the line where there is one;
the store raises :class:`ProfileError`. ``--cli-input-json`` files raise :class:`SourceError`.
Whatever loads can be validated, turned into a request (or :class:`InvalidDraft`), exported as
``--cli-input-json`` and saved back (or :class:`UnwritableProfile`), and what is saved opens
again to the same text.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
import typing
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from ftui.core import profile_types
from ftui.core.catalog import load_catalog
from ftui.core.draft import Draft, InvalidDraft
from ftui.core.interop import (
    aws_cli_command,
    draft_from_cli_json,
    draft_from_job,
    next_name,
    storable,
    to_cli_json,
)
from ftui.core.profile_toml import UnwritableProfile
from ftui.core.profiles import Profile, ProfileError, ProfileStore
from ftui.core.request import CreateModelCustomizationJobRequest
from ftui.core.sources import SourceError, parse_json, parse_toml
from tests.factories import KINDS, valid_request

# FTUI_FUZZ_EXAMPLES=5000 fuzzes longer, by hand; CI runs the default.
EXAMPLES = int(os.environ.get("FTUI_FUZZ_EXAMPLES", "300"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FEW = settings(FUZZ, max_examples=EXAMPLES // 2)


# --- the names a request uses, and names that almost are ---------------------------------------


def _member_names(model: type[BaseModel], seen: set[type[BaseModel]] | None = None) -> set[str]:
    """Every member name of the request model, at any depth."""
    seen = seen if seen is not None else set()
    if model in seen:
        return set()
    seen.add(model)
    names: set[str] = set()
    for name, info in model.model_fields.items():
        names.add(info.alias or name)
        names |= _names_in(info.annotation, seen)
    return names


def _names_in(annotation: Any, seen: set[type[BaseModel]]) -> set[str]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _member_names(annotation, seen)
    names: set[str] = set()
    for arg in typing.get_args(annotation):
        names |= _names_in(arg, seen)
    return names


MEMBERS = sorted(_member_names(CreateModelCustomizationJobRequest))
JOB_MEMBERS = [
    "jobArn",
    "jobName",
    "outputModelName",
    "outputModelArn",
    "outputModelKmsKeyArn",
    "baseModelArn",
    "baseModelIdentifier",
    "status",
    "statusDetails",
    "failureMessage",
    "creationTime",
]
HYPERPARAMETERS = ["epochCount", "learningRate", "batchSize", "learningRateWarmupSteps"]
ALL_NAMES = sorted({*MEMBERS, *JOB_MEMBERS, *HYPERPARAMETERS})


def _near_misses(name: str) -> list[str]:
    return [name.lower(), name.upper(), name + " ", " " + name, name[:-1], name + "s", name[1:]]


NEAR_MISSES = sorted({miss for name in ALL_NAMES for miss in _near_misses(name) if miss})

# Text that has broken programs: half characters, NUL, controls, bidi marks, markup, escapes.
NASTY = [
    "\ud800",
    "\udfff",
    "a\udc80b",
    "\x00",
    "\x1b[31m",
    "\x1b]52;c;aGk=\x07",
    "\x7f",
    "\u200f",
    "\u202e",
    "\ufeff",
    "\u2028",
    "[bold]",
    "[@click=app.quit]x[/]",
    "1e309",
    "nan",
    "-0",
    "é",
    "🧪",
    "\r\n",
    '"""',
    "'''",
    "\\u0000",
    "${HOME}",
    "../../etc/passwd",
]

texts = st.one_of(
    st.text(max_size=30),
    st.text(st.characters(codec=None), max_size=12),  # includes lone surrogates
    st.sampled_from(NASTY),
    st.lists(st.sampled_from(NASTY), min_size=1, max_size=4).map("".join),
    st.sampled_from(ALL_NAMES),
)
keys = st.one_of(
    st.sampled_from(ALL_NAMES),
    st.sampled_from(NEAR_MISSES),
    st.text(max_size=12),
    st.sampled_from(NASTY),
)
# JSON can carry integers of up to 4300 digits (Python's own limit; longer ones are tested as
# text below), and, as Python writes them, NaN and Infinity.
integers = st.one_of(
    st.integers(),
    st.sampled_from([0, -1, 2**31, -(2**31) - 1, 2**63, 10**309, -(10**4000)]),
)
floats = st.one_of(st.floats(), st.sampled_from([math.nan, math.inf, -math.inf, -0.0, 1e308]))
json_scalars = st.one_of(st.none(), st.booleans(), integers, floats, texts)


def json_values(scalars: st.SearchStrategy[Any] = json_scalars) -> st.SearchStrategy[Any]:
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=5)
        ),
        max_leaves=25,
    )


def _mutated_request(request: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A real request with some members replaced by anything, some dropped, some added."""
    names = sorted(request)

    @st.composite
    def mutated(draw: st.DrawFn) -> dict[str, Any]:
        drop = draw(st.lists(st.sampled_from(names), max_size=3))
        replace = draw(st.dictionaries(st.sampled_from(names), json_values(), max_size=3))
        add = draw(st.dictionaries(keys, json_values(), max_size=2))
        return {**{k: v for k, v in request.items() if k not in drop}, **replace, **add}

    return mutated()


requests = st.one_of(
    st.dictionaries(keys, json_values(), max_size=8),
    st.sampled_from(sorted(KINDS)).map(valid_request).flatmap(_mutated_request),
)


# --- what every error must say ------------------------------------------------------------------


def _check_source_error(error: SourceError, path: Path | str, text: str | None = None) -> None:
    message = str(error)
    assert message.startswith(f"{path}:"), message
    _check_message(error.message)
    if text is not None and error.line is not None:
        assert 1 <= error.line <= text.count("\n") + 1, (error.line, message)
        named = re.match(r"(schema_version|description|region|request) must", error.message)
        if named:  # the line shown is the one that sets it
            assert named[1] in text.split("\n")[error.line - 1], (error.line, message)
    if error.message.startswith(("invalid TOML", "invalid JSON")) and "digits" not in message:
        assert error.line is not None, message
    message.encode("utf-8")  # printable: any half character is written as its escape


# Words of Python, not of ftui: a message holding one is an exception's text passed on.
PYTHON_WORDS = ("Traceback", "sys.", "object at 0x", "NoneType", "<class", "Error:", "errno")


# What ends a line for a reader of ``ftui validate``'s "PATH: field: message" lines.
LINE_BREAK = re.compile("[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def _check_message(message: str) -> None:
    assert message.strip(), "an empty message"
    for word in PYTHON_WORDS:
        assert word not in message, message[:300]
    assert not LINE_BREAK.search(message), message[:300]  # one problem, one line


def _check_draft(draft: Draft, region: str | None = None) -> None:
    """Validate, make the request, export it: only the documented outcomes."""
    report = draft.validate(region=region)
    for problem in report.problems:
        _check_message(problem.message)
        str(problem).encode("utf-8", "backslashreplace")
    try:
        draft.to_request(region=region)
    except InvalidDraft as error:
        assert not report.ok and error.report.errors
    else:
        assert report.ok
    cli = to_cli_json(draft)
    json.loads(cli)
    aws_cli_command(draft, region)


def _check_profile_round_trip(profile: Profile) -> None:
    """Saving a loaded profile either refuses with UnwritableProfile or opens again the same."""
    try:
        text = profile_types.dumps(profile)
    except UnwritableProfile as error:
        assert str(error)
        return
    again = profile_types.loads(text, path="saved.toml", name=profile.name)
    assert profile_types.dumps(again) == text
    assert again.region == profile.region and again.description == profile.description


def _load_profile_text(text: str, path: str = "fuzz.toml") -> None:
    try:
        profile = profile_types.loads(text, path=path, name="fuzz")
    except SourceError as error:
        _check_source_error(error, path, text)
        return
    _check_draft(profile.draft, profile.region)
    _check_profile_round_trip(profile)


# --- (a) profiles -------------------------------------------------------------------------------


TOML_PIECES = [
    "schema_version = 1\n",
    "schema_version = 2\n",
    "schema_version = 0\n",
    'schema_version = "1"\n',
    "schema_version = true\n",
    "[request]\n",
    "[[request]]\n",
    "[request.hyperParameters]\n",
    "[request.trainingDataConfig.invocationLogsConfig]\n",
    'region = "us-east-1"\n',
    'region = "Mars"\n',
    "region = 7\n",
    'description = """\nmulti\n"""\n',
    "jobName = 'x'\n",
    'customizationType = "FINE_TUNING"\n',
    "epochCount = 2\n",
    "learningRate = 1e309\n",
    "learningRate = nan\n",
    "x = 1979-05-27T07:32:00Z\n",
    "a.b.c.d = 1\n",
    "t = {a = [1, [2, [3]]]}\n",
    "= 1\n",
    "[\n",
    '"\\ud800" = 1\n',
    'k = "\\ud800"\n',
    "n = 9" + "9" * 4400 + "\n",
    "# comment\n",
    "\ufeff",
    "\x00",
    "\r\n",
    "[" * 70 + "\n",
    "k = " + "[" * 70 + "]" * 70 + "\n",
    "x" + ".y" * 70 + " = 1\n",
]

toml_texts = st.one_of(
    st.text(max_size=200),
    st.lists(
        st.one_of(st.sampled_from(TOML_PIECES), st.text(max_size=20)), min_size=1, max_size=12
    ).map("".join),
)


@FUZZ
@given(toml_texts)
def test_any_text_is_a_profile_or_a_source_error_naming_the_file(text: str) -> None:
    _load_profile_text(text)


toml_scalars = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    floats,
    texts,
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=st.just(timezone(timedelta(hours=5, minutes=30)))),
    st.times(),
)
toml_values = st.recursive(
    toml_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=5)),
    max_leaves=25,
)
toml_documents = st.fixed_dictionaries(
    {"schema_version": st.one_of(st.just(1), st.integers(min_value=-2, max_value=3))},
    optional={
        "description": st.one_of(texts, toml_scalars),
        "region": st.one_of(st.sampled_from(["us-east-1", "eu-west-3", "", "Mars"]), texts),
        "request": st.one_of(
            st.dictionaries(keys, toml_values, max_size=8),
            st.sampled_from(sorted(KINDS)).map(valid_request).flatmap(_mutated_request),
            toml_values,
        ),
    },
).flatmap(
    lambda doc: st.one_of(
        st.just(doc),
        st.dictionaries(keys, toml_values, max_size=2).map(lambda extra: {**doc, **extra}),
    )
)


@FUZZ
@given(toml_documents, st.booleans())
def test_any_toml_document_loads_or_is_refused_naming_the_file(
    doc: dict[str, Any], multiline: bool
) -> None:
    try:
        text = tomli_w.dumps(doc, multiline_strings=multiline)
    except (TypeError, ValueError):
        return  # a null (mutated requests hold JSON values), or what tomli_w cannot write
    _load_profile_text(text)


def _seed_profile_texts() -> list[str]:
    from ftui.sim.world import seed_profiles

    with tempfile.TemporaryDirectory() as folder:
        store = ProfileStore(Path(folder) / "profiles", trash_dir=Path(folder) / "trash")
        seed_profiles(store)
        return [path.read_text("utf-8") for path in sorted(store.user_dir.glob("*.toml"))]


SEED_TEXTS = _seed_profile_texts()


@st.composite
def mutated_profiles(draw: st.DrawFn) -> str:
    """A real profile file with a few lines deleted, duplicated, cut or spliced with junk."""
    lines = draw(st.sampled_from(SEED_TEXTS)).splitlines(keepends=True)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        if not lines:
            break
        at = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        how = draw(st.sampled_from(["delete", "duplicate", "cut", "insert", "replace", "swap"]))
        if how == "delete":
            del lines[at]
        elif how == "duplicate":
            lines.insert(at, lines[at])
        elif how == "cut":
            line = lines[at]
            lines[at] = line[: draw(st.integers(min_value=0, max_value=len(line)))]
        elif how == "insert":
            lines.insert(at, draw(st.one_of(st.sampled_from(TOML_PIECES), texts)))
        elif how == "replace":
            line = lines[at]
            start = draw(st.integers(min_value=0, max_value=len(line)))
            lines[at] = line[:start] + draw(texts) + line[start + 1 :]
        else:
            other = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
    return "".join(lines)


def test_the_seed_profiles_load() -> None:
    assert len(SEED_TEXTS) >= 4
    for text in SEED_TEXTS:
        profile_types.loads(text, path="seed.toml", name="seed")


@FUZZ
@given(mutated_profiles())
def test_a_mutated_real_profile_loads_or_is_refused_naming_the_file(text: str) -> None:
    _load_profile_text(text)


def _encodings(text: str) -> st.SearchStrategy[bytes]:
    raw = text.encode("utf-8", "surrogatepass")
    return st.sampled_from(
        [
            raw,
            b"\xef\xbb\xbf" + raw,
            raw + b"\xff",
            raw[: len(raw) // 2],
            text.encode("utf-16", "surrogatepass"),
        ]
    )


@FEW
@given(st.one_of(mutated_profiles(), toml_texts).flatmap(_encodings) | st.binary(max_size=200))
def test_the_store_lists_and_loads_any_file_with_profile_errors_only(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = ProfileStore(Path(folder) / "profiles", trash_dir=Path(folder) / "trash")
        store.user_dir.mkdir()
        path = store.user_dir / "fuzz.toml"
        path.write_bytes(data)
        (entry,) = store.list()
        try:
            profile = store.load("fuzz")
        except ProfileError as error:
            assert isinstance(error, profile_types.UnreadableProfile)
            assert entry.error is not None and entry.profile is None
            _check_source_error(error.source, path)
            assert str(error).startswith(f"{path}:")
            return
        assert entry.profile is not None
        _check_draft(profile.draft, profile.region)
        try:
            store.save(profile)
        except ProfileError as error:
            assert "cannot save 'fuzz'" in str(error), error
        else:
            assert store.load("fuzz").draft.request is not None


# --- (b) JSON: --cli-input-json files, jobs, drafts ------------------------------------------


@FUZZ
@given(json_values(), st.booleans(), st.booleans())
def test_any_json_is_a_draft_or_a_source_error(value: Any, ascii_only: bool, indent: bool) -> None:
    try:
        text = json.dumps(value, ensure_ascii=ascii_only, indent=2 if indent else None)
    except ValueError:
        return  # an integer Python will not write (over 4300 digits)
    _load_cli_json(text)


def _load_cli_json(text: str, path: str = "fuzz.json") -> None:
    try:
        draft = draft_from_cli_json(text, path)
    except SourceError as error:
        _check_source_error(error, path, text)
        return
    _check_draft(draft)
    kept, notes = storable(draft)
    assert all(isinstance(n, str) for n in notes)
    _check_profile_round_trip(Profile("fuzz", Draft(kept.request, toml_numbers=True)))


@FUZZ
@given(requests, st.booleans())
def test_any_request_json_is_a_draft_or_a_source_error(request: Any, ascii_only: bool) -> None:
    try:
        text = json.dumps(request, ensure_ascii=ascii_only)
    except ValueError:
        return
    _load_cli_json(text)


JSON_PIECES = [
    "{",
    "}",
    "[",
    "]",
    '"jobName"',
    ":",
    ",",
    "NaN",
    "-Infinity",
    "1e99999",
    "9" * 4400,
    '"\\ud800"',
    '"\\udc00\\ud800"',
    '"\\u0000"',
    "\x00",
    "\ufeff",
    "null",
    "true",
    "[" * 70,
    "\n",
]


@FUZZ
@given(
    st.one_of(
        st.text(max_size=100),
        st.lists(st.one_of(st.sampled_from(JSON_PIECES), st.text(max_size=8)), max_size=20).map(
            "".join
        ),
    )
)
def test_any_text_as_cli_json_is_a_draft_or_a_source_error(text: str) -> None:
    _load_cli_json(text)


@FUZZ
@given(requests, st.booleans())
def test_any_request_in_a_draft_validates_and_exports(request: Any, toml_numbers: bool) -> None:
    _check_draft(Draft(request, toml_numbers=toml_numbers))
    _check_draft(Draft(request, toml_numbers=toml_numbers), "us-west-2")


def _one_model_per_family() -> list[tuple[str, str, list[str]]]:
    """(kind, model ID, hyperparameter names) for a model of each family, and one without."""
    catalog = load_catalog()
    found = []
    for family in catalog.families:
        model = next((m for m in catalog.models if m.family == family.id), None)
        if model is None:
            continue
        kind = next(iter(model.customizations))
        names = [hp.name for hp in catalog.hyperparameters(family)]
        found.append((kind, model.id, names))
    return found


FAMILY_MODELS = _one_model_per_family()
numberish = st.one_of(
    st.from_regex(r"[+-]?[0-9]{0,30}(\.[0-9]{0,20})?([eE][+-]?[0-9]{1,5})?", fullmatch=True),
    st.sampled_from(
        ["1e309", "-1e309", "nan", "NaN", "inf", "-0", "0x10", "1_000", " 2", "2 ", "٣", "auto"]
    ),
    st.integers(min_value=4000, max_value=6000).map(lambda n: "9" * n),
    st.integers(min_value=4000, max_value=6000).map(lambda n: "0." + "1" * n),
    texts,
)


@st.composite
def hyperparameter_requests(draw: st.DrawFn) -> tuple[dict[str, Any], bool]:
    kind, model, names = draw(st.sampled_from(FAMILY_MODELS))
    request = valid_request(kind if kind in KINDS else "FINE_TUNING")
    request["baseModelIdentifier"] = model
    values = st.one_of(numberish, integers, floats, st.booleans())
    request["hyperParameters"] = draw(
        st.dictionaries(st.sampled_from([*names, *HYPERPARAMETERS]), values, max_size=4)
    )
    return request, draw(st.booleans())


@FUZZ
@given(hyperparameter_requests())
def test_any_hyperparameter_value_is_a_problem_in_words(case: tuple[dict[str, Any], bool]) -> None:
    request, toml_numbers = case
    _check_draft(Draft(request, toml_numbers=toml_numbers))


jobs = st.one_of(
    st.dictionaries(st.sampled_from(JOB_MEMBERS + MEMBERS), json_values(), max_size=10),
    st.sampled_from(sorted(KINDS))
    .map(valid_request)
    .map(
        lambda r: {
            **{k: v for k, v in r.items() if k != "customModelName"},
            "outputModelName": r["customModelName"],
            "jobArn": "arn:aws:bedrock:us-east-1:123456789012:model-customization-job/x",
            "status": "Completed",
        }
    )
    .flatmap(_mutated_request),
)
tags = st.one_of(
    st.none(), st.lists(st.dictionaries(st.sampled_from(["key", "value"]), texts), max_size=3)
)


@FUZZ
@given(jobs, tags, tags, st.booleans())
def test_any_job_clones_into_a_draft(
    job: dict[str, Any],
    job_tags: list[dict[str, str]] | None,
    model_tags: list[dict[str, str]] | None,
    rename: bool,
) -> None:
    draft = draft_from_job(job, job_tags=job_tags, model_tags=model_tags, rename=rename)
    assert "clientRequestToken" not in draft.request
    _check_draft(draft)
    kept, _ = storable(draft)
    _check_profile_round_trip(Profile("clone", Draft(kept.request, toml_numbers=True)))


@FUZZ
@given(
    st.one_of(
        st.text(max_size=70),
        st.from_regex(r"[a-z]{1,8}[-_.]v?[0-9]{1,70}", fullmatch=True),
        st.from_regex(r"[a-z]{1,3}[-_.]v?9{1,62}", fullmatch=True),  # the counter gains a digit
    )
)
def test_next_name_never_raises_and_stays_within_the_limit(name: str) -> None:
    bumped = next_name(name)
    assert bumped and bumped != name
    if len(name) <= 63:
        assert len(bumped) <= 63, (name, bumped)


def test_a_counter_that_gains_a_digit_keeps_a_clone_name_within_63() -> None:
    # Found by fuzzing: a 63-character job name ending in nines cloned into a 64-character one,
    # which AWS refuses.
    assert next_name("a-" + "9" * 61) == "1" + "0" * 61
    assert next_name("a-v" + "9" * 60) == "v1" + "0" * 60
    assert next_name("job-009") == "job-010"


def test_dates_in_a_profile_are_text() -> None:
    text = tomli_w.dumps(
        {
            "schema_version": 1,
            "request": {
                "jobName": date(2024, 1, 2),
                "t": [time(1, 2), datetime(2024, 1, 2, 3, 4, tzinfo=UTC)],
            },
        }
    )
    profile = profile_types.loads(text, path="d.toml", name="d")
    assert profile.draft.request == {
        "jobName": "2024-01-02",
        "t": ["01:02:00", "2024-01-02T03:04:00+00:00"],
    }


def test_a_profile_cut_short_is_an_error_with_its_last_line() -> None:
    # Found by fuzzing: tomllib says "(at end of document)" instead of a line, and the message
    # named no line at all.
    text = 'schema_version = 1\n[request]\njobName = "unfinished'
    try:
        profile_types.loads(text, path="cut.toml", name="cut")
    except SourceError as error:
        assert (error.line, error.column) == (3, 22)
        assert (
            str(error)
            == "cut.toml:3:22: invalid TOML: Unterminated string (at the end of the file)"
        )
    else:
        raise AssertionError("a cut profile loaded")
    try:
        profile_types.loads("schema_version = 1\nx", path="cut.toml", name="cut")
    except SourceError as error:
        assert (error.line, error.column) == (2, 2)
    else:
        raise AssertionError("a key without a value loaded")


def test_a_whole_number_of_thousands_of_digits_is_out_of_range_in_words() -> None:
    # Found by fuzzing: "epochCount" = "999…" (4301 digits) showed Python's own ValueError,
    # "Exceeds the limit (4300 digits) for integer string conversion … sys.set_int_max_str_digits".
    request = valid_request()
    request["hyperParameters"] = {"epochCount": "9" * 5000, "learningRate": "0.5" + "0" * 60}
    messages = [p.message for p in Draft(request).validate().errors]
    assert messages == [
        "Epochs: must be from 1 to 5 (it has 5000 digits)",
        "Learning rate: must be from 1e-6 to 0.0001 (it is 0.500000000000000000…, 63 characters)",
    ]


def test_the_line_of_a_key_counts_newlines_only() -> None:
    # Found by fuzzing: a string holding U+2028 (or U+0085) counted as a line break, so the
    # line named for a wrong key came after it.
    text = 'schema_version = 1\nregion = "\u2028\u2028"\ndescription = false\n'
    try:
        profile_types.loads(text, path="p.toml", name="p")
    except SourceError as error:
        assert str(error) == "p.toml:3: description must be a string"
    else:
        raise AssertionError("a description that is not a string loaded")


def test_a_name_with_a_line_break_stays_on_the_line_of_its_error() -> None:
    # Found by fuzzing: {"a\nb": "\ud800"} gave "f.json:1: a<newline>b: holds \ud800 …", two
    # lines where `ftui validate` promises one per problem.
    try:
        parse_json('{"a\\nb": {"\\u2028": "\\ud800"}}', "f.json")
    except SourceError as error:
        assert str(error).startswith("f.json:1: a\\x0ab.\\u2028: holds \\ud800, half of")
    else:
        raise AssertionError("half a character was read")


def test_a_number_too_long_for_python_is_refused_in_words() -> None:
    # Found by fuzzing: the message ended in Python's advice, "use sys.set_int_max_str_digits()
    # to increase the limit".
    for parse, kind in ((parse_json, "JSON"), (parse_toml, "TOML")):
        try:
            parse("a = " * (kind == "TOML") + "9" * 4400, "n")
        except SourceError as error:
            assert str(error) == (
                f"n:1: invalid {kind}: Exceeds the limit of 4300 digits for a whole number"
                " (it has 4400)"
            )
        else:
            raise AssertionError("a number of 4400 digits was read")


def test_a_kind_that_is_none_of_the_kinds_is_quoted_in_messages() -> None:
    # Found by fuzzing: customizationType "\r" was written raw into "this is a \r job".
    request = valid_request("DISTILLATION")
    request["customizationType"] = "\r"
    messages = [p.message for p in Draft(request).validate().problems]
    assert any("this is a '\\r' job" in m for m in messages), messages
    request["customizationType"] = "FINE_TUNING"
    messages = [p.message for p in Draft(request).validate().problems]
    assert any("this is a FINE_TUNING job" in m for m in messages), messages
