"""Metode og kilder: every formula in plain language, every parameter with its source,
the published figures next to the model's own, and the uncertainty of the scenario."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from model import Baseline, Result, Scenario, evaluate
from model.published import PublishedCheck, compare
from model.result import SensitivityRow, UncertaintyResult
from model.uncertainty import sensitivity, simulate
from ui import charts, fmt, state, tables
from ui import widgets as w
from ui.downloads import chart_block
from ui.frame import require_frame
from ui.i18n import pick, pick_text, tr

require_frame()

PAGE = "metode"
ss = st.session_state


@st.cache_data(show_spinner=False, max_entries=64)
def _uncertainty(
    scenario_json: str, baseline_hash: str, _b: Baseline
) -> tuple[UncertaintyResult, list[SensitivityRow]]:
    s = Scenario.model_validate_json(scenario_json)
    return simulate(_b, s), sensitivity(_b, s)


@st.cache_data(show_spinner=False, max_entries=8)
def _checks(baseline_hash: str, _b: Baseline) -> list[PublishedCheck]:
    """The baseline's own published figures against the model's (model.published)."""
    return compare(_b)


# ----------------------------------------------------------------------- formulas
def _formulas(b: Baseline, r0: Result) -> None:
    p = b.parameters
    nb = r0.totals.night_baseline
    st.subheader(tr("1. Nattevakt", "1. Night watch"))
    st.markdown(
        tr(
            "Regnestykket er konsulentenes (PwC 2021, Alver) og gjøres for hver lokasjon:",
            "The arithmetic is the consultants' (PwC 2021, Alver), done for every site:",
        )
    )
    st.latex(
        tr(
            r"\text{betalte timer per natt} = \text{våkne} \times \text{vaktlengde} + "
            r"\text{hvilende} \times \text{vaktlengde} \times \text{betalt andel}",
            r"\text{paid hours per night} = \text{awake} \times \text{shift} + "
            r"\text{resting} \times \text{shift} \times \text{paid share}",
        )
    )
    st.latex(
        tr(
            r"\text{timer per år} = \text{timer per natt} \times \text{netter per år}",
            r"\text{hours per year} = \text{hours per night} \times \text{nights per year}",
        )
    )
    st.latex(
        tr(
            r"\text{brutto årsverk} = \dfrac{\text{timer per år}}{\text{timer per årsverk}}"
            r"\qquad \text{kostnad} = \text{årsverk} \times \text{kostnad per årsverk}",
            r"\text{gross FTE} = \dfrac{\text{hours per year}}{\text{hours per FTE}}"
            r"\qquad \text{cost} = \text{FTE} \times \text{cost per FTE}",
        )
    )
    st.markdown(
        tr(
            f"Med grunnlagets tall i dag: {fmt.num(nb.paid_hours_per_night)} timer per natt × "
            f"{fmt.num(p['nights_per_year'].value)} netter = {fmt.num(nb.paid_hours_per_year)} "
            f"timer; / {fmt.num(p['hours_per_gross_fte'].value)} = "
            f"{fmt.num(nb.gross_fte, 2)} årsverk; × {fmt.nok(p['cost_per_gross_fte_nok'].value)} "
            f"= {fmt.mnok(nb.cost_nok)}. Betalt andel av hvilende vakt: "
            f"{fmt.num(p['resting_paid_fraction'].value, 2)} (hver tredje time er vanlig, "
            "noen avtaler betaler hver annen).",
            f"With the baseline's figures today: {fmt.num(nb.paid_hours_per_night)} hours per "
            f"night × {fmt.num(p['nights_per_year'].value)} nights = "
            f"{fmt.num(nb.paid_hours_per_year)} hours; / {fmt.num(p['hours_per_gross_fte'].value)}"
            f" = {fmt.num(nb.gross_fte, 2)} FTE; × {fmt.nok(p['cost_per_gross_fte_nok'].value)} "
            f"= {fmt.mnok(nb.cost_nok)}. Paid share of a resting watch: "
            f"{fmt.num(p['resting_paid_fraction'].value, 2)} (every third hour is common, some "
            "agreements pay every second).",
        )
    )
    st.markdown(
        tr(
            "**Tillegg**, hvert på sin linje (de kommer i tillegg til årsverkskostnaden og vises "
            "for seg, slik at man ser hva som er regnet med):",
            "**Supplements**, each on its own line (they come on top of the FTE cost and are "
            "shown separately so one can see what is counted):",
        )
    )
    # a baseline without døgnturnus (Sogndal) has no such supplement and no such line
    dt = p.get("dognturnus_supplement_nok_per_staff")
    dt_nb = dt_en = ""
    if dt is not None:
        dt_nb = (
            f"- døgnturnustillegg = ansatte med tillegget × {fmt.nok(dt.value)} = "
            f"{fmt.mnok(nb.supplement_dognturnus_nok, 2)}\n"
        )
        dt_en = (
            f"- døgnturnus supplement = staff with the supplement × {fmt.nok(dt.value)} = "
            f"{fmt.mnok(nb.supplement_dognturnus_nok, 2)}\n"
        )
    st.markdown(
        tr(
            f"- nattillegg = timer per år × {fmt.nok(p['night_supplement_nok_per_hour'].value)}"
            f"/t = {fmt.mnok(nb.supplement_night_nok, 2)}\n"
            f"- helgetillegg = timer per år × andel helgenetter "
            f"({fmt.num(p['weekend_night_share'].value, 3)}) × "
            f"{fmt.nok(p['weekend_supplement_nok_per_hour'].value)}/t = "
            f"{fmt.mnok(nb.supplement_weekend_nok, 2)}\n"
            f"- helligdagstillegg = timer per natt × "
            f"{fmt.num(p['holiday_nights_per_year'].value)} helligdagsnetter × "
            f"{fmt.nok(p['holiday_supplement_nok_per_hour'].value)}/t = "
            f"{fmt.mnok(nb.supplement_holiday_nok, 2)}\n"
            + dt_nb
            + f"- sum tillegg = {fmt.mnok(nb.supplements_nok, 2)}",
            f"- night supplement = hours per year × "
            f"{fmt.nok(p['night_supplement_nok_per_hour'].value)}/h = "
            f"{fmt.mnok(nb.supplement_night_nok, 2)}\n"
            f"- weekend supplement = hours per year × share of weekend nights "
            f"({fmt.num(p['weekend_night_share'].value, 3)}) × "
            f"{fmt.nok(p['weekend_supplement_nok_per_hour'].value)}/h = "
            f"{fmt.mnok(nb.supplement_weekend_nok, 2)}\n"
            f"- public-holiday supplement = hours per night × "
            f"{fmt.num(p['holiday_nights_per_year'].value)} holiday nights × "
            f"{fmt.nok(p['holiday_supplement_nok_per_hour'].value)}/h = "
            f"{fmt.mnok(nb.supplement_holiday_nok, 2)}\n"
            + dt_en
            + f"- total supplements = {fmt.mnok(nb.supplements_nok, 2)}",
        )
    )
    st.markdown(
        tr(
            "Med satsene fra KS-avtalen 2023 (valg i scenarioet): timelønn = årslønn / "
            "(52 × ukentlig arbeidstid); nattillegg = 25 % av timelønn, minst 70 kr/t; "
            "helgetillegg = 22 %, minst 70 kr/t; helligdagstillegg = 1⅓ × timelønn.",
            "With the KS 2023 agreement rates (a scenario option): hourly pay = annual pay / "
            "(52 × weekly hours); night = 25 % of hourly pay, at least NOK 70/h; weekend = "
            "22 %, at least NOK 70/h; public holiday = 1⅓ × hourly pay.",
        )
    )
    st.markdown(
        tr(
            "Grepene regnes i rekkefølge, og hvert tiltak er forskjellen mellom to trinn, så "
            "ingenting telles to ganger: (1) nattordning (regler og enkeltlokasjoner), "
            "(2) samlokalisering, (3) felles ambulant nattjeneste (teamets kostnad og drift "
            "trekkes fra), (4) digitalt tilsyn (effekten ganges med realisert andel; "
            "kostnad per beboer trekkes fra).",
            "The levers are applied in order and each measure is the difference between two "
            "steps, so nothing is counted twice: (1) night arrangement (rules and single "
            "sites), (2) co-location, (3) shared ambulant night team (its cost and operation "
            "are subtracted), (4) digital supervision (effect × realised share; cost per "
            "resident subtracted).",
        )
    )

    st.subheader(tr("2. Samlokalisering", "2. Co-location"))
    st.latex(
        tr(
            r"\text{nye lokasjoner} = \min\left(\text{lokasjoner i dag},\; "
            r"\max\left(1, \left\lceil \dfrac{\text{plasser}}{\text{maks beboere}} \right\rceil"
            r"\right)\right)",
            r"\text{new sites} = \min\left(\text{sites today},\; "
            r"\max\left(1, \left\lceil \dfrac{\text{places}}{\text{max residents}} \right\rceil"
            r"\right)\right)",
        )
    )
    st.markdown(
        tr(
            "- Kapasitetsregelen gjelder én tjeneste (eventuelt per område). Det blir aldri "
            "flere lokasjoner enn i dag, og eksisterende lokasjoner deles ikke.\n"
            "- Fordeling (LPT): lokasjonene tas fra størst til minst (flest plasser) og legges "
            "hver gang til den nye lokasjonen som har færrest plasser så langt. Får en ny "
            "lokasjon flere beboere enn taket, vises et varsel.\n"
            "- Sammenslåinger som er valgt eksplisitt, gjøres først; regelen gjelder resten.\n"
            "- Den nye lokasjonen får nattordningen som er valgt for den (f.eks. 2 våkne). "
            "Besparelsen = nattkostnad før − etter for lokasjonene som inngår.\n"
            "- Over 8 boenheter på én lokasjon gir varsel (Husbanken 4–8; NTNU ≤ 6).\n"
            "- Synergi dag/kveld = synergi-% × (avdelingens årsverk fordelt etter plasser × "
            "kostnad per årsverk − nattkostnaden) for lokasjoner som slås sammen.",
            "- The capacity rule applies to one service (optionally per area). There are never "
            "more sites than today, and existing sites are not split.\n"
            "- Assignment (LPT): sites are taken from largest to smallest (places) and each is "
            "added to the new site with the fewest places so far. A new site above the cap "
            "gives a warning.\n"
            "- Explicit merges are done first; the rule applies to the rest.\n"
            "- The new site gets the night arrangement chosen for it (e.g. 2 awake). The "
            "saving = night cost before − after for the sites involved.\n"
            "- More than 8 units at one site gives a warning (Husbanken 4–8; NTNU ≤ 6).\n"
            "- Day/evening synergy = synergy % × (department FTE allocated by places × cost "
            "per FTE − night cost) for merged sites.",
        )
    )
    st.markdown(tr("**Investering og kapitalkostnad**", "**Investment and capital cost**"))
    st.latex(
        tr(
            r"\text{investering} = \text{nye boenheter} \times \text{byggekostnad per enhet}",
            r"\text{investment} = \text{new units} \times \text{construction cost per unit}",
        )
    )
    st.latex(
        tr(
            r"\text{tilskudd} = \text{enheter} \times \text{Husbanken-andel} \times "
            r"\min(\text{kostnad per enhet},\ \text{øvre grense})",
            r"\text{grant} = \text{units} \times \text{Husbanken share} \times "
            r"\min(\text{cost per unit},\ \text{cap})",
        )
    )
    st.latex(
        tr(
            r"\text{årlig kapitalkostnad} = (\text{investering} - \text{tilskudd}) \times "
            r"\dfrac{r}{1 - (1 + r)^{-n}}",
            r"\text{annual capital cost} = (\text{investment} - \text{grant}) \times "
            r"\dfrac{r}{1 - (1 + r)^{-n}}",
        )
    )
    st.markdown(
        tr(
            "r = rente, n = nedbetalingstid i år (annuitetslån; med rente 0 blir det "
            "investering / n). Antall nye boenheter er som standard plassene i lokasjonene som "
            "slås sammen. **Tilbakebetalt** er første år da akkumulert netto besparelse er minst "
            "like stor som akkumulert netto investering (investeringen føres i tiltakets startår; "
            "vi ser inntil 60 år fram).",
            "r = interest rate, n = repayment years (annuity; with zero interest it is "
            "investment / n). New units default to the places of the merged sites. **Payback** "
            "is the first year cumulative net savings reach cumulative net investment (the "
            "investment is booked in the measure's start year; we look up to 60 years ahead).",
        )
    )

    st.subheader(tr("3. Dekningsgrad i sykehjem", "3. Nursing-home coverage rate"))
    st.latex(
        tr(
            r"\text{dekningsgrad} = \dfrac{\text{plasser i bruk}}{\text{innbyggere 80+}}"
            r"\qquad \text{innbyggere 80+}(t) = \text{innb.}(t_0) \times (1 + g)^{t - t_0}",
            r"\text{coverage} = \dfrac{\text{places in use}}{\text{population 80+}}"
            r"\qquad \text{pop 80+}(t) = \text{pop}(t_0) \times (1 + g)^{t - t_0}",
        )
    )
    st.latex(
        tr(
            r"d(t) = d_0 + (\text{mål} - d_0) \times "
            r"\min\left(1, \dfrac{t - (\text{start} - 1)}{\text{målår} - (\text{start} - 1)}\right)",
            r"d(t) = d_0 + (\text{target} - d_0) \times "
            r"\min\left(1, \dfrac{t - (\text{start} - 1)}{\text{target year} - (\text{start} - 1)}"
            r"\right)",
        )
    )
    st.markdown(
        tr(
            "Plasser = dekningsgrad × innbyggere 80+. Besparelsen er unngått kostnad: "
            "(plasser med dagens dekningsgrad − plasser i scenarioet) × kostnad per plass. "
            "Årsverk = endring i plasser × årsverk i bruk per plass i dag. Tiltakets tall er "
            "siste planår; hvert planår har sitt eget tall. Befolkningen hentes fra tabellen "
            "når den finnes, ellers framskrives den med årlig vekst g.",
            "Places = coverage × population 80+. The saving is avoided cost: (places at "
            "today's rate − places in the scenario) × cost per place. FTE = change in places × "
            "FTE in use per place today. The measure's figure is the last plan year; each plan "
            "year has its own. Population comes from the table when present, else it is "
            "projected with annual growth g.",
        )
    )

    st.subheader(tr("4. Bemanning mot normtall og HDO", "4. Staffing norms and HDO"))
    st.latex(
        tr(
            r"\text{normårsverk} = \sum_{\text{plasstype}} \text{plasser} \times "
            r"\text{normtall}\qquad \text{gap} = \max(0,\ \text{årsverk i bruk} - "
            r"\text{normårsverk})",
            r"\text{norm FTE} = \sum_{\text{place type}} \text{places} \times \text{norm}"
            r"\qquad \text{gap} = \max(0,\ \text{FTE in use} - \text{norm FTE})",
        )
    )
    st.markdown(
        tr(
            "Endring årsverk = − andel av gapet som lukkes × gap; besparelse = − endring × "
            "kostnad per årsverk (sykehjem). HDO: endring årsverk = beboere × (mål − i dag) "
            "årsverk per beboer; besparelse = − endring × kostnad per årsverk.",
            "FTE change = − share of the gap closed × gap; saving = − change × cost per FTE "
            "(nursing homes). HDO: FTE change = residents × (target − today) FTE per resident; "
            "saving = − change × cost per FTE.",
        )
    )

    st.subheader(tr("5. Prosentgrep", "5. Percentage levers"))
    st.markdown(
        tr(
            "Besparelse = prosent × grunnlagsbeløp. Omregning til årsverk:\n"
            "- overtid: − besparelse / kostnad per overtidstime / timer per årsverk\n"
            "- vikarer: − besparelse / kostnad per betalt time / timer per årsverk\n"
            "- lønnsnivå ved nytilsetting: ingen endring i årsverk\n"
            "- turnustimer: − besparelse / kostnad per brutto årsverk\n"
            "- vedtakstimer: grunnlag = vedtakstimer × kostnad per vedtakstime; årsverk = − "
            "besparelse / kostnad per betalt time / timer per årsverk",
            "Saving = percentage × base amount. Conversion to FTE:\n"
            "- overtime: − saving / cost per overtime hour / hours per FTE\n"
            "- substitutes: − saving / cost per paid hour / hours per FTE\n"
            "- pay level of new hires: no change in FTE\n"
            "- rota hours: − saving / cost per gross FTE\n"
            "- decided hours: base = decided hours × cost per decided hour; FTE = − saving / "
            "cost per paid hour / hours per FTE",
        )
    )

    st.subheader(tr("6. Statlig refusjon (netto besparelse)", "6. State refund (net saving)"))
    st.latex(
        tr(
            r"\text{refusjon per bruker} = 80\,\% \times \max(0,\ \text{direkte lønnskostnad} "
            r"- \text{innslagspunkt} - \text{trekk})",
            r"\text{refund per user} = 80\,\% \times \max(0,\ \text{direct labour cost} "
            r"- \text{threshold} - \text{deduction})",
        )
    )
    s = state.scenario()
    rule = b.refund_rule(s.refund.year or b.year)
    rule_txt = (
        tr(
            f" For {rule.year}: innslagspunkt {fmt.nok(rule.threshold_nok)}, trekk "
            f"{fmt.nok(rule.id_deduction_nok)}, kompensasjon {fmt.pct(rule.rate, 0)} "
            f"({w.md(rule.source)}).",
            f" For {rule.year}: threshold {fmt.nok(rule.threshold_nok)}, deduction "
            f"{fmt.nok(rule.id_deduction_nok)}, rate {fmt.pct(rule.rate, 0)} "
            f"({w.md(pick_text(rule, 'source'))}).",
        )
        if rule
        else ""
    )
    st.markdown(
        tr(
            "Trekket gjelder brukere 16–66 år med psykisk utviklingshemming; brukere over 67 "
            "er ikke omfattet. En besparelse på en bruker over innslagspunktet gir lavere "
            "refusjon, så kommunen beholder bare en del: netto = brutto − tapt refusjon. "
            "Fordeling på brukere: besparelser på en lokasjon fordeles per beboer på "
            "lokasjonen; andre tiltak (prosentgrep) fordeles i forhold til lønnskostnaden "
            "(alle brukeres kostnad reduseres med samme andel). Tiltakene trekkes fra i "
            "rekkefølge, så refusjonen ikke tapes to ganger." + rule_txt,
            "The deduction applies to users aged 16–66 with an intellectual disability; users "
            "over 67 are not covered. A saving on a user above the threshold lowers the refund, "
            "so the municipality keeps only part of it: net = gross − lost refund. Allocation to "
            "users: savings at a site are shared per resident of the site; other measures "
            "(percentage levers) in proportion to labour cost (every user's cost falls by the "
            "same share). Measures are applied in order, so no refund is lost twice." + rule_txt,
        )
    )

    st.subheader(tr("7. Planår og innfasing", "7. Plan years and ramp-up"))
    st.latex(
        tr(
            r"\text{andel av full effekt i år } t = "
            r"\begin{cases} 0 & t < \text{start} \\ \min\left(1, \dfrac{t - \text{start} + 1}"
            r"{\text{år til full effekt}}\right) & \text{ellers} \end{cases}",
            r"\text{share of full effect in year } t = "
            r"\begin{cases} 0 & t < \text{start} \\ \min\left(1, \dfrac{t - \text{start} + 1}"
            r"{\text{years to full effect}}\right) & \text{otherwise} \end{cases}",
        )
    )
    st.markdown(
        tr(
            "Økonomiplanen går over fire år fra første planår (kan endres). Dekningsgraden "
            "følger sin egen bane (punkt 3). Beløp er i grunnlagsårets kroner.",
            "The economic plan covers four years from the first plan year (adjustable). "
            "Coverage follows its own path (section 3). Amounts are in the baseline year's "
            "prices.",
        )
    )

    st.subheader(tr("8. Usikkerhet", "8. Uncertainty"))
    st.markdown(
        tr(
            "Hver parameter med et spenn (lav–høy) trekkes fra en trekantfordeling med lav, "
            "verdi (mest sannsynlig) og høy. Trekningen har fast frø, så samme scenario gir "
            "samme tall hver gang. Hvilke lokasjoner som får hvilken ordning, ligger fast; bare "
            "tallene varierer. P10/P50/P90 er 10-, 50- og 90-persentilen av netto besparelse. "
            "Tornadodiagrammet viser netto besparelse når én parameter om gangen settes til lav "
            "og høy verdi, mens resten står på sin verdi.",
            "Every parameter with a range (low–high) is drawn from a triangular distribution "
            "with low, value (mode) and high. The draws use a fixed seed, so the same scenario "
            "gives the same figures every time. Which site gets which arrangement is fixed; "
            "only the numbers vary. P10/P50/P90 are the 10th, 50th and 90th percentiles of the "
            "net saving. The tornado chart shows the net saving with one parameter at a time "
            "at its low and high value, the rest at their values.",
        )
    )


# -------------------------------------------------------------------- comparisons
def _figure(x: float | None, unit: str, decimals: int) -> str:
    """A published or model figure in the unit's own format."""
    if x is None:
        return "–"
    if unit.startswith("kr"):
        return fmt.mnok(x, 2)
    if unit == "andel":
        return fmt.pct(x, 1)
    return fmt.num(x, decimals)


