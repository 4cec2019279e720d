"""Job and model names a person would pick: model, kind and time, within AWS's patterns."""

from __future__ import annotations

import re
from datetime import datetime

from ftui.core.catalog import Catalog, load_catalog
from ftui.core.kinds import abbreviation


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def suggested_name(
    kind: str, base_model: str | None, now: datetime, catalog: Catalog | None = None
) -> str:
    """``nova-micro-ft-20261127-1205``: valid as a job name and as a custom model name."""
    catalog = catalog or load_catalog()
    match = catalog.match(base_model) if base_model else None
    parts = [_slug(match.model.name)] if match else []
    parts.append(abbreviation(kind))
    parts.append(now.strftime("%Y%m%d-%H%M"))
    name = "-".join(p for p in parts if p)
    return name[:63].rstrip("-")
