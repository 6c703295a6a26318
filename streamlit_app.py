"""RL Playground: the router. Run with ``./dev app`` (``streamlit run app.py``, which serves
this script; ``streamlit run streamlit_app.py`` works too, without app.py's file cache).

It sets the page config, draws the language switch, and hands over to the page chosen in
the navigation (files in ``app_pages/``; see ``webui/nav.py`` for the list).
"""

import streamlit as st

import webui
from webui import lesson, nav, params, present, warm

st.set_page_config(
    page_title="RL Playground",
    page_icon=str(nav.PAGE_ICON),  # a file of ours: see nav.PAGE_ICON
    layout="wide",
    initial_sidebar_state=present.sidebar_state(),
)

with st.sidebar:
    webui.language_switch()
    present.begin_run()

page = st.navigation(nav.build_pages())
lesson.sidebar_link(page.url_path)
webui.show_pending()
params.begin_run()
with warm.first_run(
    page.url_path,
    nav.imports_of(page.url_path),
    notice=lambda: st.spinner(webui.t("common.first_run")),
):
    page.run()
present.end_run()
params.end_run()
