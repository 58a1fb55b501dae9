"""AppTest entry point: runs ../../app.py from a folder with no ``pages/`` beside it.

Streamlit's AppTest resets ``PagesManager.uses_pages_directory`` before every run and
then, because ``pages/`` exists next to app.py, reruns the page file on its own
(the legacy multipage mode) instead of the entry point. The real server keeps the flag
off after ``st.navigation`` is first called. Running app.py through this file avoids the
test-only quirk while executing exactly the same code.
"""

import runpy
from pathlib import Path

runpy.run_path(str(Path(__file__).resolve().parents[2] / "app.py"), run_name="__main__")