def _published(b: Baseline) -> None:
    st.subheader(tr("Publiserte tall mot modellens tall", "Published figures against the model's"))
    try:
        checks = _checks(b.hash, b)
    except Exception as e:  # noqa: BLE001 - no traceback reaches a user
        st.error(tr("Kontrolltallene kunne ikke regnes: ", "Checks failed: ") + w.md(e))
        return
    if not checks:
        st.info(
            tr(
                "Grunnlaget har ingen publiserte referansetall å sammenligne med.",
                "This baseline has no published reference figures to compare with.",
            )
        )
        return
    c = {
        "label": tr("Størrelse", "Quantity"),
        "key": tr("Nøkkel", "Key"),
        "pub": tr("Publisert", "Published"),
        "model": tr("Modellen", "Model"),
        "dev": tr("Avvik", "Deviation"),
        "tol": tr("Toleranse", "Tolerance"),
        "ok": tr("Innenfor", "Within"),
        "unit": tr("Enhet", "Unit"),
        "source": tr("Kilde", "Source"),
        "note": tr("Merknad", "Note"),
    }
    yes_no = {True: tr("ja", "yes"), False: tr("nei", "no"), None: "–"}
    not_computed = tr(
        "Modellen regner ikke ut denne størrelsen; tallet står som referanse.",
        "The model does not compute this figure; it is shown for reference.",
    )
    shown, num = [], []
    for x in checks:
        label = pick(x, "label") or x.key
        decimals = 0 if float(x.published).is_integer() else 2
        dev = x.deviation
        note = pick_text(x, "note") or (not_computed if x.model is None else "")
        source = pick_text(x, "source")
        shown.append(
            {
                c["label"]: label,
                c["pub"]: _figure(x.published, x.unit, decimals),
                c["model"]: _figure(x.model, x.unit, decimals),
                # a rounding residue (1e-16) is no deviation: no "-0,0 %"
                c["dev"]: "–" if dev is None else fmt.pct(0.0 if abs(dev) < 5e-5 else dev, 1),
                c["tol"]: "–" if x.tolerance is None else fmt.pct(x.tolerance, 1),
                c["ok"]: yes_no[x.ok],
                c["unit"]: fmt.unit(x.unit),
                c["source"]: source,
                c["note"]: note,
            }
        )
        num.append(
            {
                c["label"]: label,
                c["key"]: x.key,
                c["pub"]: x.published,
                c["model"]: x.model,
                c["dev"]: dev,
                c["tol"]: x.tolerance,
                c["ok"]: x.ok,
                c["unit"]: fmt.unit(x.unit),
                c["source"]: source,
                c["note"]: note,
            }
        )
    st.caption(
        tr(
            f"De publiserte tallene for grunnlaget «{w.md(b.name)}», hvert regnet i modellen "
            "med det scenariet tallet beskriver (dagens situasjon eller rapportens tiltak). "
            "Pengebeløp i mill. kr. Avvik = (modell − publisert) / publisert. Toleransen er "
            "rapportens avrunding; uten toleranse vises tallet uten kontroll. Merknaden sier "
            "hvorfor et tall avviker eller ikke kan regnes.",
            f"The published figures of the baseline '{w.md(b.name)}', each computed by the "
            "model with the scenario the figure describes (today, or the report's measure). "
            "Money in NOK million. Deviation = (model − published) / published. The tolerance "
            "is the report's rounding; without one the figure is shown, not checked. The note "
            "says why a figure deviates or cannot be computed.",
        )
    )
    tables.show(
        pd.DataFrame(num),
        {},
        tr("publisert-mot-modell", "published-vs-model"),
        f"{PAGE}:published",
        display=pd.DataFrame(shown),
        right=(c["pub"], c["model"], c["dev"], c["tol"]),
        widths={c["pub"]: 110, c["model"]: 110, c["dev"]: 85},
    )


