"""Read the charts a page shows, in the browser: plotly charts and live (ECharts) charts.

``read_charts(page)`` returns, in page order, ``{"title", "kind", …}`` per chart. A live
chart is an ECharts canvas, so its option is read from the element's React props
(``element.spec``, the JSON Streamlit handed it, found in the committed fiber tree: the
fiber a DOM node points to may be a stale alternate) and returned as ``"option"``, to
read with :mod:`tests.chart_options`. A plotly chart (drawn once after a click) is read
from its div as ``"data": [{"name", "y", "z", "text"}]`` (``_fullData``: binary arrays
decoded).
"""

from __future__ import annotations

from typing import Any

ECHARTS_SPEC_JS = """(el) => {
  // A DOM node keeps the React fiber it was created with, which after updates may be the
  // stale alternate. So: climb to the root, take the committed tree (root.current), find
  // the node's fiber in it and return the nearest element props' spec (JSON text, or "").
  const key = Object.keys(el).find((k) => k.startsWith('__reactFiber$'));
  if (!key) return '';
  let top = el[key];
  while (top.return) top = top.return;
  const find = (fiber, path) => {
    for (let f = fiber; f; f = f.sibling) {
      if (f.stateNode === el) return path.concat([f]);
      if (f.child) {
        const found = find(f.child, path.concat([f]));
        if (found) return found;
      }
    }
    return null;
  };
  const path = find(top.stateNode.current, []) || [];
  for (let i = path.length - 1; i >= 0; i--) {
    const props = path[i].memoizedProps;
    if (props && props.element && props.element.spec) return props.element.spec;
  }
  return '';
}"""
"""The option a live (ECharts) chart element was last handed, as JSON text."""

READ_CHARTS_JS = """() => {
  const strip = (s) => String(s || '').replace(/<[^>]+>/g, '');
  const fromPlotly = (gd) => ({
    kind: 'plotly',
    title: strip(gd.layout && gd.layout.title && gd.layout.title.text),
    data: (gd._fullData || []).map((t) => ({
      name: t.name,
      y: t.y ? Array.from(t.y) : null,
      z: t.z ? Array.from(t.z, (row) => Array.from(row)) : null,
      text: t.text ? JSON.stringify(t.text) : null,
    })),
  });
  const spec = (el) => {
    const text = (ECHARTS_SPEC)(el);
    return text ? JSON.parse(text) : null;
  };
  const fromECharts = (el) => {
    const option = spec(el);
    if (!option) return null;
    const titles = Array.isArray(option.title) ? option.title : [option.title || {}];
    return {kind: 'echarts', title: strip(titles[0].text), option};
  };
  const els = document.querySelectorAll(
    ".js-plotly-plot, [data-testid='stEChartsChart']");
  return Array.from(els, (el) => el.matches('.js-plotly-plot') ? fromPlotly(el)
                                                            : fromECharts(el))
    .filter((c) => c !== null);
}""".replace("ECHARTS_SPEC", ECHARTS_SPEC_JS)


def read_charts(page: Any) -> list[dict[str, Any]]:
    """Every chart on the page, in order (see the module docstring)."""
    return page.evaluate(READ_CHARTS_JS)


def charts_by_title(page: Any) -> dict[str, dict[str, Any]]:
    """``{title: chart}`` of :func:`read_charts` (a later chart of the same title wins)."""
    return {chart["title"]: chart for chart in read_charts(page)}


def option_titled(page: Any, title: str) -> dict[str, Any]:
    """The ECharts option of the live chart titled ``title``."""
    chart = charts_by_title(page)[title]
    assert chart["kind"] == "echarts", f"{title!r} is a {chart['kind']} chart"
    return chart["option"]


def wait_for_chart(page: Any, title_part: str, timeout_ms: int = 30_000) -> None:
    """Wait until a chart whose title contains ``title_part`` is drawn."""
    page.wait_for_function(
        f"(t) => ({READ_CHARTS_JS})().some((c) => c.title.includes(t))",
        arg=title_part,
        timeout=timeout_ms,
    )
