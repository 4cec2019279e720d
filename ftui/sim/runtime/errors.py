"""The runtime's errors, with the HTTP status botocore's ``bedrock-runtime`` model gives each."""

from __future__ import annotations

import functools

from ftui.sim.operations import service_model

SERVICE = "bedrock-runtime"
# Not in the model: the emulator's word for an operation it does not simulate.
_OWN_STATUSES = {"NotImplemented": 501, "UnknownOperationException": 404}


class Refusal(Exception):
    """A request the runtime refuses, as AWS refuses it: code, message, status."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    @property
    def status(self) -> int:
        return status_of(self.code)


def validation(message: str) -> Refusal:
    return Refusal("ValidationException", message)


@functools.cache
def status_of(code: str) -> int:
    """``ModelNotReadyException`` is a 429, ``ResourceNotFoundException`` a 404 ..."""
    if code in _OWN_STATUSES:
        return _OWN_STATUSES[code]
    model = service_model(SERVICE)
    if model is None or code not in model.shape_names:
        return 400
    return int(model.shape_for(code).metadata.get("error", {}).get("httpStatusCode", 400))
