"""The "Returns and discounting" page: G_t term by term, normalisation, Huber versus square."""

from __future__ import annotations

import numpy as np

from tests.app.helpers import click, echarts_options, open_page, reference_lines, xs, ys
from webui.i18n import TEXT

EN, ZH = TEXT["en"], TEXT["zh"]
PAGE = "app_pages/concepts.py"


def charts(at) -> dict[str, dict]:
    return echarts_options(at)


def values(at, title: str, index: int = 0) -> list:
    """The values of the ``index``-th series of the chart titled ``title``."""
    return ys(charts(at)[title]["series"][index])


def test_returns_term_by_term_follow_gamma_and_t() -> None:
    at = open_page(PAGE, query={"rewards": "0,0,0,1", "gamma": "0.5"})
    terms = EN["concepts.terms_title"].format(t=0)
    assert values(at, terms, 0) == [0, 0, 0, 1] and values(at, terms, 1) == [0, 0, 0, 0.125]
    g = values(at, EN["concepts.all_title"])
    assert g == [0.125, 0.25, 0.5, 1.0]  # hand computed: 0.5^(3-t)
    norm = values(at, EN["concepts.norm_title"])
    assert abs(np.mean(norm)) < 1e-9 and abs(np.std(norm) - 1) < 1e-6
    next(s for s in at.slider if s.label == EN["concepts.t"]).set_value(2).run()
    assert values(at, EN["concepts.terms_title"].format(t=2), 1) == [0, 0.5]
    assert at.metric[0].value == "0.5"
    next(s for s in at.slider if s.label == EN["concepts.gamma"]).set_value(1.0).run()
    assert values(at, EN["concepts.all_title"]) == [1, 1, 1, 1]
    assert EN["concepts.norm_constant"] in [c.value for c in at.caption]


def test_presets_bad_input_and_language() -> None:
    at = open_page(PAGE, lang="zh")
    assert at.title[0].value == ZH["concepts.title"]
    click(at, ZH["concepts.preset_cartpole"])
    assert at.session_state["concepts.rewards"] == ",".join(["1"] * 20)
    assert len(values(at, ZH["concepts.all_title"])) == 20
    at.text_input[0].set_value("1, 2, oops").run()
    assert ZH["concepts.why_number"].format(item="`oops`") in at.warning[0].value
    option = charts(at)[ZH["concepts.all_title"]]
    assert xs(option, option["series"][0]) == ["0", "1", "2", "3"]
    at.text_input[0].set_value(",".join(["1"] * 60)).run()
    assert ZH["concepts.why_too_many"].format(n=50) in at.warning[0].value
    # 1e308 twice would overflow to inf in G_t: refused with the bound, the fallback shown
    at.text_input[0].set_value("1e308, 1e308").run()
    assert ZH["concepts.why_too_large"].format(item="`1e308`", limit="1e+06") in at.warning[0].value
    g = values(at, ZH["concepts.all_title"])
    assert g and all(np.isfinite(g))
    assert not at.exception


def test_huber_versus_square_and_threshold() -> None:
    at = open_page(PAGE, query={"threshold": "2.0"})
    loss = charts(at)[EN["concepts.loss_chart"]]
    square, huber = (np.asarray(ys(s)) for s in loss["series"][:2])
    delta = np.asarray(xs(loss, loss["series"][0]))
    assert np.allclose(square, 0.5 * delta**2)
    assert huber[-1] == 4.0 - 1.0  # |δ| − κ/2 at δ = 4, κ = 2
    grad = np.asarray(values(at, EN["concepts.grad_chart"], 1))
    assert np.abs(grad).max() <= 1.0 + 1e-9
    assert reference_lines(loss, "x") == [-2.0, 2.0]
    next(s for s in at.slider if s.label.startswith(EN["concepts.threshold"])).set_value(1.0).run()
    huber_1 = np.asarray(values(at, EN["concepts.loss_chart"], 1))
    assert huber_1[-1] == 3.5 and not np.allclose(huber_1, huber)
    bad = open_page(PAGE, query={"gamma": "7", "t": "x"})
    assert bad.warning and "gamma" in bad.warning[0].value


