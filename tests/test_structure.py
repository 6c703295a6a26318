"""Architecture rules: the core never imports streamlit or chart code; maze/basics pages never
load torch."""

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
    assert not imported_modules(path) & {"streamlit", "webui", "plotly"}


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
    # The last JSON line: a pool worker still starting when the interpreter exits (the Lab
    # warms its pool on open) may print its failed start after it.
    return json.loads([line for line in out.stdout.splitlines() if line.startswith(("{", "["))][-1])


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


@pytest.fixture(scope="module")
def torch_free_runs() -> dict:
    """Each torch-free page run in a fresh AppTest session (the router's first run, then
    the page), all in one fresh interpreter, one after the other: for each page, its
    exceptions and whether torch was loaded before and after it ran. Modules only
    accumulate, so torch still absent after a page means that page (and every one before
    it) did not import it; one interpreter spares a Streamlit import per page."""
    code = f"""
import json, sys
from streamlit.testing.v1 import AppTest
runs = {{}}
for page in {TORCH_FREE_PAGES!r}:
    before = "torch" in sys.modules
    at = AppTest.from_file("streamlit_app.py", default_timeout=120)
    at.run()
    if page != "app_pages/home.py":
        at.switch_page(page)
        at.run()
    runs[page] = {{"exceptions": [str(e.value) for e in at.exception],
                  "torch_before": before, "torch": "torch" in sys.modules}}
print(json.dumps(runs))
"""
    return run_python(code)


@pytest.mark.parametrize("page", TORCH_FREE_PAGES)
def test_page_runs_without_importing_torch(page: str, torch_free_runs: dict) -> None:
    assert (ROOT / page).is_file(), f"{page} is listed as torch-free but does not exist"
    result = torch_free_runs[page]
    assert not result["torch_before"], "a page run before this one loaded torch"
    assert result == {"exceptions": [], "torch_before": False, "torch": False}


CORE_MODULES = sorted(
    ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
    for path in CORE.rglob("*.py")
)
UI_ONLY = ("streamlit", "plotly", "webui", "pyecharts", "streamlit_echarts")
"""Top-level packages the core must never load: Streamlit, the chart libraries and the
UI side's chart builders (``webui.charts``)."""


def first_ui_import(modules: list[str]) -> dict:
    """Import ``modules`` in turn in one fresh interpreter; the first after whose import
    any UI or chart code (:data:`UI_ONLY`) is loaded, and what was loaded. Nothing was
    loaded before that import, so the module pulled it in, directly or through the
    modules it imports."""
    code = f"""
import importlib, json, sys
ui = {UI_ONLY!r}
for module in {modules!r}:
    importlib.import_module(module)
    loaded = sorted({{m.split(".")[0] for m in sys.modules if m.split(".")[0] in ui}})
    if loaded:
        break
else:
    module, loaded = None, []
print(json.dumps({{"module": module, "loaded": loaded}}))
"""
    return run_python(code)


def test_no_core_module_loads_ui_or_chart_code() -> None:
    assert first_ui_import(CORE_MODULES) == {"module": None, "loaded": []}


def test_the_core_import_test_sees_chart_code() -> None:
    # The check above would pass vacuously if the probe could not see these modules.
    modules = [CORE_MODULES[0], "webui.charts.common", CORE_MODULES[-1]]
    assert first_ui_import(modules) == {
        "module": "webui.charts.common",
        "loaded": ["plotly", "streamlit", "webui"],
    }


def download_buttons(path: Path) -> list[ast.Call]:
    """The ``download_button(...)`` calls in a file (``st.download_button`` or any
    container's)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "download_button"
    ]


UI_FILES = sorted([*(ROOT / "app_pages").rglob("*.py"), *(ROOT / "webui").rglob("*.py")])


def test_every_download_button_ignores_its_click() -> None:
    # A click on a download button whose data is a callable asks the server for the file;
    # with on_click="rerun" (Streamlit's default) it also reruns the page, and that run's
    # start clears the messages not yet sent, the file's URL among them when the two cross:
    # the button spins and nothing downloads (docs/ARCHITECTURE.md, Rules).
    calls = {path: download_buttons(path) for path in UI_FILES}
    assert sum(map(len, calls.values())) >= 4  # the probe sees the app's download buttons
    rerunning = [
        f"{path.relative_to(ROOT)}:{call.lineno}"
        for path, found in calls.items()
        for call in found
        if not any(
            k.arg == "on_click" and isinstance(k.value, ast.Constant) and k.value.value == "ignore"
            for k in call.keywords
        )
    ]
    assert rerunning == []
