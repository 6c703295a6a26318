"""Read the charts a page shows, in the browser: plotly charts and live (ECharts) charts.

``read_charts(page)`` returns, in page order, ``{"title", "kind", "data": [{"name", "y",
"z", "text"}]}`` per chart. A plotly chart is read from its div (``_fullData``: binary
arrays decoded); a live chart is an ECharts canvas, so its option is read from the
element's React props (``element.spec``, the JSON Streamlit handed it, found in the
committed fiber tree: the fiber a DOM node points to may be a stale alternate), and line
series
give back their y values (the last number of each point, so log charts give y, not
log10 y), heatmaps their z table and cell texts.
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
    const xAxes = [].concat(option.xAxis || []);
    const yAxes = [].concat(option.yAxis || []);
    const series = (option.series || []).filter((s) => !s.markLine);
    const heat = series.filter((s) => s.type === 'heatmap');
    const data = series.filter((s) => s.type !== 'heatmap').map((s) => {
      // A bar is its value, or [category, value, text] when it has a label.
      const y = s.type === 'bar' ? s.data.map((p) => (Array.isArray(p) ? p[1] : p))
                                 : s.data.map((p) => p[p.length - 1]);
      return {name: s.name, y, z: null, text: null};
    });
    if (heat.length) {  // cells are split over series by ink colour: one table again
      const z = yAxes[0].data.map(() => xAxes[0].data.map(() => null));
      const text = yAxes[0].data.map(() => xAxes[0].data.map(() => null));
      for (const s of heat) {
        for (const item of s.data) {
          const [c, r, v, t] = Array.isArray(item) ? item : item.value;
          z[r][c] = v === '-' ? null : v;
          text[r][c] = t;
        }
      }
      data.unshift({name: heat[0].name, y: null, z, text: JSON.stringify(text)});
    }
    return {kind: 'echarts', title: strip(titles[0].text), data};
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


def charts_by_title(page: Any) -> dict[str, list[dict[str, Any]]]:
    """``{title: data}`` of :func:`read_charts` (a later chart of the same title wins)."""
    return {chart["title"]: chart["data"] for chart in read_charts(page)}


def wait_for_chart(page: Any, title_part: str, timeout_ms: int = 30_000) -> None:
    """Wait until a chart whose title contains ``title_part`` is drawn."""
    page.wait_for_function(
        f"(t) => ({READ_CHARTS_JS})().some((c) => c.title.includes(t))",
        arg=title_part,
        timeout=timeout_ms,
    )
