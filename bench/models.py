"""What reading the custom models screen costs: one region's models with what serves each.

    python bench/models.py                  # 50 and 200 models, 50 ms a call
    python bench/models.py --models 500 --latency 0

The emulator runs in this process with ``--models`` custom models (finished jobs' models, made
without running the jobs) and a deployment for every tenth. Printed for each size, the median
of ``--runs``: the lists alone (ListCustomModels, the deployments and throughputs: what the
screen shows first), then ``inventory()`` with details as ``ftui models list`` reads it (also
GetCustomModel and the tags of each model, ``AT_ONCE`` at a time), against the same reads one
at a time, and the calls it made.
Each Bedrock answer is held back ``--latency`` ms (the emulator's ``slow`` fault), as the
network holds back AWS's: in-process, without it, the emulator's own work is all there is to
measure, and threads only share one interpreter.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from datetime import UTC, datetime

import boto3
from history import history

from ftui.core.aws.errors import Ok
from ftui.core.aws.session import AwsSession, AwsTarget
from ftui.core.custom_models import inventory as inventory_module
from ftui.sim.bedrock.model import CustomModel
from ftui.sim.clock import ManualClock
from ftui.sim.faults import parse_fault
from ftui.sim.server import SimServer

REGION = "us-east-1"


def add_models(sim: SimServer, count: int) -> list[str]:
    """``count`` custom models in the region; their ARNs."""
    state = sim.bedrock.region(REGION)
    arns = []
    for index, job in enumerate(history(count * 2, REGION, end=datetime.now(UTC))):
        if len(arns) == count:
            break
        arn = f"arn:aws:bedrock:{REGION}:123456789012:custom-model/{job.base_model_id}/{index:012d}"
        state.models[f"bench-model-{index:05d}"] = CustomModel(
            arn=arn,
            name=f"bench-model-{index:05d}",
            job=job,
            created=job.created,
            base_model_arn=job.base_model_arn,
            base_model_name=job.base_model_id.split(":", 1)[0],
        )
        arns.append(arn)
    return arns


def timed(
    session: AwsSession, at_once: int, runs: int, *, details: bool = True
) -> tuple[float, int]:
    """Median seconds of ``inventory()`` with ``at_once`` reads in flight, and its rows."""
    inventory_module.AT_ONCE = at_once
    times, rows = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        found = inventory_module.inventory(session, REGION, details=details)
        times.append(time.perf_counter() - started)
        assert isinstance(found, Ok), found
        rows = len(found.value.rows)
    return statistics.median(times), rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, action="append")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--latency", type=int, default=50, metavar="MS")
    args = parser.parse_args()
    default_at_once = inventory_module.AT_ONCE
    for count in args.models or [50, 200]:
        with SimServer(clock=ManualClock()) as sim:
            os.environ.update(sim.environment())
            arns = add_models(sim, count)
            client = boto3.client("bedrock", region_name=REGION)
            for index, arn in enumerate(arns[::10]):
                client.create_custom_model_deployment(
                    modelDeploymentName=f"bench-live-{index}", modelArn=arn
                )
            if args.latency:
                sim.faults.add([parse_fault(f"slow={args.latency}ms:bedrock")])
            target = AwsTarget(region=REGION, endpoint_url=sim.endpoint_url)
            session = AwsSession(target)
            lists, _ = timed(session, default_at_once, args.runs, details=False)
            sim.calls.clear()
            concurrent, rows = timed(session, default_at_once, args.runs)
            calls = len(sim.calls.entries()) // args.runs
            serial, _ = timed(session, 1, args.runs)
            print(
                f"{rows:>5} models: the lists {lists * 1000:5.0f} ms; with details"
                f" {concurrent * 1000:6.0f} ms ({default_at_once} at once),"
                f" {serial * 1000:6.0f} ms one at a time; {calls} calls, {args.latency} ms each"
            )


if __name__ == "__main__":
    main()