def _status_summary(b: Baseline) -> None:
    st.subheader(tr("Hva er publisert, og hva er antatt?", "What is published, what assumed?"))
    groups: dict[str, list[str]] = {}
    for key, p in b.parameters.items():
        groups.setdefault(p.status, []).append(pick(p, "label") or key)
    rec_sites = sum(1 for x in b.sites if x.status == "reconstructed")
    lines = []
    for status in ("published", "derived", "reconstructed", "assumption"):
        names = groups.get(status, [])
        if names:
            lines.append(
                f"- **{w.md(w.status_label(status).capitalize())}** ({fmt.num(len(names))}): "
                + w.md(", ".join(names))
            )
    st.markdown("\n".join(lines))
    if rec_sites:
        st.markdown(
            tr(
                f"- **Rekonstruert**: nattbemanningen ved {fmt.num(rec_sites)} lokasjoner "
                "(våkne, hvilende, vaktlengde, døgnturnus) og brukerne med refusjon. Rapportene "
                "publiserer bare summene; fordelingen er laget slik at summene stemmer.",
                f"- **Reconstructed**: night staffing at {fmt.num(rec_sites)} sites (awake, "
                "resting, shift length, døgnturnus) and the users with refund. The reports only "
                "publish totals; the distribution is made so the totals match.",
            )
        )


