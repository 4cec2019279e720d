"""How long the pre-flight checks take in the demo, and how many AWS calls they make.

    python bench/preflight.py              # 10 timed runs of each case
    python bench/preflight.py --runs 20
    python bench/preflight.py --freeze     # the fresh case too with the seeded world frozen

The emulator runs in this process with the demo world seeded, as in ``ftui --demo``; the drafts
are the demo's profiles (``seed_profiles``) whose request is valid, each in its own region, and
two broken ones made from ``nova-support-bot``: a role that trusts EC2 only, and a training file
with a line that is not JSON. Each draft is timed in two cases:

- fresh: ``run_checks`` on a new ``AwsSession`` every run, as ``ftui check`` runs once a process:
  botocore's session and its clients (service models read from disk) are made within the time.
- used: on a session that has already run the checks once, as the TUI's has (its clients are made
  when the monitor first polls). First ``gc.freeze()``, as the TUI does at start
  (``FtuiApp.settle_memory``): in ``ftui --demo`` that takes the emulator's seeded world out of
  the collector's sight; ``ftui --demo check`` does not freeze, so the fresh case does not.

Printed for each: the median and worst wall time of the runs, the time the worst run spent in
full garbage collections (the emulator shares the process and its heap, as in the demo), the AWS
calls a run makes (the emulator's call log) and the verdict.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ftui.core.aws.session import AwsSession, AwsTarget
from ftui.core.draft import Draft
from ftui.core.preflight import run_checks, verdict
from ftui.core.profiles import ProfileStore
from ftui.sim.server import SimServer
from ftui.sim.world import DATA_BUCKET, UNTRUSTED_ROLE_ARN, seed_profiles, seed_world

TARGET_MS = 1000  # "a valid draft passes all checks in under a second"
DEMO_SPEED = 60.0  # ftui --demo's default: an hour of a job a minute
OLDEST = 2  # the generation of a full collection


@dataclass(frozen=True)
class Case:
    name: str
    draft: Draft
    region: str
    valid: bool = True  # a valid draft has the target; a broken one is there to compare


@dataclass(frozen=True)
class Run:
    ms: float
    full_gc_ms: float
    operations: tuple[str, ...]  # service:Operation of every call, in the order received
    verdict: str
    failed: tuple[str, ...]


class FullCollections:
    """The time spent in full garbage collections, from any thread, since the last reset."""

    def __init__(self) -> None:
        self.ms = 0.0
        self._started = 0.0
        gc.callbacks.append(self._heard)

    def _heard(self, phase: str, info: dict[str, int]) -> None:
        if info["generation"] != OLDEST:
            return
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.ms += (time.perf_counter() - self._started) * 1000

    def reset(self) -> None:
        self.ms = 0.0


def cases(folder: Path) -> list[Case]:
    """The demo's valid profiles, then two broken drafts: its role, then its training data."""
    store = ProfileStore(folder / "profiles", trash_dir=folder / "trash")
    seed_profiles(store)
    out = []
    for entry in store.list():
        profile = entry.profile
        if profile is None or profile.region is None:
            continue
        if profile.draft.validate(region=profile.region).ok:
            out.append(Case(profile.name, profile.draft, profile.region))
        else:
            print(f"left out {profile.name}: its request is not valid", file=sys.stderr)
    base = store.load("nova-support-bot")
    assert base.region is not None
    untrusted = base.draft.copy()
    untrusted.set(("roleArn",), UNTRUSTED_ROLE_ARN)
    bad_json = base.draft.copy()
    bad_json.set(("trainingDataConfig", "s3Uri"), f"s3://{DATA_BUCKET}/broken/train-bad-json.jsonl")
    out.append(Case("broken: role trusts EC2", untrusted, base.region, valid=False))
    out.append(Case("broken: data not JSON", bad_json, base.region, valid=False))
    return out


def run_once(sim: SimServer, session: AwsSession, case: Case, collections: FullCollections) -> Run:
    sim.calls.clear()
    collections.reset()
    started = time.perf_counter()
    results = run_checks(session, case.draft, case.region)
    ms = (time.perf_counter() - started) * 1000
    failed = tuple(r.check for r in results if r.status == "fail")
    operations = tuple(f"{c['service']}:{c['operation']}" for c in sim.calls.entries())
    return Run(ms, collections.ms, operations, verdict(results), failed)


def line(case: Case, kind: str, runs: list[Run]) -> str:
    times = [r.ms for r in runs]
    worst = max(runs, key=lambda r: r.ms)
    calls = sorted({len(r.operations) for r in runs})
    verdicts = sorted({r.verdict for r in runs})
    failed = sorted({check for r in runs for check in r.failed})
    told = "/".join(verdicts) + (f" ({', '.join(failed)})" if failed else "")
    mark = "" if not case.valid else ("  ok" if worst.ms < TARGET_MS else f"  OVER {TARGET_MS} ms")
    return (
        f"{case.name:<24} {kind:<5} {statistics.median(times):>7.0f} {worst.ms:>7.0f}"
        f" {worst.full_gc_ms:>8.0f} {'-'.join(map(str, calls)):>6}  {told}{mark}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="timed runs of each case (10)")
    parser.add_argument(
        "--freeze",
        action="store_true",
        help="gc.freeze() once seeded, before the fresh case too (as if ftui --demo check did)",
    )
    args = parser.parse_args()

    folder = tempfile.TemporaryDirectory(prefix="ftui-bench-")
    sim = SimServer(speed=DEMO_SPEED).start(ready=False)
    try:
        print("seeding the demo account…", file=sys.stderr)
        seed_world(sim)
        sim.mark_ready()
        if args.freeze:
            gc.freeze()
        # As ftui --demo: the emulator is AWS through the environment, no AWS profile applies.
        os.environ.update(sim.environment())
        for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN"):
            os.environ.pop(name, None)
        drafts = cases(Path(folder.name))
        collections = FullCollections()
        fresh = {
            case.name: [
                run_once(sim, AwsSession(AwsTarget(region=case.region)), case, collections)
                for _ in range(args.runs)
            ]
            for case in drafts
        }
        gc.freeze()
        used = {}
        for case in drafts:
            session = AwsSession(AwsTarget(region=case.region))
            run_once(sim, session, case, collections)  # the run that makes the clients
            used[case.name] = [run_once(sim, session, case, collections) for _ in range(args.runs)]
    finally:
        sim.stop()
        folder.cleanup()

    print(f"{args.runs} runs each; times in ms; target: a valid draft under {TARGET_MS} ms")
    head = f"{'draft':<24} {'case':<5} {'median':>7} {'worst':>7} {'full gc':>8} {'calls':>6}"
    print(f"{head}  verdict")
    for case in drafts:
        print(line(case, "fresh", fresh[case.name]))
        print(line(case, "used", used[case.name]))
    print("\nthe AWS calls of a run:")
    for case in drafts:
        sent = Counter(used[case.name][-1].operations)
        told = ", ".join(f"{op} x{n}" if n > 1 else op for op, n in sorted(sent.items()))
        print(f"  {case.name}: {told}")


if __name__ == "__main__":
    main()
