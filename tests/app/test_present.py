"""Presenter view through AppTest: pinned settings, bad ``show`` keys, the link, the
Step button, chart text sizes, and a PNG download on every chart of every page."""

from __future__ import annotations

import json

import pytest

from tests.app.helpers import button, open_page, plotly_specs, texts
from webui import nav
from webui.charts.options import PRESENT_MIN_FONT
from webui.i18n import TEXT

EN = TEXT["en"]
PAGES = [f"app_pages/{entry.name}.py" for entry in nav.ENTRIES]
TRAINING = {"maze_policy", "maze_td", "cartpole_q", "cartpole_dqn", "cartpole_reinforce"}


def options(at) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("echarts_chart")]


def text_sizes(option: dict) -> list[tuple[str, float]]:
    """Sizes of the text an option draws (ECharts' 12 px where it sets none)."""

    def each(part):
        return part if isinstance(part, list) else [part] if isinstance(part, dict) else []

    sizes = [("textStyle", (option.get("textStyle") or {}).get("fontSize", 12))]
    for key in ("xAxis", "yAxis"):
        for axis in each(option.get(key)):
            sizes.append((key, (axis.get("axisLabel") or {}).get("fontSize", 12)))
            if axis.get("name"):
                sizes.append((key + ".name", (axis.get("nameTextStyle") or {}).get("fontSize", 12)))
    for legend in each(option.get("legend")):
        sizes.append(("legend", (legend.get("textStyle") or {}).get("fontSize", 12)))
    for series in each(option.get("series")):
        if (series.get("label") or {}).get("show"):
            sizes.append(("series.label", series["label"].get("fontSize", 12)))
    return sizes


def trained(page: str, **query: str):
    at = open_page(page, query=query)
    if any(b.label == EN["common.train"] for b in at.button):
        button(at, EN["common.train"]).click().run()  # one chunk: the charts are drawn
    return at


@pytest.mark.parametrize("page", PAGES)
def test_every_chart_offers_a_png(page) -> None:
    """Every ECharts chart has a "save as PNG" button; every plotly chart a PNG camera."""
    at = trained(page)
    for option in options(at):
        save = option["toolbox"]["feature"]["saveAsImage"]
        assert save["type"] == "png" and save["name"], option.get("title")
    for el in at.get("plotly_chart"):
        config = json.loads(el.proto.config)
        assert config["toImageButtonOptions"]["format"] == "png"


@pytest.mark.parametrize("page", sorted(f"app_pages/{name}.py" for name in TRAINING))
def test_presenter_charts_have_projector_sized_text(page) -> None:
    normal = trained(page)
    big = trained(page, present="1")
    assert len(options(big)) == len(options(normal)) > 0
    for after in options(big):
        small = [s for s in text_sizes(after) if s[1] < PRESENT_MIN_FONT]
        assert not small, (after.get("title"), small)
    assert plotly_specs(big) == [] or all(
        spec["layout"]["font"]["size"] >= PRESENT_MIN_FONT for spec in plotly_specs(big)
    )


def test_pinned_settings_leave_the_sidebar_and_stay_in_the_link() -> None:
    at = open_page("app_pages/cartpole_q.py", query={"present": "1", "show": "eta,epsilon"})
    main_keys = {w.key for w in at.main.get("slider")}
    side_keys = {w.key for w in at.sidebar.get("slider")}
    assert {"_w.cpq.eta", "_w.cpq.epsilon"} <= main_keys
    assert not {"_w.cpq.eta", "_w.cpq.epsilon"} & side_keys
    assert "_w.cpq.gamma" in side_keys  # not pinned: still in the (folded) sidebar
    # A pinned slider still changes the setting.
    at.main.slider(key="_w.cpq.eta").set_value(0.25).run()
    assert at.session_state["cpq.eta"] == 0.25
    link = {k: at.query_params[k] for k in ("present", "show", "eta")}
    assert link == {"present": "1", "show": "eta,epsilon", "eta": "0.25"}
    # The speed select is not shown unless pinned; Step is there, with the keys' legend.
    assert "_w.cpq.speed" not in {w.key for w in at.get("selectbox")}
    assert button(at, TEXT["en"]["present.step"])
    assert "Keys:" in texts(at)


def test_bad_show_keys_give_a_short_notice() -> None:
    at = open_page(
        "app_pages/maze_td.py", query={"present": "1", "show": "eta,nope,<b>x</b>" + ",z" * 50}
    )
    warnings = " ".join(w.value for w in at.warning)
    assert "nope" in warnings and "`<b>x</b>`" in warnings
    assert "eta" not in warnings.split(".")[0]  # eta is a setting of this page: pinned
    assert "_w.td.eta" in {w.key for w in at.main.get("select_slider")} | {
        w.key for w in at.main.get("slider")
    }


def test_step_button_takes_one_step_and_the_switch_turns_it_off() -> None:
    at = open_page("app_pages/cartpole_q.py", query={"present": "1"})
    button(at, TEXT["en"]["present.step"]).click().run()
    assert at.session_state["live.cpq"].done == 1
    at.sidebar.toggle(key="_w.present").set_value(False).run()
    assert "present" not in at.query_params
    assert TEXT["en"]["present.step"] not in [b.label for b in at.button]
    assert TEXT["en"]["cartpole_q.intro"].split("**")[0][:30] in texts(at)


def test_the_lab_folds_its_form_into_the_sidebar() -> None:
    """In presenter view the Lab's experiment form is in the (folded) sidebar; a pinned
    setting is beside Run in the main area, an unknown key gets a notice; outside
    presenter view the form is in the main area."""
    at = open_page("app_pages/lab.py", query={"present": "1", "show": "episodes,nope"})
    assert "nope" in " ".join(w.value for w in at.warning)
    assert "_w.lab.env" in {w.key for w in at.sidebar.get("selectbox")}
    assert "_w.lab.env" not in {w.key for w in at.main.get("selectbox")}
    assert {w.key for w in at.main.get("number_input")} == {"_w.lab.episodes"}
    assert "_w.lab.episodes" not in {w.key for w in at.sidebar.get("number_input")}
    assert button(at, EN["lab.run"])
    normal = open_page("app_pages/lab.py")
    assert "_w.lab.env" in {w.key for w in normal.main.get("selectbox")}


def test_dp_pins_come_above_its_step_buttons() -> None:
    """A page without a live run draws its pins above its own buttons, not at its end."""
    at = open_page("app_pages/dp.py", query={"present": "1", "show": "gamma"})
    order = [getattr(el, "key", None) or getattr(el, "label", None) for el in at.main if el.type]
    assert "_w.dp.gamma" not in {w.key for w in at.sidebar.get("slider")}
    assert order.index("_w.dp.gamma") < order.index("dp.step") < order.index("dp.reset")
