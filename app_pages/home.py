"""Home: what the playground is, and a card per page."""

import streamlit as st

import webui
from webui import nav, present

st.title(webui.t("home.title"))
present.explanation(webui.t("home.intro"))
st.markdown(webui.t("home.how"))

for section in nav.SECTIONS:
    entries = [e for e in nav.ENTRIES if e.section == section]
    st.subheader(webui.t(f"common.section_{section}"))
    cols = st.columns(3)
    for i, entry in enumerate(entries):
        with cols[i % 3].container(border=True, height="stretch"):
            st.markdown(f"#### {entry.title()}")
            st.caption(webui.t(f"home.desc_{entry.name}"))
            st.page_link(entry.path, label=webui.t("home.open"), icon=entry.icon)
