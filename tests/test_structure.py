"""Architecture rules: the core never imports streamlit; maze/basics pages never load torch."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "playground"
TORCH_FREE_PAGES = [
    "app_pages/home.py",
    "app_pages/basics.py",
    "app_pages/concepts.py",
    "app_pages/maze_policy.py",
    "app_pages/maze_td.py",
    "app_pages/dp.py",
    "app_pages/grid_editor.py",
    "app_pages/lab.py",  # until a DQN or REINFORCE experiment is built
]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", sorted(CORE.rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_core_module_does_not_import_streamlit_or_webui(path: Path) -> None:
    assert not imported_modules(path) & {"streamlit", "webui"}


def run_python(code: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def torch_modules() -> set[str]:
    """Core modules that import torch themselves (the deep agents and their helpers)."""
    found = set()
    for path in CORE.rglob("*.py"):
        if "torch" in imported_modules(path):
            found.add(".".join(path.relative_to(ROOT).with_suffix("").parts))
    return found


def test_importing_the_whole_core_loads_neither_streamlit_nor_torch() -> None:
    # Every core module except those that use torch themselves; none may drag torch in.
    code = f"""
import importlib, json, pkgutil, sys
import playground
skip = {sorted(torch_modules())!r}
for m in pkgutil.walk_packages(playground.__path__, "playground."):
    if m.name not in skip:
        importlib.import_module(m.name)
print(json.dumps({{"streamlit": "streamlit" in sys.modules, "torch": "torch" in sys.modules}}))
"""
    loaded = run_python(code)
    assert loaded == {"streamlit": False, "torch": False}


@pytest.mark.parametrize("page", TORCH_FREE_PAGES)
def test_page_runs_without_importing_torch(page: str) -> None:
    if not (ROOT / page).exists():
        pytest.skip(f"{page} does not exist yet")
    code = f"""
import json, sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file("streamlit_app.py", default_timeout=120)
at.run()
if {page!r} != "app_pages/home.py":
    at.switch_page({page!r})
    at.run()
print(json.dumps({{"exceptions": [str(e.value) for e in at.exception], "torch": "torch" in sys.modules}}))
"""
    result = run_python(code)
    assert result == {"exceptions": [], "torch": False}
