"""What a data set must satisfy for one base model and kind of job, read from the catalog."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from ftui.core.catalog import Catalog, CatalogModel, load_catalog
from ftui.core.kinds import (
    CONTINUED_PRE_TRAINING,
    DISTILLATION,
    FINE_TUNING,
    REINFORCEMENT_FINE_TUNING,
)

# Nova's understanding guide; the other converse models document fewer media formats.
NOVA_IMAGE_FORMATS = frozenset({"jpeg", "png", "gif", "webp"})
NOVA_VIDEO_FORMATS = frozenset({"mov", "mkv", "mp4", "webm"})
MAX_IMAGES = 10
MAX_VIDEOS = 1
MAX_CAPTION_CHARS = 1024
# AWS suggests at least this many RFT prompts; fewer is allowed, so it is a warning.
RFT_SUGGESTED_PROMPTS = 100


class UnknownModel(ValueError):
    """The model is not in ftui's catalog, or cannot be customized in the asked way."""


@dataclass(frozen=True)
class Rules:
    """Everything the checker needs to know about the model, in plain values."""

    model_name: str
    format_id: str | None
    customization_type: str
    validation: bool
    images: bool  # the model reads images
    video: bool
    nova: bool  # Nova's extra rules: reserved words, media in the data set's bucket
    single_turn: bool  # distillation of a non-Nova student: one prompt, maybe one answer
    validation_allowed: bool = True
    min_records: int | None = None
    max_records: int | None = None
    suggested_records: int | None = None
    max_bytes: int | None = None
    max_tokens: int | None = None
    max_input_tokens: int | None = None
    max_output_tokens: int | None = None
    min_caption_chars: int = 0  # where AWS documents a minimum (image generation)
    max_caption_chars: int = MAX_CAPTION_CHARS
    bucket: str | None = None  # the data set's own bucket, when known

    @classmethod
    def generic(cls, customization_type: str = FINE_TUNING, *, validation: bool = False) -> Rules:
        """JSON Lines only: a model ftui does not know has no format to check against."""
        return cls(
            model_name="the model",
            format_id=None,
            customization_type=customization_type,
            validation=validation,
            images=True,
            video=True,
            nova=False,
            single_turn=False,
        )


def resolve(model_id: str, catalog: Catalog | None = None) -> CatalogModel:
    """The catalog's model for an ID or ARN; :class:`UnknownModel` says what to do otherwise."""
    catalog = catalog or load_catalog()
    match = catalog.match(model_id)
    if match is None:
        ids = [m.id for m in catalog.models]
        # What was typed inside an ID first ("nova-micro"), then IDs spelled alike.
        near = [i for i in ids if model_id and model_id.lower() in i.lower()]
        near += [
            i for i in difflib.get_close_matches(model_id, ids, n=3, cutoff=0.4) if i not in near
        ]
        known = ", ".join((near or ids)[:3])
        raise UnknownModel(
            f"ftui does not know the model {model_id!r}, so it cannot tell its data format;"
            f" pass a base model ID{', perhaps' if near else ' such as'} {known}"
            " (the wizard's model step lists every model ftui knows)"
        )
    return match.model


def default_type(model: CatalogModel) -> str:
    """Fine-tuning when the model takes it, else its first kind of customization."""
    return FINE_TUNING if model.supports(FINE_TUNING) else model.customizations[0]


def rules_for(
    model: CatalogModel,
    customization_type: str,
    *,
    validation: bool = False,
    bucket: str | None = None,
    catalog: Catalog | None = None,
) -> Rules:
    catalog = catalog or load_catalog()
    if not model.supports(customization_type):
        raise UnknownModel(
            f"{model.name} cannot be customized by {customization_type}; it takes"
            f" {', '.join(model.customizations)}"
        )
    limits = model.limits
    nova = model.id.startswith("amazon.nova")
    min_records = max_records = suggested = None
    max_bytes = limits.max_validation_bytes if validation else limits.max_train_bytes
    if customization_type == FINE_TUNING:
        min_records = None if validation else limits.min_records
        max_records = limits.max_records
        if validation and limits.max_validation_records is not None:
            max_records = limits.max_validation_records
    elif customization_type == CONTINUED_PRE_TRAINING and not validation:
        max_bytes = limits.max_train_bytes_cpt or limits.max_train_bytes
    elif customization_type == DISTILLATION:
        max_records = catalog.distillation.max_prompts
    elif customization_type == REINFORCEMENT_FINE_TUNING:
        max_records = min(catalog.rft.max_prompts, limits.max_records or catalog.rft.max_prompts)
        suggested = RFT_SUGGESTED_PROMPTS
    return Rules(
        model_name=model.name,
        format_id=model.data_formats.get(customization_type),
        customization_type=customization_type,
        validation=validation,
        # Distillation is text to text whatever the student reads.
        images="IMAGE" in model.input_modalities and customization_type != DISTILLATION,
        video="VIDEO" in model.input_modalities and customization_type != DISTILLATION,
        nova=nova,
        single_turn=customization_type == DISTILLATION and not nova,
        validation_allowed=limits.validation,
        min_records=min_records,
        max_records=max_records,
        suggested_records=suggested,
        max_bytes=max_bytes,
        max_tokens=limits.max_tokens,
        max_input_tokens=limits.max_input_tokens,
        max_output_tokens=limits.max_output_tokens,
        min_caption_chars=limits.min_caption_chars or 0,
        max_caption_chars=limits.max_caption_chars or MAX_CAPTION_CHARS,
        bucket=bucket,
    )