# --------------------------------------------------------------------- uncertainty
def _uncertainty_section(b: Baseline, s: Scenario, r: Result) -> None:
    st.subheader(tr("Usikkerhet i gjeldende scenario", "Uncertainty of the current scenario"))
    active = [m for m in r.measures if m.active]
    if not active:
        st.info(
            tr(
                "Scenarioet har ingen tiltak ennå, så det er ingen besparelse å regne "
                "usikkerhet på.",
                "The scenario has no measures yet, so there is no saving to analyse.",
            )
        )
        return
    try:
        u, sens = _uncertainty(s.canonical_json(), b.hash, b)
    except Exception as e:  # noqa: BLE001 - message, not traceback
        st.error(tr("Usikkerheten kunne ikke regnes: ", "Could not compute: ") + w.md(e))
        return
    if not state.workshop():
        c = st.columns(4)
        c[0].metric(
            tr("Netto besparelse P10", "Net saving P10"),
            fmt.mnok(u.total_net.p10) + tr("/år", "/yr"),
            help=tr("9 av 10 trekninger gir mer enn dette", "9 in 10 draws give more"),
        )
        c[1].metric(
            tr("Netto besparelse P50", "Net saving P50"),
            fmt.mnok(u.total_net.p50) + tr("/år", "/yr"),
            help=tr("Medianen", "The median"),
        )
        c[2].metric(
            tr("Netto besparelse P90", "Net saving P90"),
            fmt.mnok(u.total_net.p90) + tr("/år", "/yr"),
            help=tr("1 av 10 trekninger gir mer enn dette", "1 in 10 draws give more"),
        )
        c[3].metric(
            tr("Beregnet (verdiene)", "Computed (values)"),
            fmt.mnok(r.totals.net_savings_nok_per_year) + tr("/år", "/yr"),
        )
        st.caption(
            tr(
                f"{fmt.num(u.draws)} trekninger, frø {u.seed}, {fmt.num(len(u.parameters))} "
                "parametere med spenn: "
                + w.md(", ".join(pick(b.parameters[k], "label") or k for k in u.parameters)),
                f"{fmt.num(u.draws)} draws, seed {u.seed}, {fmt.num(len(u.parameters))} "
                "parameters with a range: "
                + w.md(", ".join(pick(b.parameters[k], "label") or k for k in u.parameters)),
            )
        )
    rows = [x for x in sens if x.swing > 1.0][:12]
    if not rows:
        st.caption(
            tr(
                "Ingen av parameterne med spenn påvirker dette scenarioet.",
                "None of the parameters with a range affect this scenario.",
            )
        )
        return
    base = r.totals.net_savings_nok_per_year / 1e6
    tdf = pd.DataFrame(
        {
            "label": [pick(x, "label") for x in rows],
            "low_mnok": [x.net_at_low / 1e6 for x in rows],
            "high_mnok": [x.net_at_high / 1e6 for x in rows],
            "base_mnok": [base] * len(rows),
        }
    )
    st.markdown("**" + tr("Hva betyr mest? (tornado)", "What matters most? (tornado)") + "**")
    chart_block(
        charts.tornado(tdf),
        tdf.rename(
            columns={
                "label": tr("Parameter", "Parameter"),
                "low_mnok": tr("Netto ved lav (mill. kr)", "Net at low (NOK m)"),
                "high_mnok": tr("Netto ved høy (mill. kr)", "Net at high (NOK m)"),
                "base_mnok": tr("Netto beregnet (mill. kr)", "Net computed (NOK m)"),
            }
        ),
        tr("tornado", "tornado"),
        f"{PAGE}:tornado",
        title=tr("Hva betyr mest for netto besparelse?", "What matters most for the net saving?"),
    )
    if state.workshop():
        return
    one: Callable[[Any], str] = lambda v: fmt.mnok(v, 2)  # noqa: E731
    srows_num, srows_shown = [], []
    for x in rows:
        base_row = {tr("Parameter", "Parameter"): pick(x, "label")}
        srows_num.append(
            base_row
            | {
                tr("Lav", "Low"): x.low,
                tr("Verdi", "Value"): x.base,
                tr("Høy", "High"): x.high,
                tr("Enhet", "Unit"): fmt.unit(x.unit),
                tr("Netto ved lav", "Net at low"): x.net_at_low,
                tr("Netto ved høy", "Net at high"): x.net_at_high,
                tr("Utslag", "Swing"): x.swing,
            }
        )
        srows_shown.append(
            base_row
            | {
                tr("Lav", "Low"): fmt.param_value(x.low, x.unit),
                tr("Verdi", "Value"): fmt.param_value(x.base, x.unit),
                tr("Høy", "High"): fmt.param_value(x.high, x.unit),
                tr("Enhet", "Unit"): fmt.unit(x.unit),
                tr("Netto ved lav", "Net at low"): one(x.net_at_low),
                tr("Netto ved høy", "Net at high"): one(x.net_at_high),
                tr("Utslag", "Swing"): one(x.swing),
            }
        )
    tables.show(
        pd.DataFrame(srows_num),
        {},
        tr("sensitivitet", "sensitivity"),
        f"{PAGE}:sensitivity",
        display=pd.DataFrame(srows_shown),
        right=(
            tr("Lav", "Low"),
            tr("Verdi", "Value"),
            tr("Høy", "High"),
            tr("Netto ved lav", "Net at low"),
            tr("Netto ved høy", "Net at high"),
            tr("Utslag", "Swing"),
        ),
    )
    if u.by_measure_net:
        labels = {m.id: pick(m, "label") for m in r.measures}
        qn = [
            {
                tr("Tiltak", "Measure"): labels.get(mid, mid),
                "P10": q.p10,
                "P50": q.p50,
                "P90": q.p90,
            }
            for mid, q in u.by_measure_net.items()
        ]
        st.markdown("**" + tr("Netto besparelse per tiltak", "Net saving by measure") + "**")
        tables.show(
            pd.DataFrame(qn),
            {"P10": fmt.mnok, "P50": fmt.mnok, "P90": fmt.mnok},
            tr("usikkerhet-per-tiltak", "uncertainty-by-measure"),
            f"{PAGE}:by_measure",
        )


