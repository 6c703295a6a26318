"""A deflate bomb through the weights upload: how long the refusal takes and what it costs.

``tests/weights_bomb.py`` builds a file laid out as ``torch.save`` lays out its files,
whose one tensor record is ``--mib`` MiB of zeros deflated at level 9 (1 GiB is a 1 MB
file, under the 5 MB upload limit). Each try runs in a fresh process (so its peak RSS
starts from the process's own level): build a ``DQNTrainer``, then time
``load_weights(bomb)`` and read how much the peak RSS (``ru_maxrss``) grew. ``--inflate``
also times a plain ``torch.load(..., weights_only=True)`` of the same file, which is what
the loader did before it read the archive's declared sizes.

    .venv/bin/python benchmarks/weights_bomb.py [--mib 1024] [--tries 3] [--inflate]

The last line reads ``file_mb=<n> refuse_s=<median> refuse_peak_growth_mb=<max>`` (with
``inflate_s=<median> inflate_peak_growth_mb=<max>`` under ``--inflate``).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CHILD = """
import io, resource, sys, time
from pathlib import Path
import torch
from playground.agents.deep_common import WeightsError
from playground.agents.dqn import DQNConfig, DQNTrainer
trainer = DQNTrainer(DQNConfig(seed=0))
data = Path(sys.argv[1]).read_bytes()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
if sys.argv[2] == "refuse":
    try:
        trainer.load_weights(data)
    except WeightsError:
        pass
else:
    torch.load(io.BytesIO(data), map_location="cpu", weights_only=True)
seconds = time.perf_counter() - start
grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(seconds, grown / 1024)
"""


def measure(path: Path, mode: str) -> tuple[float, float]:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), mode],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, grown_mb = out.stdout.split()
    return float(seconds), float(grown_mb)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mib", type=int, default=1024, help="zeros in the bomb, MiB")
    parser.add_argument("--tries", type=int, default=3)
    parser.add_argument("--inflate", action="store_true", help="also time torch.load")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from tests.weights_bomb import bomb

    data = bomb(args.mib)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bomb.pt"
        path.write_bytes(data)
        modes = ["refuse"] + (["inflate"] if args.inflate else [])
        figures = []
        for mode in modes:
            runs = [measure(path, mode) for _ in range(args.tries)]
            for seconds, grown in runs:
                print(f"{mode}: {seconds:.4f} s, peak RSS +{grown:.0f} MB")
            median_s = statistics.median(s for s, _ in runs)
            figures.append(
                f"{mode}_s={median_s:.4f} {mode}_peak_growth_mb={max(g for _, g in runs):.0f}"
            )
    print(f"file_mb={len(data) / 1e6:.2f} " + " ".join(figures))


if __name__ == "__main__":
    main()
