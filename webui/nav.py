"""The app's page list: one entry per page file, used by the router and the home cards.

To add a page: create ``app_pages/<name>.py``, add an :class:`Entry` here, and add ``common.page_<name>``
and ``home.desc_<name>`` to ``webui/i18n``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

import webui

ROOT = Path(__file__).resolve().parent.parent

PAGES_DIR = "app_pages"
"""Folder of the page files. Deliberately not ``pages/``: Streamlit still auto-detects a
folder of that name (its older multipage mode), and on a freshly started server a deep
link such as ``/basics?seed=3`` opened before any visit to ``/`` would run the page file
alone, without this router or the language switch, so share links would break on every
cold start."""

PAGE_ICON = ROOT / "webui" / "assets" / "page_icon.svg"
"""The browser tab's icon: a file of ours (Streamlit inlines it into the page). A
``:material/…:`` page icon would make every browser fetch it from fonts.gstatic.com,
which a classroom without internet cannot reach and which tells a third party about
every visit. (Material icons inside the page come from a font Streamlit serves itself.)"""


@dataclass(frozen=True)
class Entry:
    name: str  # file stem in app_pages/, i18n key suffix and URL path
    section: str  # "basics" | "maze" | "cartpole" | "lab"
    icon: str  # a Material Symbols icon
    imports: tuple[str, ...] = ()  # imported before the page's first run (webui.warm)

    @property
    def path(self) -> str:
        return f"{PAGES_DIR}/{self.name}.py"

    @property
    def url_path(self) -> str:
        return self.name.replace("_", "-")

    def title(self) -> str:
        return webui.t(f"common.page_{self.name}")


_TABLE_IMPORTS = ("pandas", "pyarrow")
"""Streamlit imports them on the first ``st.dataframe``, i.e. mid-session."""

_DEEP_IMPORTS = ("pygame", "torch", "torch._dynamo")
"""torch's compiler stack (with sympy) is imported by the first optimiser, i.e. on Train."""

HOME = Entry("home", "basics", ":material/home:")
ENTRIES: tuple[Entry, ...] = (
    Entry("lesson", "basics", ":material/school:"),
    Entry("basics", "basics", ":material/sync_alt:", _TABLE_IMPORTS),
    Entry("concepts", "basics", ":material/functions:"),
    Entry("maze_policy", "maze", ":material/route:", _TABLE_IMPORTS),
    Entry("maze_td", "maze", ":material/table_chart:"),
    Entry("dp", "maze", ":material/calculate:"),
    Entry("grid_editor", "maze", ":material/edit_square:"),
    Entry("cartpole_q", "cartpole", ":material/grid_on:", ("pygame",)),
    Entry("cartpole_dqn", "cartpole", ":material/hub:", _DEEP_IMPORTS),
    Entry("cartpole_reinforce", "cartpole", ":material/trending_up:", _DEEP_IMPORTS),
    Entry("lab", "lab", ":material/science:", (*_TABLE_IMPORTS, "scipy.stats", "loky")),
)
SECTIONS: tuple[str, ...] = ("basics", "maze", "cartpole", "lab")


def imports_of(url_path: str) -> tuple[str, ...]:
    """The modules the page at ``url_path`` imports on its first run (see webui.warm)."""
    return next((e.imports for e in ENTRIES if e.url_path == url_path), ())


def build_pages() -> dict[str, list[st.Page]]:
    """``{translated section title: [st.Page, ...]}`` for ``st.navigation``."""
    sections: dict[str, list[st.Page]] = {}
    for section in SECTIONS:
        pages = [
            st.Page(str(ROOT / e.path), title=e.title(), icon=e.icon, url_path=e.url_path)
            for e in ENTRIES
            if e.section == section
        ]
        if section == "basics":
            pages.insert(
                0, st.Page(str(ROOT / HOME.path), title=HOME.title(), icon=HOME.icon, default=True)
            )
        if pages:
            sections[webui.t(f"common.section_{section}")] = pages
    return sections
