"""What a request will cost and do, in a few lines a person reads before confirming."""

from __future__ import annotations

from ftui.core.catalog import Catalog, load_catalog
from ftui.core.request import CreateModelCustomizationJobRequest
from ftui.core.safe_text import safe_text

# AWS's longest value here, an S3 URI, is 1024 characters.
VALUE_LIMIT = 1100


def summary_items(
    request: CreateModelCustomizationJobRequest,
    region: str | None,
    catalog: Catalog | None = None,
) -> list[tuple[str, str]]:
    """(label, value) pairs: what runs, where, on what data, for how many epochs.

    Values are safe to show: they come from a profile file or a cloned job, and a person reads
    them on a terminal before spending money.
    """
    catalog = catalog or load_catalog()
    match = catalog.match(request.baseModelIdentifier)
    model = request.baseModelIdentifier
    if match is not None:
        model = f"{match.model.name} ({request.baseModelIdentifier})"
    items = [
        ("Job", request.jobName),
        ("Type", request.effective_type),
        ("Base model", model),
        ("Region", region or "(AWS default)"),
    ]
    hyper = request.hyperParameters or {}
    rft = request.customizationConfig.rftConfig if request.customizationConfig else None
    epochs = hyper.get("epochCount")
    if rft is not None and rft.hyperParameters is not None and rft.hyperParameters.epochCount:
        epochs = str(rft.hyperParameters.epochCount)
    if epochs is None and match is not None and (family := catalog.family_of(match.model)):
        spec = next((h for h in catalog.hyperparameters(family) if h.name == "epochCount"), None)
        if spec is not None and spec.default_text:
            epochs = f"{spec.default_text} (AWS default)"
    if epochs is not None:
        items.append(("Epochs", epochs))
    training = request.trainingDataConfig
    if training.s3Uri:
        items.append(("Training data", training.s3Uri))
    elif training.invocationLogsConfig is not None:
        source = training.invocationLogsConfig.invocationLogSource.s3Uri or "?"
        items.append(("Training data", f"invocation logs in {source}"))
    validators = request.validationDataConfig.validators if request.validationDataConfig else []
    if validators:
        items.append(("Validation sets", str(len(validators))))
    distillation = (
        request.customizationConfig.distillationConfig if request.customizationConfig else None
    )
    if distillation is not None:
        items.append(("Teacher", distillation.teacherModelConfig.teacherModelIdentifier))
    items.append(("Output", request.outputDataConfig.s3Uri))
    return [(label, safe_text(str(value), VALUE_LIMIT)) for label, value in items]


def summary_lines(request: CreateModelCustomizationJobRequest, region: str | None) -> list[str]:
    items = summary_items(request, region)
    width = max(len(label) for label, _ in items)
    lines = [f"  {label.ljust(width)}  {value}" for label, value in items]
    lines.append(
        "  Training is billed per token processed, times the number of epochs; a stopped job"
        " is still billed for what it trained."
    )
    return lines
