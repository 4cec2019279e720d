"""What a model picker offers for a kind of job: AWS's live list of tunable models merged with
the catalog, and the account's custom models (a fine-tuning job can start from one)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ftui.core.catalog import Catalog, CatalogModel, parse_model_identifier
from ftui.core.kinds import FINE_TUNING, REINFORCEMENT_FINE_TUNING


@dataclass(frozen=True)
class Offer:
    """A model a job of some kind can start from, as a picker lists it."""

    identifier: str
    name: str
    provider: str
    model: CatalogModel | None  # what ftui knows of it (None: AWS offers a model ftui lacks)
    custom: bool = False

    def matches(self, words: str) -> bool:
        text = f"{self.name} {self.identifier} {self.provider}".lower()
        return all(word in text for word in words.lower().split())


def offers(
    catalog: Catalog,
    kind: str,
    region: str,
    foundation: Sequence[Mapping[str, Any]] | None,
    custom: Sequence[Mapping[str, Any]] = (),
) -> list[Offer]:
    """The models for a ``kind`` of job: ``ListFoundationModels`` merged with the catalog.

    The live listing wins (AWS's list of tunable models moves faster than ftui's releases);
    the catalog adds what the listing lacks, and stands in alone when ``foundation`` is
    ``None`` (AWS could not be asked). Custom models can be the base of a fine-tuning job.
    """
    if foundation is None:
        return [Offer(m.id, m.name, m.provider, m) for m in catalog.models_for(kind, region)]
    out: list[Offer] = []
    for summary in foundation:
        match = catalog.match(str(summary.get("modelId", "")))
        model = match.model if match and match.exact else None
        offered = kind in summary.get("customizationsSupported", [])
        # ListFoundationModels does not list reinforcement fine-tuning; the catalog does.
        if not offered and model is not None and kind == REINFORCEMENT_FINE_TUNING:
            offered = model.supports(kind)
        if offered:
            name, provider = summary.get("modelName", ""), summary.get("providerName", "")
            out.append(Offer(str(summary["modelId"]), str(name), str(provider), model))
    if kind == FINE_TUNING:
        for entry in custom:
            base_id, _ = parse_model_identifier(str(entry.get("modelArn", "")))
            match = catalog.match(base_id) if base_id else None
            out.append(
                Offer(
                    str(entry["modelArn"]),
                    str(entry.get("modelName", "")),
                    "your custom model",
                    match.model if match else None,
                    custom=True,
                )
            )
    return out
