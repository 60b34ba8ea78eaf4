"""The Share button: the phone's share sheet where the browser has one, else the link copied.

It runs in the page itself (an st.components.v2 component, not an iframe: a components iframe is
not allowed the Web Share API). navigator.share opens the phone's share sheet; where there is none
(most desktop browsers) the link is copied to the clipboard instead, and the button says so. Its
script and style are share.js and share.css beside this file.
"""

from __future__ import annotations

from pathlib import Path

import streamlit.components.v2 as components

HERE = Path(__file__).resolve().parent
_HTML = (
    '<div class="share"><button type="button" data-testid="share-view">Share this view</button>'
    '<span data-share-status role="status" aria-live="polite"></span></div>'
)
_share = components.component(
    "sidefx_share", html=_HTML, css=(HERE / "share.css").read_text(), js=(HERE / "share.js").read_text()
)


def share_button(link: str) -> None:
    """A visible Share button: the share sheet where the browser has one, else copy the link."""
    _share(data={"link": link}, key="share")
