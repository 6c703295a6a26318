"""Pictures sent inline (``webui.media``): the PNG written by hand decodes to the same pixels."""

from __future__ import annotations

import io

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from playground.envs import draw_maze
from webui.media import png_bytes, png_data_uri


def decoded(data: bytes) -> np.ndarray:
    image = Image.open(io.BytesIO(data))
    image.load()
    return np.asarray(image)


@settings(max_examples=30, deadline=None)
@given(height=st.integers(1, 40), width=st.integers(1, 40), seed=st.integers(0, 2**32 - 1))
def test_rgb_pictures_round_trip_exactly(height: int, width: int, seed: int) -> None:
    pixels = np.random.default_rng(seed).integers(0, 256, (height, width, 3), dtype=np.uint8)
    data = png_bytes(pixels)
    assert Image.open(io.BytesIO(data)).mode == "RGB"
    np.testing.assert_array_equal(decoded(data), pixels)


def test_a_maze_frame_round_trips_and_stays_small() -> None:
    frame = draw_maze("maze_8x8", agent_cell=9, size=640, arrows=np.full((64, 4), 0.25))
    data = png_bytes(frame)
    np.testing.assert_array_equal(decoded(data), np.asarray(frame))
    assert len(data) < 60_000  # mostly flat colour: the "Up" filter leaves mostly zeros
    assert png_data_uri(frame).startswith("data:image/png;base64,iVBORw0KGgo")


def test_other_modes_go_through_pillow() -> None:
    grey = Image.fromarray(np.arange(64, dtype=np.uint8).reshape(8, 8), mode="L")
    np.testing.assert_array_equal(decoded(png_bytes(grey)), np.asarray(grey))
