"""What validation finds in the demo's data files, worked out once and shipped with ftui.

Making the demo's job history validates its data files thirty times over (each job reads its
data through ``ftui data check``'s checker, as Bedrock would): ~0.1 s of the emulator's
start, before the monitor can show a job. The files and the rules are the same at every
start, so the verdicts are too: they are read from ``verdicts.json`` beside this module.

A verdict is found by the file's ETag (its content's MD5), its URI and the rules' repr: data
or rules changed since the file was written are checked again, never answered from it.
``tests/sim/test_seeding_verdicts.py`` fails when the file is out of date; then run
``python -m ftui.sim.seeding.verdicts`` to write it again.
"""

from __future__ import annotations

import json
from pathlib import Path

SHIPPED = Path(__file__).with_name("verdicts.json")


def shipped() -> dict[str, int | str]:
    """The verdicts shipped with ftui; none if the file cannot be read."""
    try:
        found = json.loads(SHIPPED.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(found, dict):
        return {}
    return {str(k): v for k, v in found.items() if isinstance(v, int | str)}


def worked_out() -> dict[str, int | str]:
    """The verdicts as the demo's job history finds them now (seeds an account: ~2 s)."""
    from ftui.sim.server import SimServer
    from ftui.sim.world import seed_first

    with SimServer(speed=60) as sim:
        seed_first(sim)
        return dict(sorted(sim.bedrock.verdicts.items()))


def main() -> None:
    text = json.dumps(worked_out(), indent=1, ensure_ascii=False)
    SHIPPED.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {SHIPPED}")


if __name__ == "__main__":  # pragma: no cover - a maintainer's command
    main()
