"""Hand-drawn grids on the pages: a refused grid's reason, in the page's language."""

from __future__ import annotations

import webui
from playground.envs import GridError


def error_text(exc: GridError) -> str:
    """``grid.error`` with the translated reason for ``exc.code`` (never the core's English)."""
    key = f"grid.error_{exc.code}"
    try:
        why = webui.t(key, **exc.details)
    except (KeyError, IndexError, ValueError):  # a code or number the text does not know
        why = webui.t("grid.error_cells")
    return webui.t("grid.error", why=why)
