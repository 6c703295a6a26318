"""Grid worlds: the spec, its share code and JSON, the env's dynamics, FrozenLake and CliffWalking."""

from __future__ import annotations

import json
import pickle
import warnings
from dataclasses import replace
from urllib.parse import parse_qs, urlencode, urlsplit

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import playground
from playground.envs.gridworld import (
    CLIFF_WALKING,
    EXAMPLE_4_1,
    FILLS,
    MAX_JSON_CHARS,
    GridError,
    GridSpec,
    GridWorldEnv,
    draw_grid,
    frozen_lake_spec,
    random_frozen_lake_spec,
)
from playground.envs.render import maze_geometry

UP, RIGHT, DOWN, LEFT = range(4)


def merged(outcomes) -> dict[tuple[int, float, bool], float]:
    out: dict[tuple[int, float, bool], float] = {}
    for p, s2, r, done in outcomes:
        key = (int(s2), float(r), bool(done))
        out[key] = out.get(key, 0.0) + float(p)
    return {k: round(v, 12) for k, v in out.items()}


@pytest.mark.parametrize("map_name", ["4x4", "8x8"])
@pytest.mark.parametrize("slippery", [False, True])
def test_frozen_lake_grid_has_frozen_lakes_model(map_name, slippery):
    ours = GridWorldEnv(frozen_lake_spec(map_name, slippery)).P
    theirs = gym.make("FrozenLake-v1", map_name=map_name, is_slippery=slippery).unwrapped.P
    for s in theirs:
        for fl_action in range(4):  # FrozenLake: 0 left, 1 down, 2 right, 3 up
            assert merged(ours[s][3 - fl_action]) == merged(theirs[s][fl_action]), (s, fl_action)


def test_cliff_walking_grid_has_cliff_walkings_model():
    ours = GridWorldEnv(CLIFF_WALKING).P
    theirs = gym.make("CliffWalking-v1").unwrapped.P
    for s in range(36 + 1):  # every cell the agent can be in (the cliff and goal are not)
        for a in range(4):
            assert merged(ours[s][a]) == merged(theirs[s][a]), (s, a)


def test_steps_walls_holes_cliffs_and_goal():
    spec = GridSpec.from_rows(
        ["SFH", "CFF", "FFG"], walls=[(4, 5)], step_reward=-1.0, cliff_reward=-50.0
    )
    env = GridWorldEnv(spec)
    obs, info = env.reset(seed=0)
    assert obs == 0 and info["action_mask"].tolist() == [0, 1, 1, 0]
    assert env.step(DOWN)[:4] == (0, -50.0, False, False)  # the cliff sends it back
    assert env.step(RIGHT)[:4] == (1, -1.0, False, False)
    assert env.step(DOWN)[0] == 4
    obs, _, _, _, info = env.step(RIGHT)  # the wall between S4 and S5
    assert obs == 4 and info["action_mask"].tolist() == [1, 0, 1, 1]
    env.reset(options={"start": 1})
    assert env.step(RIGHT)[:3] == (2, 0.0, True)  # a hole ends the episode, reward 0
    assert env.action_masks()[2].tolist() == [0, 0, 0, 0]
    env.reset(options={"start": 7})
    obs, reward, terminated, _, info = env.step(RIGHT)
    assert (obs, reward, terminated) == (8, 1.0, True) and not info["action_mask"].any()
    with pytest.raises(ValueError, match="floor cell"):
        env.reset(options={"start": 2})


def test_wall_cells_block_and_slips_go_sideways():
    spec = GridSpec.from_rows(["FWF", "FSF", "FFG"], slippery=True)
    env = GridWorldEnv(spec)
    # Up from S4: the wall cell blocks (stay), slips go left or right, 1/3 each.
    assert merged(env.P[4][UP]) == {
        (4, 0.0, False): 0.333333333333,
        (3, 0.0, False): 0.333333333333,
        (5, 0.0, False): 0.333333333333,
    }
    env.reset(seed=3)
    counts = np.zeros(9)
    for _ in range(3000):
        env.reset()
        obs, *_ = env.step(UP)
        counts[obs] += 1
    assert counts[[0, 1, 2, 6, 7, 8]].sum() == 0
    sigma = np.sqrt(3000 * (1 / 3) * (2 / 3))
    assert np.all(np.abs(counts[[3, 4, 5]] - 1000) < 4 * sigma)


def test_seeded_slips_repeat():
    def run(seed):
        env = gym.make("playground/GridWorld-v0", spec=frozen_lake_spec("8x8", True))
        env.reset(seed=seed)
        return [env.step(i % 4)[0] for i in range(40)]

    assert run(7) == run(7)


