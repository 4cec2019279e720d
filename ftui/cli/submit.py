"""``ftui submit NAME``: validate a profile and create its job, once."""

from __future__ import annotations

import argparse
import json
import sys

from ftui.cli.common import confirm, err, out, profile_error, session, store
from ftui.cli.exits import Exit
from ftui.cli.target import one_region
from ftui.core.aws.bedrock import Bedrock
from ftui.core.aws.errors import Ok
from ftui.core.aws.submit import Ledger, submission_kwargs, submit
from ftui.core.draft import InvalidDraft
from ftui.core.profiles import ProfileError
from ftui.core.summary import summary_lines


def run_submit(args: argparse.Namespace) -> int:
    try:
        profile = store().load(args.name)
    except ProfileError as error:
        err(profile_error(args, error, args.name))
        return Exit.UNUSABLE
    aws = session(args, one_region(args) or profile.region)
    region = aws.region
    try:
        request = profile.draft.to_request(region=region)
    except InvalidDraft as invalid:
        for problem in invalid.report.errors:
            out(f"{profile.qualified_name}: {problem.path}: {problem.message}")
        err(f"not submitted: {len(invalid.report.errors)} problem(s) to fix first")
        return Exit.INVALID
    kwargs = submission_kwargs(request)
    if args.dry_run:
        out(json.dumps(kwargs, indent=2, ensure_ascii=False))
        err(f"dry run: nothing sent (region {region or 'not set'})")
        return Exit.OK
    refused = aws.refusal("CreateModelCustomizationJob")
    if refused is not None:
        err(f"not submitted: {refused.message}; --dry-run shows the request")
        return Exit.UNUSABLE
    if region is None:
        err("error: no AWS region: pass --region, set region in the profile, or set AWS_REGION")
        return Exit.UNUSABLE
    if not args.yes:
        for line in summary_lines(request, region):
            err(line)
        if not sys.stdin.isatty():
            err("not submitted: pass --yes to submit without a terminal to confirm on")
            return Exit.UNUSABLE
        if not confirm("Create this job? It is billed by AWS."):
            err("not submitted")
            return Exit.UNUSABLE
    result = submit(Bedrock(aws, region), request, ledger=Ledger(), profile=profile.name)
    if not isinstance(result, Ok):
        err(f"error: {result.code}: {result.message}")
        if result.field:
            err(f"  (about {'.'.join(result.field)})")
        return Exit.UNUSABLE if result.code == "ReadOnly" else Exit.AWS
    submission = result.value
    if submission.warning:
        err(f"warning: {submission.warning}")
    if submission.repeated:
        err(
            f"already submitted on {submission.submitted_at}; not sent again"
            " (change the request, e.g. the job name, to create another job)"
        )
    out(submission.job_arn)
    return Exit.OK
