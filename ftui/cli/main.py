"""The ``ftui`` command: the TUI by default, and headless subcommands for scripts and CI.

Exit codes: 0 success; 1 a request is invalid; 2 a file, profile or argument cannot be used;
3 AWS refused or could not be reached; 130 stopped by Ctrl+C while watching; 141 the reader of
stdout went away (``| head``).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence

from ftui import __version__
from ftui.cli import serving_args
from ftui.cli.exits import Exit

# An hour of training a minute: long enough to watch a job move, short enough to see it end.
DEMO_SPEED = 60.0


def _aws_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """The global options, accepted before or after the subcommand."""
    default = argparse.SUPPRESS if suppress else None
    group = parser.add_argument_group("AWS")
    group.add_argument(
        "--region",
        action="append",
        type=_region,
        default=default,
        metavar="REGION",
        help="AWS region (repeat for several where a command takes several)",
    )
    group.add_argument(
        "--aws-profile",
        default=default,
        metavar="NAME",
        help="named profile from ~/.aws/config (AWS_PROFILE is honoured)",
    )
    group.add_argument(
        "--endpoint-url",
        default=default,
        metavar="URL",
        help="send AWS calls here, e.g. the local emulator (AWS_ENDPOINT_URL is honoured)",
    )


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    _aws_options(common, suppress=True)

    parser = argparse.ArgumentParser(
        prog="ftui",
        description="Build, save, submit and watch Amazon Bedrock model customization jobs."
        " Without a command, opens the terminal UI.",
    )
    parser.add_argument("--version", action="version", version=f"ftui {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="run against the built-in AWS emulator and its demo account (no AWS needed)",
    )
    parser.add_argument(
        "--speed",
        type=_positive,
        default=DEMO_SPEED,
        metavar="X",
        help="with --demo: how much faster than real time jobs run (default 60: an hour a minute)",
    )
    parser.add_argument(
        "--read-only",
        action="store_true",
        help="change nothing in AWS: no submit, stop or delete (also FTUI_READ_ONLY=1)",
    )
    _aws_options(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = sub.add_parser(
        "validate",
        parents=[common],
        help="check profiles and --cli-input-json files",
        description="Check each file (a profile TOML or an AWS CLI --cli-input-json file, or the"
        " name of a saved profile) against Bedrock's request model and the model catalog."
        " Prints every problem as PATH: field.path: message. Exit 0 when all are valid, 1 when"
        " any is invalid, 2 when a file cannot be read or parsed.",
    )
    validate.add_argument("paths", nargs="+", metavar="PATH")
    validate.add_argument(
        "-q", "--quiet", action="store_true", help="print errors only, no warnings or summary"
    )

    profiles = sub.add_parser("profiles", parents=[common], help="list, show and manage profiles")
    psub = profiles.add_subparsers(dest="action", metavar="ACTION", required=True)
    plist = psub.add_parser("list", parents=[common], help="list profiles and their state")
    plist.add_argument("--json", action="store_true", help="machine-readable output")
    pshow = psub.add_parser("show", parents=[common], help="print a profile and its problems")
    pshow.add_argument("name", metavar="NAME")
    pdelete = psub.add_parser(
        "delete", parents=[common], help="delete a profile (kept in the deleted-profiles folder)"
    )
    pdelete.add_argument("name", metavar="NAME")
    pdelete.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")
    prename = psub.add_parser("rename", parents=[common], help="rename a profile")
    prename.add_argument("name", metavar="NAME")
    prename.add_argument("new_name", metavar="NEW_NAME")
    pdup = psub.add_parser("duplicate", parents=[common], help="copy a profile under a new name")
    pdup.add_argument("name", metavar="NAME")
    pdup.add_argument("new_name", metavar="NEW_NAME")

    imp = sub.add_parser(
        "import",
        parents=[common],
        help="save a --cli-input-json file or a job description as a profile",
        description="FILE is an AWS CLI --cli-input-json request, an ftui profile, or the JSON"
        " of `aws bedrock get-model-customization-job` (which clones that job).",
    )
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--name", required=True, metavar="NAME", help="name of the new profile")
    imp.add_argument("--force", action="store_true", help="replace a profile of that name")
    imp.add_argument(
        "--project", action="store_true", help="save in the project's .ftui/profiles folder"
    )

    exp = sub.add_parser(
        "export",
        parents=[common],
        help="print a profile as --cli-input-json or TOML",
        description="cli-json output feeds `aws bedrock create-model-customization-job"
        " --cli-input-json file://FILE` unchanged.",
    )
    exp.add_argument("name", metavar="NAME")
    exp.add_argument("--format", choices=("cli-json", "toml"), default="cli-json")
    exp.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    exp.add_argument("--force", action="store_true", help="replace FILE if it exists")

    submit = sub.add_parser(
        "submit",
        parents=[common],
        help="create the job a profile describes",
        description="Validate the profile and create the job. The idempotency token is derived"
        " from the request, so running this twice never creates two jobs.",
    )
    submit.add_argument("name", metavar="NAME")
    submit.add_argument(
        "--dry-run", action="store_true", help="print the exact request; send nothing"
    )
    submit.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")

    jobs = sub.add_parser(
        "jobs",
        parents=[common],
        help="list customization jobs (headless)",
        description="List the jobs of the account in each --region (repeatable; default: the"
        " settings' regions, else the AWS default), newest first.",
    )
    jobs.add_argument("--json", action="store_true", help="one JSON array of job summaries")
    jobs.add_argument(
        "--status",
        choices=("InProgress", "Completed", "Failed", "Stopping", "Stopped"),
        help="only jobs with this status",
    )
    jobs.add_argument("--name", metavar="TEXT", help="only jobs whose name contains TEXT")
    jobs.add_argument(
        "--watch", action="store_true", help="keep polling and print each change as it happens"
    )

    stop = sub.add_parser(
        "stop",
        parents=[common],
        help="stop a running customization job",
        description="Stop a job by name or ARN (the region comes from the ARN, else --region)."
        " Training stops and what was trained so far is not kept as a model."
        " Exit 0 when stopping, 3 when AWS refuses (e.g. the job has finished).",
    )
    stop.add_argument("job", metavar="JOB", help="job name or ARN")
    stop.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")

    metrics = sub.add_parser(
        "metrics",
        parents=[common],
        help="print a job's training and validation losses, and how far it has trained",
        description="Print the metrics Bedrock wrote for a job (name or ARN; the region comes"
        " from the ARN, else --region): a row per logged step with its epoch, training loss and"
        " the validation loss of that step, then a summary with the best validation loss and,"
        " while the job trains, its progress and estimated end. Before training starts there"
        " are none yet: said, exit 0. Exit 3 when the job is not found, has no output location,"
        " or its metrics cannot be read.",
    )
    metrics.add_argument("job", metavar="JOB", help="job name or ARN")
    form = metrics.add_mutually_exclusive_group()
    form.add_argument(
        "--json", action="store_true", help="one JSON object: the rows, progress and estimate"
    )
    form.add_argument(
        "--csv", action="store_true", help="CSV with a header (perplexities too), no summary"
    )
    metrics.add_argument(
        "--watch",
        action="store_true",
        help="print new rows as they are written until the job ends (Ctrl+C: exit 130)",
    )

    check = sub.add_parser(
        "check",
        parents=[common],
        help="run the pre-flight checks of a profile or request file against AWS",
        description="Check what AWS would only find after the job started: the role and its"
        " trust policy, the data (with the dataset checker), buckets and their region, the KMS"
        " key, subnets and security groups, the base model, free names, the teacher and the"
        " grader. Exit 0 when every check passed (warnings allowed), 1 when one failed, 2 when"
        " the input cannot be used, 3 when AWS could not be reached.",
    )
    check.add_argument("target", metavar="NAME|FILE", help="a profile name or a request file")
    check.add_argument(
        "--json", action="store_true", help="one JSON object per check, in a JSON array"
    )

    data = sub.add_parser("data", parents=[common], help="check a training data set")
    dsub = data.add_subparsers(dest="action", metavar="ACTION", required=True)
    dcheck = dsub.add_parser(
        "check",
        parents=[common],
        help="check a JSONL data set against a base model's format and limits",
        description="Read PATH (a local file, or s3://bucket/key) line by line, in constant"
        " memory, and print PATH:LINE: message for each problem and a summary. Exit 0 when the"
        " data would pass, 1 when it would fail, 2 when it cannot be read, 3 when AWS could"
        " not be reached.",
    )
    dcheck.add_argument("path", metavar="PATH|s3://...")
    dcheck.add_argument("--model", required=True, metavar="ID", help="base model ID (or ARN)")
    dcheck.add_argument(
        "--type",
        dest="customization_type",
        choices=(
            "FINE_TUNING",
            "CONTINUED_PRE_TRAINING",
            "DISTILLATION",
            "REINFORCEMENT_FINE_TUNING",
        ),
        metavar="CUSTOMIZATION_TYPE",
        help="FINE_TUNING (default when the model takes it), CONTINUED_PRE_TRAINING,"
        " DISTILLATION or REINFORCEMENT_FINE_TUNING",
    )
    dcheck.add_argument(
        "--validation", action="store_true", help="the file is a validation set (its limits)"
    )
    dcheck.add_argument("--json", action="store_true", help="the report as one JSON object")

    sim = sub.add_parser(
        "sim",
        help="run the local AWS emulator in the foreground",
        description="Serve Bedrock (model customization), S3, IAM, EC2, KMS, STS and Lambda on"
        " 127.0.0.1 and print the environment variables that point boto3 and the AWS CLI at it.",
    )
    sim.add_argument("--port", type=int, default=0, help="port to listen on (default: a free one)")
    sim.add_argument(
        "--speed",
        type=_positive,
        default=1.0,
        metavar="X",
        help="simulated time runs X times faster (60: a one-hour job takes a minute)",
    )
    sim.add_argument(
        "--seed", action="store_true", help="seed the demo world: data, roles, VPC, jobs"
    )
    sim.add_argument(
        "--random-seed",
        type=int,
        default=0,
        metavar="N",
        help="seed of job durations and metrics (same seed, same runs)",
    )
    sim.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="SPEC",
        help="inject a fault into every matching call (repeatable); `--fault help` lists them",
    )
    serving_args.add_parsers(sub, common)
    return parser


def _region(text: str) -> str:
    from ftui.core.settings import region_name

    try:
        return region_name(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    # A file name that is not UTF-8 reaches Python as surrogates (PEP 383): written back as its
    # own bytes, not a UnicodeEncodeError on a strict pipe.
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(ValueError, OSError):
            reconfigure(errors="surrogateescape")
    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(words)
    args.argv = words  # to show how to run the same command with or without --demo
    if args.command == "sim":
        from ftui.cli.sim import run_sim

        return run_sim(args)
    if args.demo:
        from ftui.cli.sim import run_demo

        return run_demo(args, lambda: _dispatch(parser, args))
    return _dispatch(parser, args)


def _dispatch(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from ftui.core.settings import SettingsError

    try:
        code = _run(parser, args)
        # To a pipe, output short of a buffer is only written at exit, where a reader gone
        # (``| head``) could no longer be told from a failure: written here instead.
        sys.stdout.flush()
        return code
    except SettingsError as error:  # config.toml or an FTUI_* variable, read by any command
        print(f"error: {error}", file=sys.stderr)
        return Exit.UNUSABLE
    except BrokenPipeError:
        # The reader went away (``| head``): nothing more to say, and nothing to say it to.
        # Python would report the failed flush at exit, so stdout goes to /dev/null first.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return Exit.PIPE_CLOSED


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if args.command is None:
        from ftui.cli.tui import run_tui

        return run_tui(args)
    if args.command == "validate":
        from ftui.cli.validate import run_validate

        return run_validate(args)
    if args.command == "profiles":
        from ftui.cli import profiles

        return profiles.run(args)
    if args.command == "import":
        from ftui.cli.profiles import run_import

        return run_import(args)
    if args.command == "export":
        from ftui.cli.profiles import run_export

        return run_export(args)
    if args.command == "submit":
        from ftui.cli.submit import run_submit

        return run_submit(args)
    if args.command == "jobs":
        from ftui.cli.jobs import run_jobs

        return run_jobs(args)
    if args.command == "stop":
        from ftui.cli.stop import run_stop

        return run_stop(args)
    if args.command == "metrics":
        from ftui.cli.metrics import run_metrics

        return run_metrics(args)
    if args.command == "check":
        from ftui.cli.check import run_check

        return run_check(args)
    if args.command == "data":
        from ftui.cli.data import run_data

        return run_data(args)
    if args.command in serving_args.COMMANDS:
        return serving_args.run(args)
    parser.error(f"unknown command {args.command}")  # pragma: no cover - argparse refuses first
    return Exit.UNUSABLE  # pragma: no cover


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
