"""The words maze and grid pictures write on their cells come from the caller (the core
holds no translations); English by default."""

from __future__ import annotations

import gymnasium as gym
import numpy as np

import playground  # noqa: F401  (registers the envs)
from playground.envs import draw_grid, draw_maze
from playground.envs import render as render_module
from playground.envs.gridworld import frozen_lake_spec
from playground.sessions.maze_policy import RandomWalk, episode_animation, walk_frame

ZH = {"start": "起点", "goal": "终点", "hole": "冰洞"}


def tags(words: list[str]) -> list[str]:
    return [w for w in words if not (w.startswith("S") and w[1:].isdigit())]


def test_a_maze_writes_start_and_goal_in_english_by_default(drawn_words: list[str]) -> None:
    draw_maze("seed_3x3")
    assert tags(drawn_words) == ["start", "goal"]
    assert [w for w in drawn_words if w not in ("start", "goal")] == [f"S{s}" for s in range(9)]


def test_a_maze_writes_the_words_it_is_given(drawn_words: list[str]) -> None:
    image = draw_maze("seed_3x3", words=ZH)
    assert tags(drawn_words) == ["起点", "终点"]
    english = np.asarray(draw_maze("seed_3x3"))
    if render_module.cjk_font_path() is not None:  # the words are drawn_words, not empty boxes
        assert not np.array_equal(np.asarray(image), english)


def test_a_grid_writes_hole_words_too(drawn_words: list[str]) -> None:
    spec = frozen_lake_spec("4x4", slippery=False)
    draw_grid(spec, words=ZH)
    holes = sum(kind == "H" for kind in spec.cells)
    assert sorted(tags(drawn_words)) == sorted(["起点", "终点"] + ["冰洞"] * holes)


def test_envs_render_with_their_words(drawn_words: list[str]) -> None:
    env = gym.make("playground/Maze-v0", render_mode="rgb_array", render_words=ZH)
    env.reset(seed=0)
    env.render()
    assert tags(drawn_words) == ["起点", "终点"]
    env.unwrapped.render_words = {"start": "Start"}  # a language switch
    drawn_words.clear()
    env.render()
    assert tags(drawn_words) == ["Start", "goal"]


def test_walk_frames_and_animations_pass_the_words_on(drawn_words: list[str]) -> None:
    walk = RandomWalk([0, 1, 2], 2, False)
    walk_frame("seed_3x3", walk, 1, None, words=ZH)
    assert set(tags(drawn_words)) == {"起点", "终点"}  # (with and without the highlight)
    drawn_words.clear()
    render_module._plain_background.cache_clear()  # the same look: kept, not drawn again
    render_module._lit_background.cache_clear()
    episode_animation("seed_3x3", [0, 1], words=ZH)
    assert set(tags(drawn_words)) == {"起点", "终点"}


def test_the_app_falls_back_to_english_without_a_chinese_font(monkeypatch) -> None:
    from webui import media

    monkeypatch.setattr(media.webui, "t", lambda key: ZH[key.removeprefix("common.cell_")])
    monkeypatch.setattr(media, "cjk_font_path", lambda: "/some/font.ttc")
    assert media.cell_words() == ZH
    monkeypatch.setattr(media, "cjk_font_path", lambda: None)
    assert media.cell_words() == render_module.CELL_WORDS


def test_cached_backgrounds_draw_the_same_pixels_as_drawing_every_layer() -> None:
    """draw_maze keeps each look's background (tints, grid, walls, words) and pastes
    highlighted cells from a copy with every cell lit; the frame must be pixel for pixel
    the one drawn layer by layer with the highlight painted first."""
    from playground.envs import LAYOUTS, maze_geometry

    rng = np.random.default_rng(7)
    for layout in LAYOUTS.values():
        for size, words in ((200, None), (480, ZH), (640, {"start": "Start"})):
            for case in range(4):
                arrows = rng.random((layout.n_states, 4))
                arrows[rng.random(arrows.shape) < 0.3] = np.nan
                lit = rng.choice(layout.n_states, size=int(rng.integers(1, layout.n_states)))
                fills = {int(rng.integers(layout.n_states)): (10, 20, 30)} if case >= 2 else None
                tags = {int(rng.integers(layout.n_states)): "冰洞"} if case == 3 else None
                agent = int(rng.integers(layout.n_states))
                overlay = arrows[::-1].copy() if case == 1 else None
                args = (layout, agent, size, arrows, lit.tolist(), case != 3, fills, tags)
                drawn = draw_maze(*args, overlay=overlay, words=words)
                key = [layout, size, case != 3]
                key += [None if m is None else tuple(m.items()) for m in (fills, tags, words)]
                expected = render_module._background(*key, highlight=frozenset(lit.tolist()))
                cell, margin, _, _ = maze_geometry(layout, size)
                render_module._draw_top(expected, layout, cell, margin, agent, arrows, overlay)
                assert np.array_equal(np.asarray(drawn), np.asarray(expected)), (layout.name, size)
    assert draw_maze("seed_3x3", highlight=[99, -1]).size == draw_maze("seed_3x3").size
