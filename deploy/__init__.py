"""Deployment recipe: nginx + several Streamlit processes on PostgreSQL (docs/deploy.md)."""
