"""The grid editor: drawing by clicks, refused edits, edges, size, rewards, presets, links."""

from __future__ import annotations

import numpy as np

from playground.envs.gridworld import CLIFF_WALKING, GridSpec, random_frozen_lake_spec
from tests.app.helpers import chart, click, open_page, table
from webui.i18n import TEXT

EN, ZH = TEXT["en"], TEXT["zh"]
PAGE = "app_pages/grid_editor.py"


def grid(at) -> GridSpec:
    return GridSpec.decode(at.session_state["ge.grid"])


def use_tool(at, tool: str) -> None:
    at.selectbox(key="_w.ge.tool").set_value(tool).run()


def press(at, key: str) -> None:
    at.button(key=key).click().run()
    assert not at.exception


def test_draw_a_grid_by_clicks() -> None:
    at = open_page(PAGE)
    assert grid(at).row_strings() == ["SFFF", "FHFH", "FFFH", "HFFG"]  # FrozenLake 4×4
    press(at, "ge.cell.1")  # the cycle tool: floor → wall → hole …
    assert grid(at).cells[1] == "W"
    press(at, "ge.cell.1")
    assert grid(at).cells[1] == "H"
    use_tool(at, "G")
    press(at, "ge.cell.3")
    use_tool(at, "S")
    press(at, "ge.cell.2")  # the start moves: S0 becomes floor
    assert grid(at).row_strings()[0] == "FHSG"
    assert at.button(key="ge.cell.3").label == "★"


def test_a_refused_edit_keeps_the_grid_and_says_why() -> None:
    at = open_page(PAGE)
    before = at.session_state["ge.grid"]
    use_tool(at, "W")
    press(at, "ge.cell.15")  # the only goal walled in
    assert at.session_state["ge.grid"] == before
    why = EN["grid.error_unreachable"]
    assert at.error[0].value == EN["grid.error"].format(why=why)
    use_tool(at, "F")
    press(at, "ge.cell.0")  # no start left
    assert EN["grid.error_start"].format(count=0) in at.error[0].value
    use_tool(at, "H")
    press(at, "ge.cell.5")  # a hole on a hole: fine, and the message goes
    assert not at.error


def test_edge_walls_cut_the_grid() -> None:
    at = open_page(PAGE, query={"grid": GridSpec.from_rows(["SF", "FG"]).encode()})
    use_tool(at, "edge")
    assert at.button(key="ge.edge.0.1").label == "┆"
    press(at, "ge.edge.0.1")
    assert grid(at).walls == {(0, 1)} and at.button(key="ge.edge.0.1").label == "┃"
    press(at, "ge.edge.1.3")
    assert grid(at).walls == {(0, 1), (1, 3)}
    press(at, "ge.edge.2.3")  # the last way to the goal: refused
    assert grid(at).walls == {(0, 1), (1, 3)} and at.error
    press(at, "ge.edge.0.1")
    assert grid(at).walls == {(1, 3)}


def test_size_rewards_and_ice() -> None:
    at = open_page(PAGE)
    at.number_input(key="_w.ge.rows").set_value(2).run()
    assert grid(at).row_strings() == ["SFFF", "FHFG"]  # the goal moved into the grid
    at.number_input(key="_w.ge.cols").set_value(6).run()
    assert grid(at).row_strings() == ["SFFFFF", "FHFGFF"]
    at.number_input(key="_w.ge.step_reward").set_value(-0.5).run()
    at.toggle(key="_w.ge.slippery").set_value(True).run()
    spec = grid(at)
    assert spec.step_reward == -0.5 and spec.slippery
    assert at.session_state["ge.grid"].endswith("~s")


def test_presets() -> None:
    at = open_page(PAGE)
    at.selectbox(key="_w.ge.preset").set_value("cliff_walking").run()
    press(at, "ge.load")
    assert grid(at) == GridSpec.decode(CLIFF_WALKING.encode())
    at.selectbox(key="_w.ge.preset").set_value("random").run()
    at.number_input(key="_w.ge.size").set_value(5).run()
    at.number_input(key="_w.ge.seed").set_value(3).run()
    press(at, "ge.load")
    assert grid(at).row_strings() == random_frozen_lake_spec(5, 3, slippery=False).row_strings()


def test_share_link_opens_cold_and_the_grid_solves_on_the_dp_page() -> None:
    drawn = GridSpec.from_rows(["SFF", "HFG"], walls=[(1, 2)], step_reward=-1.0, hole_reward=-10.0)
    at = open_page(PAGE, query={"grid": drawn.encode(), "tool": "edge"})
    assert grid(at) == drawn.validate()
    assert at.button(key="ge.edge.1.2").label == "┃"
    dp_page = click(at, EN["grid_editor.solve"])  # the same session, on the DP page
    assert dp_page.title[0].value == EN["dp.title"]
    # AppTest reruns the page it was opened on; a browser stays where switch_page went.
    dp_page.switch_page("app_pages/dp.py")
    click(dp_page, EN["dp.run"])
    values = np.asarray(table(chart(dp_page, EN["dp.v_title"])), dtype=float)
    # S0 → S1 → S4 → S5 round the wall: −1, −1, then +1 for the goal (γ = 1).
    assert values.tolist() == [[-1.0, 0.0, 1.0], [0.0, 1.0, 0.0]]


def test_bad_link_and_chinese() -> None:
    at = open_page(PAGE, lang="zh", query={"grid": "g1~4x4~SF4"})
    assert at.title[0].value == ZH["grid_editor.title"]
    assert at.error[0].value == ZH["grid.error"].format(why=ZH["grid.error_code"])
    assert grid(at).row_strings()[0] == "SFFF"  # FrozenLake 4×4 instead
    use_tool(at, "W")
    press(at, "ge.cell.15")
    assert ZH["grid.error_unreachable"] in at.error[0].value
