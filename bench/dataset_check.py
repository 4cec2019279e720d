"""How fast the dataset checker reads a large training file, JSON parsing and every rule included.

    python bench/dataset_check.py              # 300 MB of Bedrock conversation JSONL
    python bench/dataset_check.py --mb 500

The file is written to a temporary folder first (not timed): conversations of one to three
exchanges with a system prompt, 100 to 1,500 characters a turn, as a support transcript export
looks. Then ``check_file`` reads it for Nova Lite fine-tuning, three times; printed are MB/s
(the best and the median of the three, by the wall clock and by CPU time), records a second,
and the process's peak RSS, which must not grow with the file.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

MODEL = "amazon.nova-lite-v1:0:300k"
# Support-chat vocabulary; "note:" puts a colon in most turns, where reserved words are looked for.
VOCABULARY = (
    "the order account invoice password reset shipping tracking refund plan billing card"
    " declined settings security team invite export customer support ticket please thanks"
    " update delivery address warehouse return label subscription renewal discount note: step"
)
WORDS = VOCABULARY.split()
POOL = 4000  # distinct records, repeated in random order up to the size asked


def sentence(rng: random.Random, chars: int) -> str:
    words: list[str] = []
    length = 0
    while length < chars:
        word = rng.choice(WORDS)
        words.append(word)
        length += len(word) + 1
    return " ".join(words).capitalize() + "."


def record(rng: random.Random) -> bytes:
    turns = []
    for _ in range(rng.randint(1, 3)):
        turns.append({"role": "user", "content": [{"text": sentence(rng, rng.randint(100, 600))}]})
        answer = sentence(rng, rng.randint(200, 1500))
        turns.append({"role": "assistant", "content": [{"text": answer}]})
    line = {
        "schemaVersion": "bedrock-conversation-2024",
        "system": [{"text": "You are a concise, friendly support agent for an online shop."}],
        "messages": turns,
    }
    return json.dumps(line).encode() + b"\n"


def write(path: Path, megabytes: int) -> int:
    rng = random.Random(7)
    pool = [record(rng) for _ in range(POOL)]
    target = megabytes * 1_000_000
    size = 0
    with path.open("wb") as out:
        while size < target:
            batch = b"".join(rng.choices(pool, k=1000))
            out.write(batch)
            size += len(batch)
    return size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=300, help="size of the file in MB (300)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from ftui.core.dataset import check_file

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "train.jsonl"
        started = time.perf_counter()
        size = write(path, args.mb)
        print(f"wrote {size / 1e6:,.0f} MB in {time.perf_counter() - started:.1f} s")
        rates, cpu_rates = [], []
        for _ in range(args.runs):
            started, cpu = time.perf_counter(), time.process_time()
            report = check_file(path, model_id=MODEL, customization_type="FINE_TUNING")
            seconds = time.perf_counter() - started
            cpu = time.process_time() - cpu
            rates.append(size / 1e6 / seconds)
            cpu_rates.append(size / 1e6 / cpu)
            print(
                f"  {seconds:.2f} s ({cpu:.2f} s CPU): {rates[-1]:,.0f} MB/s"
                f" ({cpu_rates[-1]:,.0f} a CPU second), {report.records / seconds:,.0f}"
                f" records/s; {report.summary()}"
            )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # On a shared machine the wall clock counts other processes' turns; CPU time does not.
    print(
        f"best {max(rates):,.0f} MB/s, median {statistics.median(rates):,.0f} MB/s"
        f" (a CPU second: median {statistics.median(cpu_rates):,.0f} MB);"
        f" peak RSS {peak:,.0f} MB"
    )


if __name__ == "__main__":
    main()
