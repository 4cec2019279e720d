"""What following a training job's metrics costs: bytes and time a poll, and drawing the chart.

    python bench/metrics.py                 # a job growing to 100,000 logged steps
    python bench/metrics.py --steps 1000000

The emulator runs in this process; a metrics file grows in its S3 by ``--per-poll`` rows between
reads, as a job logging a step a second does between two polls of ten seconds. Printed:

- the first read of the whole file (time, bytes), then the median and worst incremental read
  (time, bytes received), against reading and parsing the whole file at every poll as a naive
  reader would;
- a 304 read (nothing new): time;
- the memory the rows take (typed arrays), and drawing the curve at 80x24 and 120x40 (the
  curve built, ``downsample``-d and rendered by plotext), median of ten.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import statistics
import time
from typing import Any

import boto3

from ftui.core.aws.session import AwsSession, AwsTarget
from ftui.core.metrics import MetricsReader, metrics_files, parse_rows
from ftui.sim.clock import ManualClock
from ftui.sim.server import SimServer

BUCKET = "bench-metrics"
JOB = {
    "jobArn": "arn:aws:bedrock:us-east-1:123456789012:model-customization-job/bench",
    "outputDataConfig": {"s3Uri": f"s3://{BUCKET}/out/"},
}
HEADER = "step_number,epoch_number,training_loss,perplexity\n"


def rows(start: int, end: int) -> str:
    out = []
    for step in range(start, end):
        loss = 0.4 + 2.0 * math.exp(-step / 20000) + 0.03 * math.sin(step)
        out.append(f"{step},{step // 25000},{loss:.6f},{math.exp(loss):.6f}\n")
    return "".join(out)


class Counting:
    """Bytes of GetObject bodies received, from botocore's events."""

    def __init__(self, client: Any) -> None:
        self.bytes = 0
        client.meta.events.register("after-call.s3.GetObject", self._seen)

    def _seen(self, http_response: Any, **_: Any) -> None:
        self.bytes += int(http_response.headers.get("Content-Length") or 0)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=100_000)
    parser.add_argument("--per-poll", type=int, default=10)
    parser.add_argument("--polls", type=int, default=50)
    args = parser.parse_args()
    with SimServer(clock=ManualClock()) as sim:
        os.environ.update(sim.environment())
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket=BUCKET)
        files = metrics_files(JOB)
        assert files is not None
        text = HEADER + rows(0, args.steps)
        s3.put_object(Bucket=BUCKET, Key=files.training_key, Body=text.encode())
        session = AwsSession(AwsTarget(region="us-east-1", endpoint_url=sim.endpoint_url))
        reader = MetricsReader(session, "us-east-1", files)
        counting = Counting(session.client("s3", "us-east-1"))
        started = time.perf_counter()
        reader.read()
        first = time.perf_counter() - started
        print(f"file: {args.steps:,} rows, {len(text) / 1e6:.1f} MB")
        print(f"first read: {ms(first)}, {counting.bytes / 1e6:.1f} MB")

        times, sizes, whole = [], [], []
        step = args.steps
        for _ in range(args.polls):
            text += rows(step, step + args.per_poll)
            step += args.per_poll
            s3.put_object(Bucket=BUCKET, Key=files.training_key, Body=text.encode())
            before = counting.bytes
            started = time.perf_counter()
            reader.read()
            times.append(time.perf_counter() - started)
            sizes.append(counting.bytes - before)
            started = time.perf_counter()
            body = s3.get_object(Bucket=BUCKET, Key=files.training_key)["Body"].read()
            assert len(parse_rows(body.decode().splitlines())) == step
            whole.append(time.perf_counter() - started)
        assert len(reader.metrics.training) == step
        print(
            f"incremental read ({args.per_poll} new rows): median {ms(statistics.median(times))},"
            f" worst {ms(max(times))}, {statistics.median(sizes):,.0f} bytes received"
        )
        print(
            f"whole file read and parsed every poll instead: median {ms(statistics.median(whole))},"
            f" {len(text):,} bytes"
        )
        started = time.perf_counter()
        reader.read()
        print(f"nothing new (304): {ms(time.perf_counter() - started)}")
        series = reader.metrics.training
        arrays = (series.steps, series.epochs, series.losses, series.perplexities)
        held = sum(a.itemsize * len(a) for a in arrays)
        print(f"rows held: {held / 1e6:.1f} MB for {len(series):,} rows")
        asyncio.run(draw(reader))


async def draw(reader: MetricsReader) -> None:
    from textual.app import App, ComposeResult

    from ftui.core.metrics.curves import curves_of
    from ftui.tui.widgets.loss_chart import Drawn, LossChart

    class ChartApp(App[None]):
        def compose(self) -> ComposeResult:
            yield LossChart()

    for size in ((80, 24), (120, 40)):
        app = ChartApp()
        async with app.run_test(size=size) as pilot:
            chart = app.query_one(LossChart)
            times = []
            for _ in range(10):
                started = time.perf_counter()
                curves = curves_of(reader.metrics)
                chart.draw([Drawn(c, i) for i, c in enumerate(curves)], title="t", x_label="s")
                chart.render()
                times.append(time.perf_counter() - started)
                await pilot.pause()
            print(f"chart {size[0]}x{size[1]}: median {ms(statistics.median(times))}")


if __name__ == "__main__":
    main()
