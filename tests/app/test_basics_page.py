"""The environment-basics page through AppTest: stepping, the table, links, bad input."""

from __future__ import annotations

import base64
import json

import pytest

from tests.app.helpers import button, click, open_page, players, texts
from webui.i18n import TEXT

EN = TEXT["en"]


def table_rows(at) -> int:
    return len(at.dataframe[0].value)


def test_maze_steps_by_hand_fill_the_table() -> None:
    at = open_page("app_pages/basics.py")
    assert table_rows(at) == 1  # the reset row
    click(at, "→")  # S0 -> S1
    click(at, "→")  # S1 -> S2
    click(at, "↑")  # off the grid: stays in S2
    df = at.dataframe[0].value
    assert list(df["t"]) == [0, 1, 2, 3]
    assert list(df[EN["basics.col_observation"]]) == ["0", "1", "2", "2"]
    assert list(df["terminated"]) == [False] * 4
    assert '"action_mask"' in df["info"].iloc[-1]
    code = at.code[-1].value if at.code else ""
    assert "env.step(0)" in "\n".join(c.value for c in at.code), code


def test_shortest_path_terminates_with_reward_one() -> None:
    at = open_page("app_pages/basics.py")
    for arrow in ["→", "→", "↓", "←", "↓", "→"]:  # S0→S1→S2→S5→S4→S7→S8
        click(at, arrow)
    df = at.dataframe[0].value
    assert df["terminated"].iloc[-1]
    assert df[EN["basics.col_reward"]].iloc[-1] == "1"
    assert EN["basics.episode_over_terminated"] in texts(at)
    assert button(at, "→").disabled
    click(at, EN["common.reset"])
    assert table_rows(at) == 1
    assert not button(at, "→").disabled


def test_random_agent_on_cartpole_is_reproducible() -> None:
    runs = []
    for _ in range(2):
        at = open_page(
            "app_pages/basics.py", query={"env": "cartpole", "seed": "7", "steps": "500"}
        )
        click(at, "basics.random")
        df = at.dataframe[0].value
        assert df["terminated"].iloc[-1] or df["truncated"].iloc[-1]
        runs.append(list(df[EN["basics.col_observation"]]))
    assert runs[0] == runs[1]
    assert len(runs[0]) > 5


def test_settings_are_written_to_the_url() -> None:
    at = open_page("app_pages/basics.py")
    at.sidebar.number_input[0].set_value(42).run()
    assert at.query_params["seed"] in ("42", ["42"])
    assert at.query_params["env"] in ("maze", ["maze"])


def test_malformed_query_params_are_fixed_with_a_notice() -> None:
    at = open_page(
        "app_pages/basics.py",
        query={"env": "mars", "seed": "-5", "steps": "1e9", "layout": "<b>", "junk": "1"},
    )
    warnings = "\n".join(w.value for w in at.warning)
    assert EN["common.params_fixed"] in warnings
    for name in ("env", "seed", "steps", "layout"):
        assert f"{name} =" in warnings
    assert at.session_state["basics.env"] == "maze"
    assert at.session_state["basics.seed"] == 0
    assert at.session_state["basics.steps"] == 500
    assert at.query_params["steps"] in ("500", ["500"])


def test_settings_survive_a_page_switch() -> None:
    at = open_page("app_pages/basics.py", query={"env": "cartpole", "seed": "3"})
    at.switch_page("app_pages/home.py").run()
    at.switch_page("app_pages/basics.py").run()
    assert at.session_state["basics.env"] == "cartpole"
    assert at.sidebar.number_input[0].value == 3
    assert at.button_group  # the env switch is rendered again with its value
    assert not len(at.exception)


@pytest.mark.parametrize(
    "raw",
    [
        "[R](https://evil.example/r)",  # a live link
        "![T](http://evil.example/px.png)",  # an image the browser would fetch
        "**x**",  # bold
        "`a`[R](https://evil.example/r)",  # a code span closed early, then a link
    ],
)
def test_a_link_value_is_echoed_as_text_never_as_markdown(raw: str) -> None:
    """The notice shows the link's value in a code span whose fence is longer than any
    backtick run inside it, so nothing in it is read as Markdown."""
    at = open_page("app_pages/basics.py", query={"steps": raw})
    (notice,) = [w.value for w in at.warning if EN["common.params_fixed"] in w.value]
    fence = "``" if "`" in raw else "`"
    pad = " " if raw.startswith("`") else ""
    shown = f"{fence}{pad}{raw}{pad}{fence}"
    # not a number: the default, 20 steps
    assert EN["common.param_fixed"].format(name="steps", value=shown, used="`20`") in notice
    assert notice.count(raw) == 1  # nowhere else, outside the code span


def test_share_link_says_the_steps_are_not_carried() -> None:
    at = open_page("app_pages/basics.py")
    click(at, "→")
    captions = [c.value for c in at.sidebar.caption]
    assert EN["common.share_link"] in captions  # settings only: no "Train" on this page
    assert EN["basics.share_note"] in captions
    links = [c.value for c in at.sidebar.code]
    assert len(links) == 1 and "train=" not in links[0]


def test_step_table_columns_fit_the_env_shown() -> None:
    """The table keeps the column widths it measured for the first env shown, so each env
    sets the widths its observation and info need (CartPole's four numbers were cut off
    after a switch from the maze)."""

    def widths(at) -> tuple[str, str]:
        columns = json.loads(at.dataframe[0].proto.columns)
        return columns[EN["basics.col_observation"]]["width"], columns["info"]["width"]

    at = open_page("app_pages/basics.py", query={"steps": "5"})
    assert widths(at) == ("small", "large")
    env = next(b for b in at.sidebar.button_group if EN["basics.env_cartpole"] in b.options)
    env.set_value("cartpole").run()
    click(at, "basics.random")
    assert widths(at) == ("large", "small")


def test_replay_holds_every_frame_with_its_caption() -> None:
    """The player gets all 101 frames of 100 random CartPole steps at once (it plays them in
    the browser), starting on the newest; its labels follow the language."""
    query = {"env": "cartpole", "seed": "1897", "steps": "100"}
    at = open_page("app_pages/basics.py", query=query)
    click(at, "basics.random")
    replay = players(at)[0]
    recorder = at.session_state["basics.episode"].episode.recorder
    assert recorder.n_frames == len(replay["frames"]) == 101
    assert replay["captions"] == [f"t = {t}" for t in range(101)]
    assert replay["fps"] == 25 and replay["start"] == 100
    for i in (0, 57, 100):
        uri = replay["frames"][i]
        assert base64.b64decode(uri.removeprefix("data:image/png;base64,")) == recorder.png(i)
    assert replay["labels"]["play"] == EN["common.play"]
    zh = open_page("app_pages/basics.py", query=query, lang="zh")
    assert players(zh)[0]["labels"]["play"] == TEXT["zh"]["common.play"] == "播放"
