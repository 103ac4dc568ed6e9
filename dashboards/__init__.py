"""Streamlit dashboard (arrives with the dashboard issue)."""
