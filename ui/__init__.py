"""Shared Streamlit pieces: state, lever widgets, charts, formatting and language."""
