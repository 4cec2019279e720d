"""The S3 locations a request reads and writes: what a service role for it must reach."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ftui.core.editing import LOGS, TRAINING_URI


def _get(node: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        if not isinstance(node, Mapping):
            return None
        node = node.get(part)
    return node


def data_locations(request: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """``(read, write)``: the training data, validation sets and invocation logs the job reads,
    and the output location it writes; each ``s3://`` URI once, in request order."""
    read: list[str] = []
    for uri in (
        _get(request, TRAINING_URI),
        _get(request, (*LOGS, "invocationLogSource", "s3Uri")),
        *(
            v.get("s3Uri")
            for v in _get(request, ("validationDataConfig", "validators")) or []
            if isinstance(v, Mapping)
        ),
    ):
        if isinstance(uri, str) and uri.startswith("s3://") and uri not in read:
            read.append(uri)
    output = _get(request, ("outputDataConfig", "s3Uri"))
    write = [output] if isinstance(output, str) and output.startswith("s3://") else []
    return read, write
