"""The maze environment: layouts, dynamics, Gymnasium conformance, rendering."""

import pickle
import warnings

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

import playground
from playground.envs import LAYOUTS, InvalidLayoutError, MazeEnv, MazeLayout, draw_maze, render

UP, RIGHT, DOWN, LEFT = range(4)


def test_seed_layout_is_the_notes_maze():
    layout = LAYOUTS["seed_3x3"]
    assert (layout.rows, layout.cols, layout.start, layout.goal) == (3, 3, 0, 8)
    assert layout.walls == {(3, 4), (3, 6), (1, 4), (5, 8)}
    assert layout.shortest_path() == [0, 1, 2, 5, 4, 7, 8]


@pytest.mark.parametrize(
    ("name", "length", "path_start"),
    [
        ("seed_3x3", 6, [0, 1, 2, 5]),
        ("maze_5x5", 20, [0, 1, 6, 5, 10]),
        ("maze_8x8", 26, [0, 1, 9, 10]),
    ],
)
def test_shortest_paths(name, length, path_start):
    layout = LAYOUTS[name]
    path = layout.shortest_path()
    assert layout.shortest_path_length() == length
    assert path[: len(path_start)] == path_start and path[-1] == layout.goal
    # Corridors, not open fields: the path is much longer than the Manhattan distance.
    (r0, c0), (r1, c1) = layout.cell(layout.start), layout.cell(layout.goal)
    if name != "seed_3x3":
        assert length > 1.5 * (abs(r1 - r0) + abs(c1 - c0))
    # Every consecutive pair is one allowed move apart.
    for s, s2 in zip(path, path[1:], strict=False):
        assert s2 in [layout.next_state(s, a) for a in range(4)] and s2 != s


def test_ascii_round_trip():
    for layout in LAYOUTS.values():
        again = MazeLayout.from_ascii(layout.name, layout.to_ascii())
        assert again == layout


def test_blocked_moves_stay_put_and_masks():
    env = MazeEnv()
    obs, info = env.reset(seed=0)
    assert obs == 0 and info["action_mask"].tolist() == [0, 1, 1, 0]
    assert info["action_mask"].dtype == np.int8
    assert env.step(UP)[0] == 0  # border
    assert env.step(LEFT)[0] == 0
    assert env.step(DOWN)[0] == 3
    obs, reward, terminated, truncated, info = env.step(RIGHT)  # wall S3|S4
    assert (obs, reward, terminated, truncated) == (3, 0.0, False, False)
    assert info["action_mask"].tolist() == [1, 0, 0, 0]


def test_shortest_path_episode_reward_and_termination():
    env = MazeEnv(step_reward=-0.1)
    env.reset()
    rewards = []
    for a in [RIGHT, RIGHT, DOWN, LEFT, DOWN, RIGHT]:
        obs, r, terminated, truncated, info = env.step(a)
        rewards.append(r)
    assert obs == 8 and terminated and not truncated
    assert rewards == [-0.1] * 5 + [1.0]
    assert info["action_mask"].tolist() == [0, 0, 0, 0]


def test_per_cell_rewards():
    layout = MazeLayout("trap", 1, 3, [], start=0, goal=2, rewards={1: -0.5})
    env = MazeEnv(layout)
    env.reset()
    assert env.step(RIGHT)[1] == -0.5
    assert env.step(RIGHT)[1] == 1.0


def test_registered_with_time_limit():
    env = gym.make(playground.MAZE_ENV_ID)
    assert env.spec.max_episode_steps == playground.MAZE_MAX_EPISODE_STEPS
    env = gym.make(playground.MAZE_ENV_ID, max_episode_steps=3, layout="maze_5x5")
    env.reset(seed=1)
    results = [env.step(UP) for _ in range(3)]
    assert [r[3] for r in results] == [False, False, True]


@pytest.mark.parametrize("name", list(LAYOUTS))
@pytest.mark.parametrize("render_mode", ["rgb_array", "ansi"])
def test_check_env_without_warnings(name, render_mode):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        check_env(gym.make(playground.MAZE_ENV_ID, layout=name, render_mode=render_mode).unwrapped)


def test_same_seed_same_episode_and_pickle():
    def rollout(env):
        env.reset(seed=3)
        env.action_space.seed(3)
        return [env.step(env.action_space.sample())[:4] for _ in range(40)]

    env = gym.make(playground.MAZE_ENV_ID)
    first = rollout(env)
    assert rollout(gym.make(playground.MAZE_ENV_ID)) == first
    clone = pickle.loads(pickle.dumps(MazeEnv("maze_8x8")))
    assert clone.layout == LAYOUTS["maze_8x8"]


