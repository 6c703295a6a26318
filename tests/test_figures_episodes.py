"""Chart builders (webui.charts), frames (playground.frames) and playground.episodes: hand-checked values."""

from __future__ import annotations

import io

import gymnasium as gym
import numpy as np
import pytest
from PIL import Image

import playground  # noqa: F401  (registers the maze)
from playground import frames as frame_pictures
from playground.episodes import (
    FRAME_CAP,
    Episode,
    RandomAgent,
    Recorder,
    Transition,
    record_episode,
)
from webui.charts import common


def test_trailing_mean() -> None:
    assert common.trailing_mean([1, 2, 3, 4], 2).tolist() == [1.0, 1.5, 2.5, 3.5]
    assert common.trailing_mean([4, 2, 6], 10).tolist() == [4.0, 3.0, 4.0]
    assert common.trailing_mean([], 3).size == 0


def test_gif_has_every_frame_and_is_capped() -> None:
    frames = [Image.new("RGB", (600, 400), (40 * i, 0, 255 - 40 * i)) for i in range(5)]
    gif = Image.open(io.BytesIO(frame_pictures.frames_to_gif(frames, fps=10)))
    assert gif.n_frames == 5 and max(gif.size) == frame_pictures.GIF_MAX_SIDE

    def moving_dot(i: int) -> Image.Image:  # distinct frames (Pillow merges identical ones)
        image = Image.new("RGB", (700, 10), "white")
        image.putpixel((i, 5), (0, 0, 0))
        return image

    many = frame_pictures.frames_to_gif(moving_dot, n_frames=700, max_frames=50, max_side=700)
    assert Image.open(io.BytesIO(many)).n_frames == 50
    with pytest.raises(ValueError):
        frame_pictures.frames_to_gif([])


def test_maze_episode_records_the_five_tuple() -> None:
    env = gym.make("playground/Maze-v0", render_mode="rgb_array", render_size=200)
    episode = Episode(env, seed=0)
    for action in (1, 1, 2, 3, 2, 1):  # the 6-move shortest path
        row = episode.step(action)
    assert row == Transition(6, 8, 1, 1.0, True, False, row.info)
    assert episode.done and episode.episode_return == 1.0
    assert [r["observation"] for r in episode.recorder.table()] == [0, 1, 2, 5, 4, 7, 8]
    assert episode.recorder.n_frames == 7
    with pytest.raises(RuntimeError):
        episode.step(0)
    episode.reset(seed=0)
    assert episode.recorder.n_frames == 1 and not episode.done


def test_random_cartpole_episode_is_seeded() -> None:
    def run() -> list:
        env = gym.make("CartPole-v1")
        agent = RandomAgent(2, seed=3)
        return [r["observation"] for r in record_episode(env, agent, seed=3).recorder.table()]

    first = run()
    assert first == run() and len(first) > 2


def test_recorder_caps_frames() -> None:
    rec = Recorder(max_frames=3)
    for t in range(5):
        rec.add(Transition(t, t, 0, 0.0, False, False, {}), np.full((4, 4, 3), t, dtype=np.uint8))
    assert rec.n_frames == 3 and rec.frames_dropped == 2
    assert rec.frame(0).getpixel((0, 0)) == (2, 2, 2) and rec.frame_time(0) == 2
    assert FRAME_CAP >= 501
