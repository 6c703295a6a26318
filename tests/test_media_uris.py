"""webui.media.png_data_uri: pictures as PNG data URIs, kept by their pixels."""

from __future__ import annotations

import base64
import io

import numpy as np
from PIL import Image

from webui import media


def _pixels(uri: str) -> np.ndarray:
    head, data = uri.split(",", 1)
    assert head == "data:image/png;base64"
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(data))).convert("RGB"))


def test_same_pixels_give_the_uri_kept_and_it_decodes_to_them() -> None:
    media._URIS.clear()
    picture = np.zeros((4, 6, 3), dtype=np.uint8)
    picture[1, 2] = (255, 0, 0)
    first = media.png_data_uri(picture)
    again = media.png_data_uri(Image.fromarray(picture.copy()))  # another object, same pixels
    assert again is first  # taken from the cache, not encoded again
    np.testing.assert_array_equal(_pixels(first), picture)
    other = picture.copy()
    other[1, 2] = (254, 0, 0)
    assert media.png_data_uri(other) != first
    np.testing.assert_array_equal(_pixels(media.png_data_uri(other)), other)


def test_palette_pictures_are_told_apart_by_their_palette() -> None:
    """Two palette images with the same indices and different colours: not one picture."""
    red, blue = Image.new("P", (3, 3), 0), Image.new("P", (3, 3), 0)
    red.putpalette([255, 0, 0] * 256)
    blue.putpalette([0, 0, 255] * 256)
    assert _pixels(media.png_data_uri(red))[0, 0].tolist() == [255, 0, 0]
    assert _pixels(media.png_data_uri(blue))[0, 0].tolist() == [0, 0, 255]


def test_the_cache_keeps_the_newest_pictures_only() -> None:
    media._URIS.clear()
    first = media.png_data_uri(np.zeros((2, 2, 3), dtype=np.uint8))
    for k in range(1, media.URI_CACHE_ENTRIES + 1):
        media.png_data_uri(np.full((2, 2, 3), k, dtype=np.uint8))
    assert len(media._URIS) == media.URI_CACHE_ENTRIES
    again = media.png_data_uri(np.zeros((2, 2, 3), dtype=np.uint8))
    assert again == first and again is not first  # dropped, then encoded again
