"""The model catalog: which base models can be customized how, where, and with what hyperparameters.

The data lives in ``data/catalog.toml``; this module loads it once and answers questions about it.
AWS's list of tunable models changes, so the live ``ListFoundationModels`` answer wins where the
two differ; the catalog adds what that API does not say (hyperparameter tables, data formats,
limits, teacher pairs) and the dated prices of a customization, for ftui's cost estimate.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ftui.core.request import CUSTOMIZATION_TYPES


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HyperParameter(_Strict):
    name: str
    label: str
    type: Literal["int", "float"]
    min: float
    max: float
    default: float | None = None
    literals: tuple[str, ...] = ()
    help: str = ""

    @property
    def required(self) -> bool:
        """AWS gives no default: the request must set it."""
        return self.default is None

    @property
    def fixed(self) -> bool:
        """Only one value is allowed; forms show it read-only."""
        return self.min == self.max

    def format(self, value: float) -> str:
        """A number as it goes on the wire."""
        if self.type == "int":
            return str(int(value))
        return format_number(float(value))

    @property
    def default_text(self) -> str | None:
        return None if self.default is None else self.format(self.default)

    @property
    def range_text(self) -> str:
        if self.fixed:
            return f"fixed at {self.format(self.min)}"
        text = f"{self.format(self.min)} to {self.format(self.max)}"
        if self.literals:
            text += " or " + " or ".join(repr(word) for word in self.literals)
        return text


def format_number(value: float) -> str:
    """A number as a hyperparameter string: ``1e-5`` not ``1e-05``, ``2`` not ``2.0``."""
    if isinstance(value, int):
        return str(value)
    text = repr(float(value))
    text = re.sub(r"e([+-])0*(\d)", lambda m: f"e{m[1] if m[1] == '-' else ''}{m[2]}", text)
    return text[:-2] if text.endswith(".0") else text


class Family(_Strict):
    id: str
    name: str
    doc: str
    documented: bool
    note: str = ""
    hyperparameters_from: str | None = None
    hyperparameters: tuple[HyperParameter, ...] = ()

    def hyperparameter(self, name: str) -> HyperParameter | None:
        return next((hp for hp in self.hyperparameters if hp.name == name), None)


class Limits(_Strict):
    min_records: int | None = None
    max_records: int | None = None
    max_validation_records: int | None = None
    max_train_bytes: int | None = None
    max_train_bytes_cpt: int | None = None
    max_validation_bytes: int | None = None
    max_tokens: int | None = None
    # Where AWS limits the prompt and the answer apart (Cohere), besides their sum.
    max_input_tokens: int | None = None
    max_output_tokens: int | None = None
    # Image-caption formats: the longest caption (1,024 characters when not given), and the
    # shortest where AWS documents one (image generation: 3; embeddings give none).
    max_caption_chars: int | None = None
    min_caption_chars: int | None = None
    validation: bool = True
    note: str = ""


class OnDemand(_Strict):
    """Where and since when a model customized from this base can be deployed for on-demand
    inference (CreateCustomModelDeployment); elsewhere only Provisioned Throughput serves it."""

    regions: tuple[str, ...]
    customized_since: date
    source: str = Field(pattern=r"^https://")


class CatalogModel(_Strict):
    id: str
    name: str
    provider: str
    family: str | None = None
    customizations: tuple[str, ...]
    regions: tuple[str, ...]
    input_modalities: tuple[str, ...] = ("TEXT",)
    output_modalities: tuple[str, ...] = ("TEXT",)
    lifecycle: Literal["ACTIVE", "LEGACY"] = "ACTIVE"
    data_formats: dict[str, str] = Field(default_factory=dict)
    limits: Limits = Limits()
    on_demand: OnDemand | None = None
    # The ID Converse takes for the base model itself; when absent, the ID without its
    # context-length suffix (``amazon.nova-micro-v1:0:128k`` is invoked as ``...-v1:0``).
    invoke_id: str | None = None

    @property
    def stem(self) -> str:
        """The ID without its version and context suffix: ``amazon.nova-micro-v1``."""
        return self.id.split(":", 1)[0]

    @property
    def invocation_id(self) -> str:
        """The model ID to send Converse to talk to this base model as AWS serves it."""
        if self.invoke_id:
            return self.invoke_id
        head, _, last = self.id.rpartition(":")
        return head if head.count(":") >= 1 and _CONTEXT_SUFFIX.fullmatch(last) else self.id

    def supports(self, customization_type: str) -> bool:
        return customization_type in self.customizations


class Teacher(_Strict):
    id: str
    name: str
    provider: str
    regions: tuple[str, ...]
    invocation: Literal["on-demand", "inference-profile", "both"]
    students: tuple[str, ...]


class DataFormat(_Strict):
    name: str
    summary: str
    example: str


class Distillation(_Strict):
    max_response_length_examples: tuple[int, ...]
    max_response_length_help: str
    max_prompts: int


class RftHyperParameterHelp(_Strict):
    label: str
    help: str
    examples: tuple[float | str, ...] = ()


class Rft(_Strict):
    max_prompts: int
    hyperparameters: dict[str, RftHyperParameterHelp]


class ModelPrice(_Strict):
    """What customizing one model costs, as a dated source states it (USD)."""

    id: str
    # Text models are billed per 1,000 tokens trained, image models per image seen: one is set.
    training_per_1k_tokens: float | None = Field(None, ge=0)
    training_per_image: float | None = Field(None, ge=0)
    storage_per_month: float = Field(ge=0)
    source: str = Field(pattern=r"^https://")
    as_of: date
    on_pricing_page: bool  # False: another page quotes the figures, not the pricing page
    note: str = ""

    @model_validator(mode="after")
    def _one_training_price(self) -> ModelPrice:
        if (self.training_per_1k_tokens is None) == (self.training_per_image is None):
            raise ValueError(f"price {self.id}: set training_per_1k_tokens or training_per_image")
        return self


class Prices(_Strict):
    source: str
    as_of: date
    currency: Literal["USD"]
    region: str
    models: tuple[ModelPrice, ...] = ()

    def of(self, model_id: str) -> ModelPrice | None:
        return next((p for p in self.models if p.id == model_id), None)


@dataclass(frozen=True)
class ModelMatch:
    """A request's model identifier resolved against the catalog."""

    model: CatalogModel
    exact: bool  # False when the identifier lacks the context suffix (amazon.nova-micro-v1:0)
    custom: bool  # the identifier is a custom model built on ``model``


