"""A person's own price of customizing a model (``[prices."<model id>"]`` in config.toml).

Checked by pydantic, loaded only when config.toml sets a price: the rest of the settings are
read before the first frame, and need no validation library.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from ftui.core.spelling import did_you_mean


class PriceOverride(BaseModel):
    """A person's price of customizing one model, in USD; it replaces the catalog's."""

    # inf and nan are numbers to TOML, not prices ("$inf/month storage").
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)

    training_per_1k_tokens: float | None = Field(
        None, ge=0, description="USD per 1,000 tokens trained (text models)."
    )
    training_per_image: float | None = Field(
        None, ge=0, description="USD per image seen in training (image models)."
    )
    storage_per_month: float | None = Field(
        None, ge=0, description="USD per custom model per month."
    )

    @model_validator(mode="after")
    def _one_training_price(self) -> PriceOverride:
        if (self.training_per_1k_tokens is None) == (self.training_per_image is None):
            raise ValueError(
                "set one training price: training_per_1k_tokens (text models) or"
                " training_per_image (image models)"
            )
        return self


def catalog_model_id(value: str) -> str:
    """``value`` if the catalog has a model of that ID, spelled as the catalog spells it."""
    from ftui.core.catalog import load_catalog  # read only when a price is set

    known = [m.id for m in load_catalog().models]
    if value not in known:
        raise ValueError(f"{value!r} is not a model ID ftui knows{did_you_mean(value, known)}")
    return value


ModelId = Annotated[str, AfterValidator(catalog_model_id)]


class Prices(BaseModel):
    """config.toml's ``[prices]``, on its own: errors come back at ``("prices", id, field)``."""

    model_config = ConfigDict(extra="forbid", strict=True)

    prices: dict[ModelId, PriceOverride] = Field(
        default_factory=dict, description="Model ID -> your price, for the cost estimate."
    )
