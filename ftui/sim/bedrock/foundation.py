"""ListFoundationModels and GetFoundationModel, answered from ftui's model catalog.

Bedrock lists a customizable model twice: the on-demand model (``amazon.nova-micro-v1:0``) and
its customizable variant with the context suffix (``amazon.nova-micro-v1:0:128k``), which
carries ``customizationsSupported`` and is served through Provisioned Throughput.
"""

from __future__ import annotations

from typing import Any

from ftui.core.catalog import Catalog, load_catalog

# ListFoundationModels' enums: RFT and VIDEO are not among them.
_CUSTOMIZATIONS = ("FINE_TUNING", "CONTINUED_PRE_TRAINING", "DISTILLATION")
_MODALITIES = ("TEXT", "IMAGE", "EMBEDDING")


def _arn(region: str, model_id: str) -> str:
    return f"arn:aws:bedrock:{region}::foundation-model/{model_id}"


def foundation_models(region: str, catalog: Catalog | None = None) -> list[dict[str, Any]]:
    """Every foundation model summary in ``region``."""
    catalog = catalog or load_catalog()
    out: dict[str, dict[str, Any]] = {}
    for model in catalog.models:
        if region not in model.regions:
            continue
        common = {
            "modelName": model.name,
            "providerName": model.provider,
            "inputModalities": [m for m in model.input_modalities if m in _MODALITIES],
            "outputModalities": [m for m in model.output_modalities if m in _MODALITIES],
            "responseStreamingSupported": "TEXT" in model.output_modalities,
            "modelLifecycle": {"status": model.lifecycle},
        }
        out[model.id] = {
            "modelArn": _arn(region, model.id),
            "modelId": model.id,
            **common,
            "customizationsSupported": [c for c in model.customizations if c in _CUSTOMIZATIONS],
            "inferenceTypesSupported": ["PROVISIONED"],
        }
        on_demand = ":".join(model.id.split(":")[:2])
        if on_demand != model.id and on_demand not in out:
            out[on_demand] = {
                "modelArn": _arn(region, on_demand),
                "modelId": on_demand,
                **common,
                "customizationsSupported": [],
                "inferenceTypesSupported": ["ON_DEMAND"],
            }
    for teacher in catalog.teachers:
        if region not in teacher.regions or teacher.id in out:
            continue
        out[teacher.id] = {
            "modelArn": _arn(region, teacher.id),
            "modelId": teacher.id,
            "modelName": teacher.name,
            "providerName": teacher.provider,
            "inputModalities": ["TEXT"],
            "outputModalities": ["TEXT"],
            "responseStreamingSupported": True,
            "customizationsSupported": [],
            "inferenceTypesSupported": ["ON_DEMAND"]
            if teacher.invocation != "inference-profile"
            else [],
            "modelLifecycle": {"status": "ACTIVE"},
        }
    return sorted(out.values(), key=lambda m: str(m["modelId"]))


def filter_models(models: list[dict[str, Any]], query: dict[str, str]) -> list[dict[str, Any]]:
    provider = query.get("byProvider", "").lower()
    customization = query.get("byCustomizationType")
    modality = query.get("byOutputModality")
    inference = query.get("byInferenceType")
    return [
        m
        for m in models
        if (not provider or m["providerName"].lower() == provider)
        and (not customization or customization in m["customizationsSupported"])
        and (not modality or modality in m["outputModalities"])
        and (not inference or inference in m["inferenceTypesSupported"])
    ]