class Catalog(_Strict):
    schema_version: Literal[1]
    regions: tuple[str, ...]
    formats: dict[str, DataFormat]
    families: tuple[Family, ...]
    models: tuple[CatalogModel, ...]
    teachers: tuple[Teacher, ...]
    distillation: Distillation
    rft: Rft
    prices: Prices

    @model_validator(mode="after")
    def _references_resolve(self) -> Catalog:
        families = {f.id: f for f in self.families}
        for family in self.families:
            if family.hyperparameters_from and family.hyperparameters_from not in families:
                raise ValueError(f"family {family.id}: unknown {family.hyperparameters_from}")
        model_ids = {m.id for m in self.models}
        for model in self.models:
            if model.family is not None and model.family not in families:
                raise ValueError(f"model {model.id}: unknown family {model.family}")
            for kind in (*model.customizations, *model.data_formats):
                if kind not in CUSTOMIZATION_TYPES:
                    raise ValueError(f"model {model.id}: unknown customization {kind}")
            for fmt in model.data_formats.values():
                if fmt not in self.formats:
                    raise ValueError(f"model {model.id}: unknown data format {fmt}")
        for teacher in self.teachers:
            for student in teacher.students:
                if student not in model_ids:
                    raise ValueError(f"teacher {teacher.id}: unknown student {student}")
        priced = [p.id for p in self.prices.models]
        for model_id in priced:
            if model_id not in model_ids:
                raise ValueError(f"price of {model_id}: no such model")
            if priced.count(model_id) > 1:
                raise ValueError(f"price of {model_id}: given twice")
        return self

    # --- lookups --------------------------------------------------------------------------

    def family(self, family_id: str) -> Family:
        return next(f for f in self.families if f.id == family_id)

    def hyperparameters(self, family: Family) -> tuple[HyperParameter, ...]:
        if family.hyperparameters_from:
            return self.family(family.hyperparameters_from).hyperparameters
        return family.hyperparameters

    def family_of(self, model: CatalogModel) -> Family | None:
        return self.family(model.family) if model.family else None

    def family_for(self, identifier: object) -> Family | None:
        """The hyperparameter family of a request's ``baseModelIdentifier``, if ftui knows it."""
        match = self.match(identifier) if isinstance(identifier, str) else None
        return self.family_of(match.model) if match else None

    def model(self, model_id: str) -> CatalogModel | None:
        return next((m for m in self.models if m.id == model_id), None)

    def match(self, identifier: str) -> ModelMatch | None:
        """Resolve a base model ID, foundation-model ARN or custom-model ARN."""
        model_id, custom = parse_model_identifier(identifier)
        if model_id is None:
            return None
        exact = self.model(model_id)
        if exact is not None:
            return ModelMatch(exact, exact=True, custom=custom)
        # Without the context suffix (amazon.nova-micro-v1:0), or another version of a stem.
        for model in self.models:
            if model.id.startswith(model_id + ":"):
                return ModelMatch(model, exact=False, custom=custom)
        return None

    def teacher(self, identifier: str) -> Teacher | None:
        model_id, _ = parse_model_identifier(identifier)
        if model_id is None:
            return None
        return next((t for t in self.teachers if t.id == model_id), None)

    def teachers_for(self, student_id: str) -> list[Teacher]:
        return [t for t in self.teachers if student_id in t.students]

    def models_for(self, customization_type: str, region: str | None = None) -> list[CatalogModel]:
        return [
            m
            for m in self.models
            if m.supports(customization_type) and (region is None or region in m.regions)
        ]

    def data_format(self, model: CatalogModel, customization_type: str) -> DataFormat | None:
        key = model.data_formats.get(customization_type)
        return self.formats.get(key) if key else None