def test_rgb_render_is_crisp():
    env = MazeEnv(render_mode="rgb_array", render_size=480)
    env.reset()
    frame = env.render()
    assert frame.dtype == np.uint8 and frame.ndim == 3 and frame.shape[2] == 3
    assert min(frame.shape[:2]) >= 400
    red = (frame[..., 0] > 180) & (frame[..., 1] < 80) & (frame[..., 2] < 80)
    assert red.sum() > 1000  # thick red walls
    # Drawn at full size, not resampled: nearly every pixel is an exact palette colour
    # (only antialiased text and the agent's rim add in-between shades).
    palette = {
        render.BACKGROUND,
        render.GRID,
        render.WALL,
        render.START_FILL,
        render.GOAL_FILL,
        render.AGENT,
        render.LABEL,
        (40, 40, 40),
        (255, 255, 255),
    }
    pixels = [tuple(p) for p in frame.reshape(-1, 3)[::7].tolist()]
    assert sum(p in palette for p in pixels) / len(pixels) > 0.97
    env.step(RIGHT)
    assert not np.array_equal(env.render(), frame)  # the agent moved


def test_draw_maze_arrows_and_ansi():
    layout = LAYOUTS["seed_3x3"]
    masks = layout.action_masks()
    arrows = masks / np.maximum(masks.sum(axis=1, keepdims=True), 1)
    plain = np.asarray(draw_maze(layout, size=400))
    with_arrows = np.asarray(draw_maze(layout, size=400, arrows=arrows, highlight=[0, 1]))
    assert plain.shape == with_arrows.shape and not np.array_equal(plain, with_arrows)
    with pytest.raises(ValueError, match="shape"):
        draw_maze(layout, arrows=np.zeros((3, 4)))
    env = MazeEnv(render_mode="ansi")
    env.reset()
    text = env.render()
    assert text.splitlines()[1] == "| A         |"


def test_draw_maze_takes_a_layout_name_as_every_other_call_does():
    by_name = np.asarray(draw_maze("seed_3x3", agent_cell=4, size=300))
    by_layout = np.asarray(draw_maze(LAYOUTS["seed_3x3"], agent_cell=4, size=300))
    assert np.array_equal(by_name, by_layout)
    assert render.maze_geometry("maze_8x8", 400) == render.maze_geometry(LAYOUTS["maze_8x8"], 400)
    with pytest.raises(InvalidLayoutError, match="seed_3x3"):
        draw_maze("nope")


def test_the_agent_marker_leaves_its_cells_arrows_visible():
    """S0's naive π: right and down, ½ each. At size 400 a cell is 129 px with a 6 px
    margin, so S0's centre is (70.5, 70.5); the agent's disc has radius 26.5 there and each
    arrow starts 0.08 cell (10 px) from the centre and runs 0.42 · 129 · ½ = 27 px, its first
    17 px inside the disc."""
    arrows = np.zeros((9, 4))
    arrows[0, RIGHT] = arrows[0, DOWN] = 0.5
    image = draw_maze(LAYOUTS["seed_3x3"], agent_cell=0, size=400, arrows=arrows)
    assert render.maze_geometry("seed_3x3", 400)[:2] == (129, 6)
    assert image.getpixel((88, 70)) == render.ARROW  # the right arrow, inside the disc
    assert image.getpixel((70, 88)) == render.ARROW  # the down arrow, inside the disc
    assert image.getpixel((60, 60)) == render.AGENT  # the disc itself, between the arrows


@pytest.mark.parametrize(
    ("layout", "message"),
    [
        (MazeLayout("z", 0, 3), "at least one row"),
        (MazeLayout("o", 2, 2, start=7, goal=3), "start S7 is outside"),
        (MazeLayout("g", 2, 2, start=0, goal=9), "goal S9 is outside"),
        (MazeLayout("same", 2, 2, start=1, goal=1), "same cell"),
        (MazeLayout("far", 3, 3, [(0, 4)]), "not neighbours"),
        (MazeLayout("cut", 2, 2, [(0, 1), (0, 2)], start=0, goal=3), "cut the goal"),
    ],
)
def test_invalid_layouts_raise_clear_errors(layout, message):
    with pytest.raises(InvalidLayoutError, match=message):
        MazeEnv(layout)


def test_unknown_layout_name():
    with pytest.raises(InvalidLayoutError, match="seed_3x3"):
        MazeEnv("nope")
