"""The model's formulas, one module per chapter of the consultants' reports.

:mod:`model.engine` runs them in order for one scenario (``evaluate``/``compute``);
each module's docstring states the formulas it holds.

==============================  ===========================================================
module                          holds
==============================  ===========================================================
:mod:`~model.measures.night`    night watch steps: arrangements (rules, overrides, shift
                                length), supplements, ambulant night team, digital
                                supervision; night totals (cost formulas: :mod:`model.night`)
:mod:`~model.measures.colocation`  co-location: night part, day/evening synergy,
                                investment, Husbanken grant, annual capital cost
:mod:`~model.measures.coverage`  nursing homes and 24/7 housing: coverage rate and
                                population 80+, closing named homes, staffing norms, HDO ratio
:mod:`~model.measures.levers`   percentage levers (overtime, substitutes, competence level,
                                rota hours, decided hours) and custom measures
:mod:`~model.measures.refund`   state refund for resource-intensive users and the refund
                                each measure loses
:mod:`~model.measures.plan`     years, ramp-up, full-effect year, investment by year,
                                payback per measure and for the scenario
:mod:`~model.measures.money`    levels (today, scenario) and the three kinds of money
:mod:`~model.measures.sites`    per-site tables and flags (merged, moved, changed)
:mod:`~model.measures.core`     shared types and array helpers (no formulas)
==============================  ===========================================================

Which sites a scenario merges, which rules apply where and which sites the ambulant team
or digital supervision cover is the structure step, :mod:`model.structure`.
"""
