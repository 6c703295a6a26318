"""The server: Streamlit's ASGI app for ``streamlit_app.py``, with its front-end files
served from memory, compressed (:mod:`webui.frontend_cache`).

``streamlit run app.py`` (what ``./dev app`` runs) serves the same app as
``streamlit run streamlit_app.py``; this file only adds two middlewares (the front end's
files served from memory; each websocket's outgoing messages counted, so that a live run
waits for a browser that fell behind, :mod:`webui.send_backlog`) and caps glibc's malloc
arenas (:func:`limit_malloc_arenas`).
"""

import ctypes
import sys

import streamlit as st
from starlette.middleware import Middleware

from webui.frontend_cache import FrontEndCache
from webui.send_backlog import SendBacklog

MALLOC_ARENAS = 2
"""Most malloc arenas glibc keeps for the server's threads."""


def limit_malloc_arenas(arenas: int = MALLOC_ARENAS) -> bool:
    """Cap glibc's malloc arenas (``mallopt(M_ARENA_MAX)``, as ``MALLOC_ARENA_MAX`` does);
    whether it could. Every session is a thread, and glibc gives threads arenas of their
    own, up to 8 per core, each keeping what was freed in it: a class of 30 training at
    once peaked at 998 MB with the default and 729 MB with 2 (``benchmarks/load.py
    --train``; the free hosts give about 1 GB). Called before any session's thread
    exists; glibc settles its limit only once more than 8 arenas are in use."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc
        return False
    m_arena_max = -8
    return bool(libc.mallopt(m_arena_max, arenas))


limit_malloc_arenas()
app = st.App("streamlit_app.py", middleware=[Middleware(FrontEndCache), Middleware(SendBacklog)])
