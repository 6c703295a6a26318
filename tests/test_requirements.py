"""The install scheme: a host installing requirements.txt gets torch's CPU build.

PyPI's Linux torch wheel depends on CUDA's libraries (gigabytes); requirements.txt names
PyTorch's CPU index and pins the CPU build on Linux (README, Hosting). The first test
reads the files; the second asks pip what ``./dev`` would install (``./dev resolve``: a
dry run, nothing installed) and checks that torch is the CPU wheel and nothing of CUDA
comes with it. (A machine with a local wheel house in its pip configuration, like the
development machine, finds the same CPU wheel there.)
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parents[1]
CPU_INDEX = "https://download.pytorch.org/whl/cpu"


def _lines(name: str) -> list[str]:
    text = (ROOT / name).read_text()
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def _torch_for(platform: str) -> list[str]:
    """The torch pins of requirements.txt that apply on ``platform`` (sys.platform)."""
    pins = [Requirement(line) for line in _lines("requirements.txt") if line.startswith("torch")]
    return [
        str(r.specifier)
        for r in pins
        if r.marker is None or r.marker.evaluate({"sys_platform": platform})
    ]


def test_requirements_name_the_cpu_index_and_pin_the_cpu_build_on_linux_only() -> None:
    assert f"--extra-index-url {CPU_INDEX}" in _lines("requirements.txt")
    assert _torch_for("linux") == ["==2.13.0+cpu"]
    # macOS and Windows: PyPI's wheel is the CPU build and has no "+cpu" twin.
    assert _torch_for("darwin") == ["==2.13.0"]
    assert _torch_for("win32") == ["==2.13.0"]
    # The package's own metadata (pip install -e .) accepts the CPU build.
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    (torch,) = [
        Requirement(d) for d in pyproject["project"]["dependencies"] if d.startswith("torch")
    ]
    assert "2.13.0+cpu" in SpecifierSet(str(torch.specifier))
    # uv (which hosts may use) picks the best version across both indexes, as pip does.
    assert pyproject["tool"]["uv"]["index-strategy"] == "unsafe-best-match"
    # The dev and Ray requirements install on top of requirements.txt, never torch again.
    for name in ("requirements-dev.txt", "requirements-ray.txt"):
        assert "-r requirements.txt" in _lines(name)
        assert not [line for line in _lines(name) if line.startswith("torch")]


@pytest.mark.skipif(sys.platform != "linux", reason="the CPU build is pinned on Linux only")
def test_dev_resolves_torch_to_the_cpu_wheel_and_no_cuda_library() -> None:
    done = subprocess.run(
        ["./dev", "resolve"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]
    resolved = dict(line.split("==", 1) for line in done.stdout.split())
    assert resolved["torch"] == "2.13.0+cpu"
    assert {"streamlit", "numpy", "gymnasium", "scipy"} <= set(resolved)
    cuda = [name for name in resolved if name.startswith(("nvidia-", "triton", "cuda-"))]
    assert cuda == []
