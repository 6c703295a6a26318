"""The server: Streamlit's ASGI app for ``streamlit_app.py``, with its front-end files
served from memory, compressed (:mod:`webui.frontend_cache`).

``streamlit run app.py`` (what ``./dev app`` runs) serves the same app as
``streamlit run streamlit_app.py``; this file only adds the middleware.
"""

import streamlit as st
from starlette.middleware import Middleware

from webui.frontend_cache import FrontEndCache

app = st.App("streamlit_app.py", middleware=[Middleware(FrontEndCache)])