_FOUNDATION_ARN = re.compile(r"arn:aws(?:-[^:]+)?:bedrock:[^:]*:[^:]*:foundation-model/(?P<id>.+)")
_CUSTOM_ARN = re.compile(
    r"arn:aws(?:-[^:]+)?:bedrock:[^:]*:[0-9]{12}:custom-model/(?P<id>.+)/[a-z0-9]{12}"
)
# The geography prefix of a system-defined cross-Region inference profile, by region prefix.
_GEOGRAPHIES = {"us-gov": "us-gov", "us": "us", "eu": "eu", "ap": "apac", "ca": "ca"}
_OTHER_GEOGRAPHIES = ("global", "jp", "au")
_PROFILE_ARN = re.compile(
    r"arn:aws(?:-[^:]+)?:bedrock:[^:]*:[0-9]{12}:inference-profile/"
    rf"(?:(?:{'|'.join(map(re.escape, (*_GEOGRAPHIES.values(), *_OTHER_GEOGRAPHIES)))})\.)?"
    r"(?P<id>.+)"
)
_MODEL_ID = re.compile(r"[a-z0-9-]{1,63}\.[a-z0-9-.:]+")


_CONTEXT_SUFFIX = re.compile(r"\d+k")


def parse_model_identifier(identifier: str) -> tuple[str | None, bool]:
    """The foundation model ID inside an identifier, and whether it names a custom model.

    A custom-model ARN embeds the ID of the model it was built on; a bare custom model name
    does not, and yields ``None``.
    """
    identifier = identifier.strip()
    for pattern, custom in ((_FOUNDATION_ARN, False), (_CUSTOM_ARN, True), (_PROFILE_ARN, False)):
        found = pattern.fullmatch(identifier)
        if found:
            return found["id"], custom
    if _MODEL_ID.fullmatch(identifier):
        return identifier, False
    return None, False


def inference_profile_arn(region: str, account: str, model_id: str) -> str:
    """The ARN of the system inference profile that serves ``model_id`` from ``region``."""
    geography = next(
        (g for prefix, g in _GEOGRAPHIES.items() if region.startswith(prefix + "-")), "us"
    )
    return f"arn:aws:bedrock:{region}:{account}:inference-profile/{geography}.{model_id}"


@cache
def load_catalog() -> Catalog:
    """The catalog shipped with ftui (read once per process)."""
    text = resources.files("ftui.core").joinpath("data/catalog.toml").read_text("utf-8")
    return Catalog.model_validate(tomllib.loads(text))
