"""Bemanningssimulator – entry point: frame, navigation and the shared scenario.

Run with ``bash scripts/run-app.sh`` (or ``streamlit run app.py``).
"""

from __future__ import annotations

import gc
import logging
import sys
from pathlib import Path

import streamlit as st

st.set_page_config(
    page_title="Bemanningssimulator",
    page_icon=":material/groups:",
    layout="wide",
    initial_sidebar_state="expanded",
)

from ui import auth, frame, layout, runcache, state  # noqa: E402
from ui.i18n import tr  # noqa: E402
from ui.safe import md  # noqa: E402

if not getattr(sys, "_simulator_gc_frozen", False):
    # Once per server process: move the (large, long-lived) imported modules out of the
    # garbage collector's reach, so full collections during a rerun stay short. Measured:
    # slider-to-headline p95 fell from about 105 ms to about 80 ms.
    gc.collect()
    gc.freeze()
    sys._simulator_gc_frozen = True  # type: ignore[attr-defined]

runcache.begin_run()  # language and store are read once per run (ui/runcache.py)
auth.gate()  # sign-in and workspace membership when [auth] is configured (issue 10)
state.init_from_url()
state.scenario()

HERE = Path(__file__).resolve().parent
#: url path (= file name in pages/), title in bokmål and English, icon
PAGE_TABLE = [
    ("oversikt", "Oversikt og handlingsplan", "Overview and action plan", "dashboard"),
    ("nattevakt", "Nattevakt", "Night watch", "bedtime"),
    ("samlokalisering", "Samlokalisering", "Co-location", "home_work"),
    ("dekningsgrad", "Dekningsgrad og bemanning", "Coverage and staffing", "elderly"),
    ("okonomi", "Økonomiplan og handlingsrom", "Economic plan and room for action", "savings"),
    ("sammenlign", "Sammenlign", "Compare", "compare"),
    ("data", "Data", "Data", "database"),
    ("metode", "Metode og kilder", "Method and sources", "menu_book"),
]
PAGES = [
    st.Page(
        HERE / "pages" / f"{slug}.py",
        title=tr(nb, en),
        icon=f":material/{icon}:",
        url_path=slug,
        default=(i == 0),
    )
    for i, (slug, nb, en, icon) in enumerate(PAGE_TABLE)
]
PAGES += auth.pages(HERE / "pages")  # «Administrasjon» for admins (issue 10)

page = st.navigation(PAGES)
layout.styles()
top = st.empty()  # messages and the headline, drawn by the body below
controls = layout.sidebar()
with st.sidebar:
    auth.sidebar()  # who is signed in, workspace, sign-out, admin tools (issue 10)


@st.fragment
def body() -> None:
    """Everything a lever changes: the headline, undo/link and the page itself.

    A fragment: a widget inside it (every page's levers) reruns only this, not the
    navigation, the sidebar's session controls or the store checks above (issue 9). It
    draws the headline into ``top`` and undo/link into the sidebar slot, both made above.
    """
    runcache.begin_run()  # a fragment rerun reads language and store afresh too
    with top.container():
        # Headline first: it is what the room watches after a slider moves.
        layout.messages()
        layout.headline()
    layout.scenario_controls(controls)
    frame.enter()
    try:
        # Streamlit runs the navigation's page once per run of this file; a fragment
        # rerun runs the page again without this file, so allow it (streamlit is pinned;
        # tests/browser/test_input_stress.py works levers on three pages and reads the log).
        page._can_be_called = True
        page.run()
    except Exception as exc:  # noqa: BLE001 - no traceback ever reaches a user
        logging.getLogger("simulator").exception("page failed")
        st.error(
            tr(
                "Noe gikk galt på denne siden. Scenarioet ditt er uendret; prøv «Angre» eller "
                "«Nullstill». Feilen: ",
                "Something went wrong on this page. Your scenario is unchanged; try Undo or "
                "Reset. The error: ",
            )
            + md(type(exc).__name__)
        )
    finally:
        frame.leave()
    state.sync_url()


body()
