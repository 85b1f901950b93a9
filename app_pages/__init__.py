"""The app's pages, one module per page, and the helpers they share.

Every module here can be imported without a running Streamlit script: nothing is drawn at import time. ``app.py``
registers the pages with ``st.navigation``; each page module has ``render(ctx)``.
"""
