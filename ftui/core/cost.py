"""What a customization job will cost: what it trains on, the training, the storage; an estimate.

What "trained" counts, following the unit Bedrock bills by:

- Text fine-tuning and continued pre-training: tokens trained = the training data's tokens x
  epochs. The data's tokens are the dataset checker's estimate (``DataReport.estimated_tokens``,
  6 characters a token: no tokenizer is shipped), so every figure is an estimate. The
  validation set is not counted.
- Distillation: the same count over the file's prompts. The teacher's answers, which the
  student also trains on, are not in the file, and the teacher's inference that writes them is
  billed apart: neither is included.
- Reinforcement fine-tuning: the prompts' tokens x ``rftConfig.hyperParameters.epochCount``;
  the responses sampled for each prompt are not counted.
- Image models are billed per image seen. Titan Image Generator and Nova Canvas see
  ``stepCount`` x ``batchSize`` images, whatever the data set's size; Titan Multimodal
  Embeddings sees each record once an epoch: records x epochs.

Epochs (and steps) come from the request's hyperparameters, else the default of the model's
family in the catalog. A word such as ``Auto`` lets Bedrock choose: then nothing is counted.
Prices come from the catalog (dated, with their source) unless ``config.toml`` sets the
model's price (:class:`~ftui.core.price_override.PriceOverride`), which then replaces it whole.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from ftui.core.catalog import Catalog, CatalogModel, load_catalog
from ftui.core.hyperparameters import whole, whole_setting
from ftui.core.kinds import DISTILLATION, FINE_TUNING, REINFORCEMENT_FINE_TUNING, kind_of

if TYPE_CHECKING:
    from ftui.core.dataset.report import DataReport
    from ftui.core.price_override import PriceOverride

Unit = Literal["tokens", "images"]
SETTINGS_FILE = "config.toml"
CHECK_THE_DATA = (
    "check the training data (it is checked on the data step, or by ftui data check)"
    " to estimate its tokens"
)
FROM_LOGS = "trained from invocation logs, whose tokens ftui does not count"
SEPARATOR = " · "
SOURCE_WIDTH = 40  # the most of a source's address the one-line text shows


@dataclass(frozen=True)
class Price:
    """The price of customizing one model, in USD, and where it was read."""

    training: float  # per 1,000 tokens trained, or per image seen
    unit: Unit
    storage_per_month: float | None
    source: str  # a URL, or the settings file
    as_of: date | None  # None for the person's own prices, which carry no date

    @property
    def yours(self) -> bool:
        return self.as_of is None

    @property
    def where(self) -> str:
        """``prices of 2026-04-16 (aws.amazon.com/bedrock/pricing)``, or whose they are."""
        if self.as_of is None:
            return f"your prices ({self.source})"
        return f"prices of {self.as_of.isoformat()} ({_short_url(self.source)})"

    @property
    def rate(self) -> str:
        per = "per 1,000 tokens trained" if self.unit == "tokens" else "per image seen"
        return f"{_rate(self.training)} {per}"


@dataclass(frozen=True)
class Estimate:
    """What a job will train on and cost; any part ftui cannot tell is None, with the reason."""

    model_id: str | None
    kind: str
    unit: Unit
    trained: int | None  # tokens trained, or images seen
    basis: str  # how ``trained`` was counted: "31k tokens x 2 epochs"
    training_cost: float | None
    storage_per_month: float | None
    price: Price | None
    missing: tuple[str, ...] = ()  # what would complete the estimate, a sentence each
    notes: tuple[str, ...] = ()  # what the figures leave out

    def text(self) -> str:
        """One line: ``~62.4k tokens trained (estimate: …) · ~$0.06 training · … · prices of …``"""
        parts: list[str] = []
        what = "tokens trained" if self.unit == "tokens" else "images seen"
        if self.trained is not None:
            parts.append(f"~{count(self.trained)} {what} (estimate: {self.basis})")
        else:
            parts.append(f"{what} unknown: {'; '.join(self.missing)}")
        if self.price is None:
            if self.model_id is not None:
                parts.append(
                    f"no price known for {self.model_id}; set one in {SETTINGS_FILE}"
                    f' ([prices."{self.model_id}"])'
                )
        else:
            if self.training_cost is not None:
                parts.append(f"~{money(self.training_cost)} training")
            else:
                parts.append(self.price.rate)
            if self.storage_per_month is not None:
                parts.append(f"{money(self.storage_per_month)}/month storage")
        parts.extend(self.notes)
        if self.price is not None:
            parts.append(self.price.where)
        return SEPARATOR.join(parts)


def price_of(
    model_id: str,
    *,
    prices: Mapping[str, PriceOverride] | None = None,
    catalog: Catalog | None = None,
) -> Price | None:
    """The price of customizing ``model_id`` (a catalog ID): the person's, else the catalog's."""
    own = (prices or {}).get(model_id)
    if own is not None:
        unit: Unit = "tokens" if own.training_per_1k_tokens is not None else "images"
        training = own.training_per_1k_tokens or own.training_per_image or 0.0
        return Price(training, unit, own.storage_per_month, SETTINGS_FILE, None)
    listed = (catalog or load_catalog()).prices.of(model_id)
    if listed is None:
        return None
    if listed.training_per_1k_tokens is not None:
        unit, training = "tokens", listed.training_per_1k_tokens
    else:
        unit, training = "images", listed.training_per_image or 0.0
    return Price(training, unit, listed.storage_per_month, listed.source, listed.as_of)


def estimate(
    model_id: str | None,
    *,
    kind: str = FINE_TUNING,
    report: DataReport | None = None,
    hyperparameters: Mapping[str, Any] | None = None,
    rft_hyperparameters: Mapping[str, Any] | None = None,
    prices: Mapping[str, PriceOverride] | None = None,
    catalog: Catalog | None = None,
) -> Estimate:
    """The estimate of a job on ``model_id`` (an ID or ARN) of ``kind``.

    ``report`` is the dataset checker's report of the training file (None: not checked yet);
    ``hyperparameters`` the request's (wire strings or numbers); ``rft_hyperparameters``
    ``customizationConfig.rftConfig.hyperParameters`` of a reinforcement fine-tuning job.
    """
    catalog = catalog or load_catalog()
    match = catalog.match(model_id) if model_id else None
    if match is None:
        reason = (
            "choose a base model to estimate the cost"
            if not model_id
            else f"ftui does not know the model {model_id}"
        )
        return Estimate(None, kind, "tokens", None, "", None, None, None, missing=(reason,))
    model = match.model
    counted = _count(
        catalog,
        model,
        kind=kind,
        report=report,
        hyper=hyperparameters or {},
        rft=rft_hyperparameters,
    )
    price = price_of(model.id, prices=prices, catalog=catalog)
    notes = list(counted.notes)
    cost = None
    if price is not None and counted.trained is not None:
        if price.unit == counted.unit:
            per = 1000 if price.unit == "tokens" else 1
            cost = counted.trained / per * price.training
        else:
            notes.append(
                f"the price is {price.rate}, but {model.name} is billed per {_per(counted.unit)}"
            )
    return Estimate(
        model.id,
        kind,
        counted.unit,
        counted.trained,
        counted.basis,
        cost,
        price.storage_per_month if price is not None else None,
        price,
        counted.missing,
        tuple(notes),
    )


def estimate_request(
    request: Mapping[str, Any],
    report: DataReport | None = None,
    *,
    prices: Mapping[str, PriceOverride] | None = None,
    catalog: Catalog | None = None,
) -> Estimate:
    """The estimate of a CreateModelCustomizationJob request (a draft's wire form) or of a
    GetModelCustomizationJob answer (its model is ``baseModelArn``), with the report of its
    training file when it has been checked."""
    base = request.get("baseModelIdentifier") or request.get("baseModelArn")
    found = estimate(
        base if isinstance(base, str) else None,
        kind=kind_of(request),
        report=report,
        hyperparameters=_mapping(request.get("hyperParameters")),
        rft_hyperparameters=_rft_hyperparameters(request),
        prices=prices,
        catalog=catalog,
    )
    training = _mapping(request.get("trainingDataConfig")) or {}
    if report is None and CHECK_THE_DATA in found.missing and training.get("invocationLogsConfig"):
        # Distillation from invocation logs: no file to check, and the logs are not read.
        missing = tuple(FROM_LOGS if m == CHECK_THE_DATA else m for m in found.missing)
        return replace(found, missing=missing)
    return found


# --- counting -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Counted:
    unit: Unit
    trained: int | None
    basis: str = ""
    missing: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def _count(
    catalog: Catalog,
    model: CatalogModel,
    *,
    kind: str,
    report: DataReport | None,
    hyper: Mapping[str, Any],
    rft: Mapping[str, Any] | None,
) -> _Counted:
    family = catalog.family_of(model)
    table = {hp.name: hp for hp in catalog.hyperparameters(family)} if family else {}

    def setting(name: str) -> int | str:
        return whole_setting(table, hyper, name)

    images = model.data_formats.get(kind) == "image-caption"
    if images and "stepCount" in table:
        steps, batch = setting("stepCount"), setting("batchSize")
        return _product("images", steps, "step", batch, "image", tail="a step")
    if kind == REINFORCEMENT_FINE_TUNING:
        epochs: int | str = whole((rft or {}).get("epochCount")) or (
            "set rftConfig.hyperParameters.epochCount to estimate"
        )
    else:
        epochs = setting("epochCount")
    if images:
        records: int | str = report.records if report is not None else CHECK_THE_DATA
        return _product("images", records, "record", epochs, "epoch")
    tokens: int | str = report.estimated_tokens if report is not None else CHECK_THE_DATA
    counted = _product("tokens", tokens, "token", epochs, "epoch")
    notes: tuple[str, ...] = ()
    if kind == DISTILLATION:
        notes = ("teacher answers and teacher inference not included",)
    elif kind == REINFORCEMENT_FINE_TUNING:
        notes = ("prompt tokens only: the sampled responses are not counted",)
    return _Counted(counted.unit, counted.trained, counted.basis, counted.missing, notes)


def _product(
    unit: Unit, a: int | str, a_noun: str, b: int | str, b_noun: str, *, tail: str = ""
) -> _Counted:
    """``a`` times ``b`` when both are known ("8,247 tokens x 2 epochs"); else why not."""
    missing = tuple(x for x in (a, b) if isinstance(x, str))
    if isinstance(a, str) or isinstance(b, str):
        return _Counted(unit, None, missing=missing)
    basis = f"{_counted(a, a_noun)} × {_counted(b, b_noun)}{' ' + tail if tail else ''}"
    return _Counted(unit, a * b, basis)


def _counted(n: int, noun: str) -> str:
    return f"{count(n)} {noun}{'' if n == 1 else 's'}"


def _mapping(value: object) -> Mapping[str, Any] | None:
    return value if isinstance(value, Mapping) else None


def _rft_hyperparameters(request: Mapping[str, Any]) -> Mapping[str, Any] | None:
    config = _mapping(request.get("customizationConfig")) or {}
    rft = _mapping(config.get("rftConfig")) or {}
    return _mapping(rft.get("hyperParameters"))


# --- formatting -----------------------------------------------------------------------------


def money(amount: float) -> str:
    """``$9.60``, ``$1,234``; less than a cent is ``<$0.01``."""
    if amount <= 0:
        return "$0"
    if amount < 0.005:
        return "<$0.01"
    if round(amount, 2) < 1000:  # $999.996 is $1,000, written as thousands are
        return f"${amount:,.2f}"
    return f"${amount:,.0f}"


def count(n: int) -> str:
    """``9,400``, ``62.4k``, ``1.2M``, ``3.1B``: a count at a glance."""
    if n < 10_000:
        return f"{n:,}"
    for size, suffix in ((10**9, "B"), (10**6, "M"), (10**3, "k")):
        if n >= size:
            value = n / size
            text = f"{value:.1f}" if value < 100 else f"{value:.0f}"
            if float(text) >= 1000 and suffix != "B":  # 999,960 is 1.0M, not 1000k
                return count(size * 1000)
            return text.removesuffix(".0") + suffix
    return f"{n:,}"  # pragma: no cover - n >= 10,000 always has a suffix


def _rate(amount: float) -> str:
    """A unit price with its significant digits: ``$0.00149``, ``$0.001``."""
    return "$" + f"{amount:.6f}".rstrip("0").rstrip(".") if amount else "$0"


def _per(unit: Unit) -> str:
    return "1,000 tokens" if unit == "tokens" else "image seen"


def _short_url(url: str) -> str:
    """A source as it reads in one line: no scheme, and a long path cut at a ``/``.

    ``aws.amazon.com/bedrock/pricing``; ``aws.amazon.com/blogs/machine-learning/…``.
    """
    text = url.removeprefix("https://").removeprefix("http://").rstrip("/")
    if len(text) <= SOURCE_WIDTH:
        return text
    host, *segments = text.split("/")
    kept = host
    for segment in segments:
        if len(kept) + len(segment) + 3 > SOURCE_WIDTH:
            break
        kept += "/" + segment
    return kept + "/…"