def test_share_codes_and_json_of_the_built_in_grids():
    for spec in (frozen_lake_spec("4x4", True), CLIFF_WALKING, EXAMPLE_4_1):
        assert GridSpec.decode(spec.encode(), name=spec.name) == spec
        assert GridSpec.from_json(spec.to_json()) == spec
    assert frozen_lake_spec("4x4", True).encode() == "g1~4x4~SF4HFHF3H2F2G~~0.0_1.0_0.0_-100.0~s"
    # Broken over lines and indented by a mail program: still the same grid.
    code = EXAMPLE_4_1.encode()
    assert (
        GridSpec.decode("  " + code[:10] + "\n  " + code[10:] + " \n", "example_4_1") == EXAMPLE_4_1
    )
    data = json.loads(frozen_lake_spec("4x4", False).to_json())
    assert data["cells"] == ["SFFF", "FHFH", "FFFH", "HFFG"] and data["slippery"] is False


def test_random_frozen_lake_is_gymnasiums_map():
    from gymnasium.envs.toy_text.frozen_lake import generate_random_map

    spec = random_frozen_lake_spec(6, seed=11, slippery=False)
    assert spec.row_strings() == generate_random_map(size=6, seed=11)
    with pytest.raises(GridError, match="2 to 12"):
        random_frozen_lake_spec(13, seed=0)


@pytest.mark.parametrize(
    ("rows", "kwargs", "code", "match"),
    [
        (["SF", "FF"], {}, "unreachable", "no goal can be reached from the start S0"),
        (["SG"], {}, "size", "2 to 12 rows"),
        (["SFFFFFFFFFFFG"] * 2, {}, "size", "2 to 12 columns"),
        (["FF", "FG"], {}, "start", "exactly one start, it has 0"),
        (["SS", "FG"], {}, "start", "exactly one start, it has 2"),
        (["SX", "FG"], {}, "cells", "unknown cell letter 'X'"),
        (["SH", "HG"], {}, "unreachable", "no goal"),
        (["SC", "CG"], {}, "unreachable", "no goal"),
        (["SF", "FG"], {"walls": [(1, 3), (2, 3)]}, "unreachable", "no goal"),
        (["SF", "FG"], {"walls": [(0, 3)]}, "walls", "not neighbours"),
        (["SF", "FG"], {"walls": [(3, 9)]}, "walls", "outside the grid"),
        (["SF", "FG"], {"goal_reward": float("inf")}, "reward", "goal_reward must be a number"),
        (["SF", "FG"], {"step_reward": -1e5}, "reward", "step_reward"),
    ],
)
def test_invalid_grids_raise_grid_error(rows, kwargs, code, match):
    with pytest.raises(GridError, match=match) as caught:
        GridWorldEnv(GridSpec.from_rows(rows, **kwargs))
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "code"),
        ("hello", "code"),
        ("g1~4x4~SF4HFHF3H2F2G~~0.0_1.0_0.0", "code"),  # cut short
        ("g1~4x4~SF4HFHF3H2F2G~~0.0_1.0_0.0_x~s", "code"),
        ("g1~4x4~SF4HFHQ~~0.0_1.0_0.0_-100.0~s", "code"),
        ("g1~4x4~SF4HF~~0.0_1.0_0.0_-100.0~s", "cells"),  # too few cells
        ("g1~40x4~SF4HFHF3H2F2G~~0.0_1.0_0.0_-100.0~s", "size"),
        ("g1~2x2~SFFG~A~0.0_1.0_0.0_-100.0~d", "code"),  # walls of the wrong length
        ("g1~2x2~SFFG~" + "x" * 2000 + "~0~d", "too_long"),
    ],
)
def test_damaged_codes_raise_grid_error(text, code):
    with pytest.raises(GridError) as caught:
        GridSpec.decode(text)
    assert caught.value.code == code


