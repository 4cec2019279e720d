"""The arguments of the commands for custom models after their job (models, deploy,
deployments, undeploy, try), and which module runs each. Only argparse here: ``ftui --help``
imports this, and the commands' own modules load with their first use.
"""

from __future__ import annotations

import argparse
from typing import Any

COMMANDS = frozenset({"models", "deploy", "deployments", "undeploy", "try"})


def _tag(text: str) -> dict[str, str]:
    """``--tag team=support`` as a Tag."""
    key, equals, value = text.partition("=")
    if not equals or not key:
        raise argparse.ArgumentTypeError(f"{text!r} is not KEY=VALUE")
    return {"key": key, "value": value}


def _units(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """The commands, on ``sub`` (the subparsers of ``ftui``); ``common`` has the AWS options."""
    _models(sub, common)
    _deploy(sub, common)
    deployments = sub.add_parser(
        "deployments",
        parents=[common],
        help="list what serves custom models: deployments and Provisioned Throughput",
    )
    dsub = deployments.add_subparsers(dest="action", metavar="ACTION", required=True)
    dlist = dsub.add_parser(
        "list",
        parents=[common],
        help="deployments and Provisioned Throughputs of each --region, newest first",
        description="Exit 3 when no region answered (a failing region is said on stderr).",
    )
    dlist.add_argument("--json", action="store_true", help="one JSON array")
    undeploy = sub.add_parser(
        "undeploy",
        parents=[common],
        help="delete a deployment or a Provisioned Throughput",
        description="NAME or ARN of a custom model deployment or a Provisioned Throughput"
        " (the region comes from the ARN, else each --region is looked in). The custom model"
        " stays. Exit 0 when deleting, 3 when AWS refuses (a committed throughput before its"
        " term ends).",
    )
    undeploy.add_argument("target", metavar="NAME|ARN")
    undeploy.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")
    _try(sub, common)


def _models(sub: Any, common: argparse.ArgumentParser) -> None:
    models = sub.add_parser("models", parents=[common], help="list, show and delete custom models")
    msub = models.add_subparsers(dest="action", metavar="ACTION", required=True)
    mlist = msub.add_parser(
        "list",
        parents=[common],
        help="the custom models of each --region and what serves them",
        description="Exit 3 when no region answered (a failing region is said on stderr).",
    )
    mlist.add_argument("--json", action="store_true", help="one JSON array of models")
    mshow = msub.add_parser(
        "show",
        parents=[common],
        help="a custom model: its job, data, hyperparameters, metrics, what serves it, tags",
        description="MODEL is a name (looked for in each --region) or an ARN. Exit 3 when not"
        " found.",
    )
    mshow.add_argument("model", metavar="MODEL")
    mshow.add_argument("--json", action="store_true", help="one JSON object")
    mdelete = msub.add_parser(
        "delete",
        parents=[common],
        help="delete a custom model nothing serves",
        description="Refused (exit 1) while a deployment or Provisioned Throughput serves the"
        " model, and (exit 3) when that cannot be read. Exit 3 when AWS refuses.",
    )
    mdelete.add_argument("model", metavar="MODEL")
    mdelete.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")


def _deploy(sub: Any, common: argparse.ArgumentParser) -> None:
    deploy = sub.add_parser(
        "deploy",
        parents=[common],
        help="serve a custom model: on demand, or with Provisioned Throughput",
        description="On demand where AWS offers it (billed by the token); elsewhere"
        " --provisioned buys Provisioned Throughput (billed by the hour), its billing said"
        " first. Prints the ARN on stdout. Exit 1 when the model cannot be served that way or"
        " the name serves another model, 2 for a bad argument or a no, 3 when AWS refuses.",
    )
    deploy.add_argument("model", metavar="MODEL", help="custom model name or ARN")
    deploy.add_argument(
        "--name", metavar="NAME", help="of the deployment (default: MODEL's name + -live)"
    )
    deploy.add_argument("--description", metavar="TEXT", help="what the deployment is for")
    deploy.add_argument(
        "--tag", action="append", type=_tag, metavar="KEY=VALUE", help="a tag (repeatable)"
    )
    deploy.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")
    deploy.add_argument(
        "--wait", action="store_true", help="follow it until it serves (Ctrl+C: exit 130)"
    )
    deploy.add_argument(
        "--replace",
        action="store_true",
        help="when NAME (a deployment, or with --provisioned a throughput) serves another model,"
        " serve MODEL from it instead (same ARN)",
    )
    deploy.add_argument(
        "--provisioned", action="store_true", help="buy Provisioned Throughput for MODEL"
    )
    deploy.add_argument(
        "--units", type=_units, default=1, metavar="N", help="with --provisioned: model units"
    )
    deploy.add_argument(
        "--commitment",
        choices=("none", "1-month", "6-months"),
        default="none",
        help="with --provisioned: a term (cheaper, not cancellable); default none",
    )


def _try(sub: Any, common: argparse.ArgumentParser) -> None:
    trying = sub.add_parser(
        "try",
        parents=[common],
        help="send a prompt to a deployed custom model (and its base model)",
        description="TARGET is a custom model (its Active deployment or InService Provisioned"
        " Throughput answers) or a deployment or throughput. The answer streams to stdout,"
        " then tokens and latency on stderr. Allowed in read-only mode: nothing in the account"
        " changes. Exit 1 when the model is not deployed.",
    )
    trying.add_argument("target", metavar="MODEL|DEPLOYMENT")
    trying.add_argument("prompt", metavar="PROMPT", help='the prompt; "-" reads it from stdin')
    trying.add_argument("--system", metavar="TEXT", help="a system prompt")
    trying.add_argument(
        "--base", action="store_true", help="also ask the base model, to compare the answers"
    )
    trying.add_argument(
        "--max-tokens", type=_units, metavar="N", help="the longest answer, in tokens"
    )
    trying.add_argument("--json", action="store_true", help="the replies as one JSON object")


def run(args: argparse.Namespace) -> int:
    """Run one of ``COMMANDS``."""
    if args.command == "models":
        from ftui.cli.models import run_models

        return run_models(args)
    if args.command == "deploy":
        from ftui.cli.deploy import run_deploy

        return run_deploy(args)
    if args.command == "deployments":
        from ftui.cli.deployments import run_deployments

        return run_deployments(args)
    if args.command == "undeploy":
        from ftui.cli.deployments import run_undeploy

        return run_undeploy(args)
    from ftui.cli.trying import run_try

    return run_try(args)
