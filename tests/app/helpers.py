"""Helpers for AppTest-based page tests (``from tests.app.helpers import ...``).

Typical use::

    at = open_page("app_pages/maze_td.py", query={"seed": "3"})
    click(at, "Train")
    option = chart(at, "Q table · Q-learning")   # the ECharts option drawn
    assert_no_exception(at)
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
from streamlit.testing.v1 import AppTest

from tests.chart_options import (  # noqa: F401  (readers the page tests import from here)
    axis_name,
    cell_texts,
    lines,
    log_y,
    main_title,
    outlined,
    reference_lines,
    series,
    table,
    values,
    xs,
    ys,
)

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "streamlit_app.py")
DEFAULT_TIMEOUT = 60.0


class _AppTest(AppTest):
    """AppTest that keeps running the router when the current page is the default (home).

    Streamlit's AppTest reruns "the page the previous run finished on" by its hash; for
    the default page of ``st.navigation`` that hash makes it run ``app_pages/home.py`` alone,
    without the router (no sidebar, no language switch). A real browser session always
    runs the router, so we ask for the default page with an empty hash instead.
    """

    _default_hash: str | None = None

    def _run(self, widget_state=None, timeout=None):  # type: ignore[override]
        if self._default_hash and self._finished_page_script_hash == self._default_hash:
            self._finished_page_script_hash = ""
        result = super()._run(widget_state, timeout)
        if self._default_hash is None and not self._page_hash:
            self._default_hash = self._finished_page_script_hash
        return result


def open_page(
    page: str | None = None,
    *,
    query: Mapping[str, str] | None = None,
    lang: str | None = None,
    state: Mapping[str, Any] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> AppTest:
    """Run the app through its router and land on ``page`` (e.g. ``"app_pages/basics.py"``).

    ``query`` plays the role of the share link's query string (read on the first run);
    ``lang`` is a shortcut for ``query["lang"]``; ``state`` seeds ``st.session_state``.
    Returns the AppTest after the page ran once.
    """
    at = _AppTest(APP, default_timeout=timeout)
    if page == "app_pages/home.py":
        page = None  # the default page: see _AppTest
    params = dict(query or {})
    if lang:
        params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    for key, value in (state or {}).items():
        at.session_state[key] = value
    if page is not None:
        at.switch_page(page)
        # Before the first run AppTest hashes the file name, but st.Page hashes its
        # url_path ("maze_policy.py" is served at "maze-policy"): use the router's.
        stem = Path(page).stem
        if stem != stem.replace("_", "-"):
            from streamlit.util import calc_hash

            at._page_hash = calc_hash(stem.replace("_", "-"))
    at.run()
    assert_no_exception(at)
    return at


def assert_no_exception(at: AppTest) -> None:
    """Fail with the exception text if the page showed any ``st.exception``."""
    if len(at.exception):
        raise AssertionError("page raised:\n" + "\n".join(str(e.value) for e in at.exception))


def _decode(node: Any) -> Any:
    """Plotly ≥ 6 sends numeric arrays as ``{"dtype": "f8", "bdata": base64, "shape": "r, c"}``;
    turn those back into (nested) lists so tests can compare numbers."""
    if isinstance(node, dict):
        if "bdata" in node and "dtype" in node:
            values = np.frombuffer(base64.b64decode(node["bdata"]), dtype=np.dtype(node["dtype"]))
            if node.get("shape"):
                values = values.reshape([int(n) for n in str(node["shape"]).split(",")])
            return values.tolist()
        return {k: _decode(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_decode(v) for v in node]
    return node


def plotly_specs(at: AppTest) -> list[dict[str, Any]]:
    """``json.loads(el.proto.spec)`` for every plotly chart on the page, in order, with
    binary-encoded arrays decoded to lists (``spec["data"][0]["y"]`` is a list of floats)."""
    return [_decode(json.loads(el.proto.spec)) for el in at.get("plotly_chart")]


def echarts_options(at: AppTest) -> dict[str, dict[str, Any]]:
    """Every ECharts chart on the page as the option it was given, by its title."""
    out = {}
    for el in at.get("echarts_chart"):
        option = json.loads(el.proto.spec)
        titles = option.get("title") or {}
        main = titles[0] if isinstance(titles, list) and titles else titles
        out[main.get("text")] = option
    return out


def pending_charts(at: AppTest) -> dict[str, int]:
    """The boxes standing where charts will be drawn (``webui.charts.pending_chart``): the
    chart's key (dots as dashes) and the box's height in pixels."""
    found: dict[str, int] = {}

    def walk(node: Any) -> None:
        for child in getattr(node, "children", {}).values():
            proto = getattr(child, "proto", None)
            name = str(getattr(proto, "id", "")).rpartition("-pending-")
            if name[1] and proto.HasField("flex_container"):
                found[name[2]] = proto.height_config.pixel_height
            walk(child)

    walk(at.main)
    return found


def chart(at: AppTest, title: str, *, prefix: bool = False) -> dict[str, Any]:
    """The ECharts option of the chart titled ``title`` (whose title starts with it, with
    ``prefix``); the first one when several have it."""
    options = [json.loads(el.proto.spec) for el in at.get("echarts_chart")]
    found = [
        option
        for option in options
        if (main_title(option).startswith(title) if prefix else main_title(option) == title)
    ]
    if not found:
        raise AssertionError(f"no chart titled {title!r}; charts: {list(map(main_title, options))}")
    return found[0]


def plotly_figure(at: AppTest, title: str) -> dict[str, Any]:
    """The plotly spec (:func:`plotly_specs`) of the chart drawn once titled ``title``."""
    for spec in plotly_specs(at):
        if (spec["layout"].get("title") or {}).get("text") == title:
            return spec
    raise AssertionError(f"no plotly chart titled {title!r}")


def picture_captions(at: AppTest) -> list[str]:
    """Captions of the pictures drawn with ``webui.media.image`` (inline PNGs), in page order;
    ``""`` for a picture without a caption."""
    out = []
    for el in at.get("html"):
        body = el.proto.body
        if 'class="pg-picture"' not in body:
            continue
        match = re.search(r"<figcaption[^>]*>(.*?)</figcaption>", body, re.S)
        out.append(html.unescape(match.group(1)) if match else "")
    return out


def players(at: AppTest) -> list[dict[str, Any]]:
    """What each frame player (``webui.playback.player``) was given, in page order: its
    ``frames`` (data URIs), ``captions``, ``fps``, ``start`` frame, ``labels``…"""
    return [
        json.loads(el.proto.json)
        for el in at.get("bidi_component")
        if el.proto.component_name == "rl_playground.frame_player"
    ]


def button(at: AppTest, label: str):
    """The first button whose label is ``label`` (or whose key is ``label``)."""
    for b in at.button:
        if b.label == label or b.key == label:
            return b
    raise AssertionError(f"no button {label!r}; buttons: {[b.label for b in at.button]}")


def click(at: AppTest, label: str) -> AppTest:
    """Click a button by label or key and run the app; fails on any exception."""
    button(at, label).click().run()
    assert_no_exception(at)
    return at


def texts(at: AppTest) -> str:
    """All visible text (markdown, titles, captions, buttons, warnings…) joined, for searches."""
    parts: list[str] = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "warning",
        "info",
        "error",
        "success",
    ):
        parts.extend(str(el.value) for el in at.get(kind))
    parts.extend(str(b.label) for b in at.button)
    return "\n".join(parts)


def train(at: AppTest, run_key: str, *, label: str = "Train", max_runs: int = 500) -> int:
    """Click Train, then rerun (one chunk per run, as in the browser) until the run stops.

    Returns the number of runs it took. ``run_key`` is the LiveRun key (``"td"``).
    """
    button(at, label).click().run()
    assert_no_exception(at)
    runs = 1
    while at.session_state[f"live.{run_key}"].status == "running":
        if runs >= max_runs:
            raise AssertionError(f"run {run_key!r} still running after {max_runs} chunks")
        at.run()
        assert_no_exception(at)
        runs += 1
    return runs
