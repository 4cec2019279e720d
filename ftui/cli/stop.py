"""``ftui stop JOB``: stop a running job, with the same warning as the TUI."""

from __future__ import annotations

import argparse
import sys

from ftui.cli.common import confirm, err, out, session
from ftui.cli.exits import Exit
from ftui.cli.job_lookup import find_job
from ftui.cli.target import one_region
from ftui.core.aws.bedrock import STOP_WARNING, region_of_arn
from ftui.core.aws.errors import Ok

OPERATION = "StopModelCustomizationJob"


def run_stop(args: argparse.Namespace) -> int:
    aws = session(args, region_of_arn(args.job) or one_region(args))
    refused = aws.refusal(OPERATION)
    if refused is not None:
        err(f"not stopped: {refused.message}")
        return Exit.UNUSABLE
    found = find_job(aws, args.job)
    if isinstance(found, Exit):
        return found
    region, bedrock, job = found.region, found.bedrock, found.job
    name, status = str(job.get("jobName", args.job)), str(job.get("status", "unknown"))
    if status == "Stopping":
        err(f"{name} is already stopping")
        out(str(job.get("jobArn", args.job)))
        return Exit.OK
    if status != "InProgress":
        err(f"not stopped: {name} is {status}; only a job in progress can be stopped")
        return Exit.AWS
    if not args.yes:
        err(f"Stop {name} ({region})? {STOP_WARNING}")
        if not sys.stdin.isatty():
            err("not stopped: pass --yes to stop without a terminal to confirm on")
            return Exit.UNUSABLE
        if not confirm("Stop this job?"):
            err("not stopped")
            return Exit.UNUSABLE
    stopped = bedrock.stop_job(str(job.get("jobArn", args.job)))
    if not isinstance(stopped, Ok):
        err(f"not stopped: {stopped.code}: {stopped.message}")
        return Exit.UNUSABLE if stopped.code == "ReadOnly" else Exit.AWS
    err(f"stopping {name}")
    out(str(job.get("jobArn", args.job)))
    return Exit.OK