# --------------------------------------------------------------------------- page
def page() -> None:
    b = state.baseline()
    s = state.scenario()
    r = state.result()
    st.header(tr("Metode og kilder", "Method and sources"))
    if state.workshop():
        _uncertainty_section(b, s, r)
        return
    st.caption(
        tr(
            "Alle tall er cirka-tall som bygger på offentlige rapporter (PwC 2021 for Alver, "
            "Agenda Kaupang 2022 for Sogndal) og på antakelser som er merket som det. Her står "
            "hver formel, hver parameter med kilde, og hvor godt modellen treffer de "
            "publiserte tallene.",
            "All figures are approximate and rest on public reports (PwC 2021 for Alver, "
            "Agenda Kaupang 2022 for Sogndal) and on assumptions marked as such. Here is every "
            "formula, every parameter with its source, and how well the model matches the "
            "published figures.",
        )
    )
    r0 = evaluate(b)
    _formulas(b, r0)
    st.divider()
    st.subheader(tr("Alle parametere", "Every parameter"))
    st.caption(
        tr(
            f"Grunnlaget «{w.md(b.name)}» ({w.md(b.municipality)} {b.year}, {b.hash}).",
            f"The baseline '{w.md(b.name)}' ({w.md(b.municipality)} {b.year}, {b.hash}).",
        )
    )
    num, shown, right = w.parameter_tables(b)
    tables.show(
        num, {}, tr("parametere", "parameters"), f"{PAGE}:params", display=shown, right=right
    )
    _published(b)
    _status_summary(b)
    st.divider()
    _uncertainty_section(b, s, r)


page()
