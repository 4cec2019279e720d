"""``ftui data check PATH|s3://... --model ID``: a data set against a model's format and limits.

Problems go to stdout as ``PATH:LINE: message`` (one a line, the first 100), the summary to
stderr. Exit 0 when the data would pass, 1 when it would fail, 2 when it cannot be read or the
model cannot take it, 3 when AWS could not be reached.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ftui.cli.common import err, out, session
from ftui.cli.exits import Exit
from ftui.cli.target import one_region
from ftui.core.aws.errors import AwsError
from ftui.core.catalog import load_catalog
from ftui.core.dataset import (
    DataReport,
    UnknownModel,
    check_file,
    check_s3,
    default_type,
    resolve,
    rules_for,
)
from ftui.core.kinds import label
from ftui.core.s3_uris import split_object_uri

# S3's answers for an object that is not there or not yours: the file cannot be read (exit 2);
# every other failure is AWS not answering as it should (exit 3).
_CANNOT_READ = frozenset(
    {
        "NoSuchKey",
        "NoSuchBucket",
        "NotFound",
        "AccessDenied",
        "AllAccessDisabled",
        "InvalidObjectState",
        "PermanentRedirect",
        "403",
        "404",
    }
)


def run_data(args: argparse.Namespace) -> int:
    # "check" is the only action the parser accepts.
    try:
        model = resolve(args.model)
        kind = args.customization_type or default_type(model)
        rules_for(model, kind, validation=args.validation)
    except UnknownModel as error:
        err(f"error: {error}")
        return Exit.UNUSABLE
    source: str = args.path
    if source.startswith("s3://"):
        try:
            split_object_uri(source)
        except ValueError as error:
            err(f"error: {error}")
            return Exit.UNUSABLE
        aws = session(args)
        found = check_s3(
            aws,
            source,
            region=one_region(args) or aws.region,
            model_id=model.id,
            customization_type=kind,
            validation=args.validation,
        )
        if isinstance(found, AwsError):
            return _aws_failed(source, found)
        report = found.value
    else:
        try:
            report = check_file(
                Path(source),
                model_id=model.id,
                customization_type=kind,
                validation=args.validation,
            )
        except OSError as error:
            err(f"error: {source}: cannot be read: {error.strerror or error}")
            return Exit.UNUSABLE
    _show(args, report, model.id, kind)
    return Exit.OK if report.passed else Exit.INVALID


def _aws_failed(source: str, error: AwsError) -> int:
    if error.code in _CANNOT_READ:
        err(f"error: {source} cannot be read: {error.code}: {error.message}")
        return Exit.UNUSABLE
    err(f"error: {error.code}: {error.message}")
    return Exit.AWS


def _show(args: argparse.Namespace, report: DataReport, model_id: str, kind: str) -> None:
    if args.json:
        data = {
            **report.to_json(),
            "model": model_id,
            "customization_type": kind,
            "validation": args.validation,
        }
        out(json.dumps(data, indent=2, ensure_ascii=False))
        return
    for line in report.lines():
        out(line)
    if report.unlisted:
        out(f"... and {report.unlisted:,} more")
    catalog = load_catalog()
    model = catalog.model(model_id)
    fmt = catalog.formats.get(report.format_id or "")
    what = "validation" if args.validation else "training"
    checked = f"{fmt.name} {what} data" if fmt else f"{what} data"
    verdict = "would pass" if report.passed else "would fail"
    name = model.name if model else model_id
    err(f"{report.source}: {checked} for {name} {label(kind)}: {report.summary()}; {verdict}")
