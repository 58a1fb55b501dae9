"""Administrasjon (admins only): restore deleted scenarios, and the workspace's audit log.

Listed in the navigation only for admins of the active workspace (``ui.auth.pages``); the
page checks the role again itself. The content lives in ``ui.auth.admin_page``.
"""

from __future__ import annotations

from ui import auth
from ui.frame import require_frame

require_frame()
auth.admin_page()