def test_an_over_long_rewards_link_gets_one_notice_that_says_what_changed() -> None:
    """600 characters where 400 fit: the link's text is replaced by the default sequence
    and one notice says so (not "using <a cut sequence>" and then "cannot be read")."""
    raw = "1," * 300
    at = open_page(PAGE, query={"rewards": raw})
    notices = [w.value for w in at.warning]
    assert len(notices) == 1, notices
    shown = "`" + raw[:39] + "…`"
    expected = EN["common.param_too_long"].format(
        name="rewards", value=shown, n=400, used="`0,0,0,0,0,1`"
    )
    assert expected in notices[0]
    assert at.session_state["concepts.rewards"] == "0,0,0,0,0,1"
    option = charts(at)[EN["concepts.all_title"]]
    assert xs(option, option["series"][0]) == ["0", "1", "2", "3", "4", "5"]


def test_rewards_from_a_link_are_echoed_as_text() -> None:
    at = open_page(PAGE, query={"rewards": "[R](https://evil.example/r)"})
    (warning,) = [w.value for w in at.warning]
    why = EN["concepts.why_number"].format(item="`[R](https://evil.exa`")  # items cut at 20
    expected = EN["concepts.rewards_bad"].format(text="`[R](https://evil.example/r)`", why=why)
    assert warning == expected


def test_normalisation_is_described_as_what_it_does_on_the_preset_shown() -> None:
    """The maze preset (rewards 0,0,0,0,0,1, γ = 0.9) has G_t = 0.9^(5−t), rising with t:
    G = 0.59049, 0.6561, 0.729, 0.81, 0.9, 1; mean 0.780932, population std 0.139977, so
    Ĝ_0 = (0.59049 − 0.780932) / 0.139977 = −1.36 and Ĝ_5 = (1 − 0.780932) / 0.139977 =
    +1.57: the late step goes up, not down. The page says so for the sequence shown."""
    at = open_page(PAGE)
    normalised = values(at, EN["concepts.norm_title"])
    assert [round(normalised[0], 2), round(normalised[-1], 2)] == [-1.36, 1.57]
    captions = [c.value for c in at.caption]
    assert "Here Ĝ_0 = -1.36 at the first step and Ĝ_5 = +1.57 at the last." in captions
    # A reward every step (CartPole's +1): G_t falls with t, early steps go up.
    click(at, EN["concepts.preset_cartpole"])
    normalised = values(at, EN["concepts.norm_title"])
    assert normalised[0] > 0 > normalised[-1]
    # The text no longer claims one direction "whatever the episode's length".
    assert "whatever the episode's length" not in EN["concepts.norm_body"]
    assert "CartPole" in EN["concepts.norm_body"] and "maze" in EN["concepts.norm_body"]


def test_the_loss_is_named_for_what_it_is_smooth_l1_the_huber_loss_over_kappa() -> None:
    """δ = 5, κ = 3: smooth-L1 gives |δ| − κ/2 = 3.5; the Huber loss κ(|δ| − κ/2) = 10.5."""
    from playground.concepts import huber_loss

    assert float(huber_loss(5.0, 3.0)) == 3.5
    at = open_page(PAGE, query={"threshold": "3.0"})
    body = EN["concepts.loss_body"]
    assert "smooth_l1_loss" in body and "3.5" in body and "10.5" in body
    assert body in [m.value for m in at.markdown]
    assert any(r"\frac{H_\kappa(\delta)}{\kappa}" in f.value for f in at.latex)
    names = [s["name"] for s in charts(at)[EN["concepts.loss_chart"]]["series"]]
    assert names[1] == "smooth-L1 (Huber / κ) (κ = 3)"