def test_bad_json_raises_grid_error():
    good = EXAMPLE_4_1.to_json()
    cases = {
        good[: len(good) // 2]: ("json", "is the file complete"),
        "[1, 2]": ("json", "not a grid file"),
        json.dumps({"format": "rl-playground-grid", "cells": "GFFF"}): ("json", "'cells'"),
        good.replace('"slippery": false', '"slippery": "no"'): ("json", "'slippery'"),
        good.replace('"step": -1.0', '"step": "a lot"'): ("json", "rewards.step"),
        good.replace('"FSFF"', '"FSF"'): ("json", "equal length"),
        good.replace('"FSFF"', '"FFFF"'): ("start", "exactly one start"),
        " " * (MAX_JSON_CHARS + 1): ("too_long", "at most"),
        b"\xff\xfe": ("json", "UTF-8"),
    }
    for text, (code, match) in cases.items():
        with pytest.raises(GridError, match=match) as caught:
            GridSpec.from_json(text)
        assert caught.value.code == code


@st.composite
def valid_grids(draw, max_size=12):
    rows = draw(st.integers(2, max_size))
    cols = draw(st.integers(2, max_size))
    n = rows * cols
    cells = draw(st.lists(st.sampled_from("FFFFWHCG"), min_size=n, max_size=n))
    start = draw(st.integers(0, n - 1))
    cells[start] = "S"
    edges = [(s, s + 1) for s in range(n) if (s + 1) % cols] + [
        (s, s + cols) for s in range(n - cols)
    ]
    walls = set(draw(st.lists(st.sampled_from(edges), max_size=len(edges) // 2)))
    spec = GridSpec(
        rows,
        cols,
        "".join(cells),
        frozenset(walls),
        step_reward=draw(st.floats(-10, 10, allow_nan=False)),
        goal_reward=draw(st.sampled_from([1.0, 10.0, -1.0, 0.5])),
        hole_reward=draw(st.floats(-100, 0)),
        cliff_reward=draw(st.integers(-100, 0)) * 1.0,
        slippery=draw(st.booleans()),
    )
    if not spec.reachable_goals():  # open a neighbour of the start into a goal
        r, c = divmod(start, cols)
        s2 = start + 1 if c + 1 < cols else start - 1
        cells[s2] = "G"
        walls.discard((min(start, s2), max(start, s2)))
        spec = GridSpec(
            rows,
            cols,
            "".join(cells),
            frozenset(walls),
            spec.step_reward,
            spec.goal_reward,
            spec.hole_reward,
            spec.cliff_reward,
            spec.slippery,
        )
    return spec.validate()


@settings(max_examples=80, deadline=None)
@given(valid_grids())
def test_random_grids_round_trip_through_code_and_json(spec):
    code = spec.encode()
    assert set(code) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")
    assert GridSpec.decode(code) == spec
    assert GridSpec.from_json(spec.to_json()) == spec
    assert GridSpec.decode(" \n".join(code[i : i + 7] for i in range(0, len(code), 7))) == spec
    # In a share link as the pages build it (urlencode), read back as a browser sends it:
    # no character needs escaping, so a copied link holds the code as it is.
    link = "http://localhost:8501/grid-editor?" + urlencode({"lang": "zh", "grid": code})
    assert f"grid={code}" in link
    (read,) = parse_qs(urlsplit(link).query)["grid"]
    assert GridSpec.decode(read) == spec


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_grids(max_size=6))
def test_random_grids_pass_check_env(spec):
    env = gym.make(
        playground.GRIDWORLD_ENV_ID, spec=spec, render_mode="rgb_array", render_size=120
    ).unwrapped
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        check_env(env, skip_render_check=False)
    for row in env.P.values():
        for outcomes in row.values():
            assert abs(sum(p for p, *_ in outcomes) - 1.0) < 1e-12
    # A floor cell's action is masked exactly when every way it can go is blocked.
    masks = env.action_masks()
    for s in range(spec.n_states):
        for a in range(4):
            sides = ((a - 1) % 4, a, (a + 1) % 4) if spec.slippery else (a,)
            can_move = any(not spec.move(s, d)[1] for d in sides)
            assert masks[s, a] == (can_move and spec.cells[s] in "FS")


def test_registered_env_check_env_and_pickle():
    env = gym.make(playground.GRIDWORLD_ENV_ID, spec=CLIFF_WALKING.encode())
    assert env.spec.max_episode_steps == playground.MAZE_MAX_EPISODE_STEPS
    assert env.unwrapped.grid == GridSpec.decode(CLIFF_WALKING.encode())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        check_env(env.unwrapped)
    again = pickle.loads(pickle.dumps(env.unwrapped))
    assert again.P == env.unwrapped.P
    assert gym.make(playground.GRIDWORLD_ENV_ID).unwrapped.grid == frozen_lake_spec("4x4", False)
    with pytest.raises(TypeError, match="GridSpec"):
        GridWorldEnv(42)


def test_drawing_colours_cells():
    spec = GridSpec.from_rows(["SFH", "WFC", "FFG"])
    image = draw_grid(spec, size=300)
    cell, margin, width, height = maze_geometry(spec.to_layout(), 300)
    assert image.size == (width, height)

    def pixel(s):  # a point inside the cell, clear of its label and tag
        r, c = divmod(s, spec.cols)
        return image.getpixel((margin + c * cell + cell * 3 // 4, margin + r * cell + cell // 2))

    assert pixel(2) == FILLS["H"] and pixel(3) == FILLS["W"] and pixel(5) == FILLS["C"]
    assert pixel(8) == FILLS["G"] and pixel(1) == (255, 255, 255)
    env = GridWorldEnv(spec, render_mode="ansi")
    env.reset()
    assert env.render() == "AFH\nWFC\nFFG\n"


def test_edits_return_new_grids():
    lake = frozen_lake_spec("4x4", slippery=False)
    moved = lake.with_cell(2, "S")
    assert moved.row_strings() == ["FFSF", "FHFH", "FFFH", "HFFG"] and moved.start == 2
    assert lake.with_cell(15, "F").row_strings()[-1] == "HFFF"
    with pytest.raises(GridError, match="no goal"):
        lake.with_cell(15, "F").validate()  # the editor keeps the previous grid
    with pytest.raises(GridError, match="unknown cell letter 'Q'"):
        lake.with_cell(3, "Q")
    walled = lake.with_wall_toggled(1, 0)
    assert walled.walls == {(0, 1)} and walled.with_wall_toggled(0, 1).walls == frozenset()
    # Cut to 2×3: the goal is gone, so the bottom-right cell becomes one; walls inside stay.
    small = walled.resized(2, 3)
    assert small.row_strings() == ["SFF", "FHG"] and small.walls == {(0, 1)}
    assert walled.with_wall_toggled(2, 3).resized(2, 3).walls == {(0, 1)}
    # Grown with floor; a wall keeps its cells when the columns change.
    big = walled.with_wall_toggled(5, 9).resized(5, 5)
    assert big.row_strings()[:2] == ["SFFFF", "FHFHF"] and big.walls == {(0, 1), (6, 11)}
    assert CLIFF_WALKING.resized(2, 2).row_strings() == ["SF", "FG"]


@settings(max_examples=40, deadline=None)
@given(valid_grids(), st.integers(2, 12), st.integers(2, 12))
def test_resizing_keeps_what_fits(spec, rows, cols):
    assert spec.resized(spec.rows, spec.cols) == spec
    grown = spec.resized(rows, cols)
    assert len(grown.cells) == rows * cols and grown.cells.count("S") == 1
    start_r, start_c = divmod(spec.start, spec.cols)
    start_kept = start_r < rows and start_c < cols
    assert grown.start == (start_r * cols + start_c if start_kept else 0)
    # Every other cell that fits keeps its kind, except where a lost start or goal went.
    moved_to = {grown.start, rows * cols - 1}
    for r in range(min(rows, spec.rows)):
        for c in range(min(cols, spec.cols)):
            if r * cols + c not in moved_to and (r, c) != (start_r, start_c):
                assert grown.cells[r * cols + c] == spec.cells[r * spec.cols + c]


@settings(max_examples=60, deadline=None)
@given(valid_grids(max_size=6), st.data())
def test_broken_grids_raise_grid_error(spec, data):
    # Every strict prefix of a share code or of the JSON (a copy cut short) is refused.
    code, text = spec.encode(), spec.to_json()
    cut = data.draw(st.integers(0, len(code) - 1))
    with pytest.raises(GridError):
        GridSpec.decode(code[:cut])
    cut = data.draw(st.integers(0, len(text) - 1))
    with pytest.raises(GridError):
        GridSpec.from_json(text[:cut])
    # No start, a second start, no goal: each refused with its code.
    floor = data.draw(st.sampled_from([s for s, k in enumerate(spec.cells) if k != "S"]))
    no_start = spec.cells.replace("S", "F")
    two_starts = spec.cells[:floor] + "S" + spec.cells[floor + 1 :]
    no_goal = spec.cells.replace("G", "F")
    for cells, problem in ((no_start, "start"), (two_starts, "start"), (no_goal, "unreachable")):
        with pytest.raises(GridError) as caught:
            replace(spec, cells=cells).validate()
        assert caught.value.code == problem


@settings(max_examples=40, deadline=None)
@given(valid_grids(max_size=8))
def test_value_iteration_is_optimal_on_random_grids(spec):
    from playground import dp

    # −1 per step and for the goal, −100 for holes and cliffs, no ice, γ = 1: the optimum
    # is minus the number of steps of the shortest way to a goal.
    costly = replace(
        spec,
        step_reward=-1.0,
        goal_reward=-1.0,
        hole_reward=-100.0,
        cliff_reward=-100.0,
        slippery=False,
    )
    env = GridWorldEnv(costly)
    best = dp.value_iteration(env, gamma=1.0, theta=1e-9)
    distance = dp.shortest_path_length(env)
    assert best.V[costly.start] == -distance
    greedy = np.eye(4)[best.policy.argmax(axis=1)]
    assert dp.path_length(env, greedy) == distance
    # On the same grid with ice, the greedy policy's exact value is V* (reward 1 at goals).
    icy = GridWorldEnv(replace(spec, slippery=True))
    vi = dp.value_iteration(icy, gamma=0.9, theta=1e-12)
    exact = dp.evaluate_policy_exact(icy, np.eye(4)[vi.policy.argmax(axis=1)], 0.9)
    assert exact == pytest.approx(vi.V[spec.start], abs=1e-8)
