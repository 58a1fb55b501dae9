"""Demography to 2050: population by age group and the need for care at constant coverage.

With population P(g, y) in age group g and year y, and for each level of care *l*
(home care, 24/7 care housing, nursing home: the *innsatstrapp*) the users per
inhabitant r(l, g), FTE per user f(l, g) and cost per user k(l, g) of the base year:

    users(l, y) = Σ_g r(l, g) · P(g, y)          (today's practice carried forward)
    FTE(l, y)   = Σ_g r(l, g) · P(g, y) · f(l, g)
    cost(l, y)  = Σ_g r(l, g) · P(g, y) · k(l, g)

Nursing homes against the scenario's coverage target (places per inhabitant 80+,
the definition in docs/method.md §3): today's rate d0 = users(sykehjem, y0) / P80+(y0);
the scenario's rate moves linearly from d0 in the base year to the target d* in the
target year and stays there; scenario places(y) = d(y) · P80+(y). Avoided places =
constant-coverage places − scenario places, priced at the nursing-home FTE and cost per
user (the population-weighted average over age groups in that year).

24/7 care housing against the scenario's staffing target t (FTE per resident):
FTE avoided(y) = FTE(hdo, y) − users(hdo, y) · t, priced at cost(hdo, y) / FTE(hdo, y).
"""

from __future__ import annotations

from collections import defaultdict

from pydantic import BaseModel, ConfigDict, Field

from model.economy.tables import LEVEL_LABELS, LEVELS, CoverageRow, PopulationRow, parse_age

DEFAULT_GROUPS: tuple[str, ...] = ("0-66", "67-79", "80-89", "90+")
DEFAULT_MILESTONES: tuple[int, ...] = (2030, 2040, 2050)
MAX_HORIZON = 2100


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DemographyError(ValueError):
    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems  # (nb, en)
        super().__init__("; ".join(en for _, en in problems))


class DemographySettings(_Frozen):
    region: str | None = Field(default=None, description="None: the only region in the file")
    alternative: str | None = Field(
        default=None, description="None: the one containing 'MMMM', else the only one"
    )
    groups: list[str] = Field(default_factory=lambda: list(DEFAULT_GROUPS), min_length=1)
    base_year: int | None = Field(default=None, description="None: first year in the file")
    horizon: int = Field(default=2050, ge=1990, le=MAX_HORIZON, description="last year shown")
    milestones: list[int] = Field(default_factory=lambda: list(DEFAULT_MILESTONES), max_length=10)
    nursing_target_rate: float | None = Field(default=None, ge=0, le=0.6)
    nursing_target_year: int | None = Field(default=None, ge=1990, le=MAX_HORIZON)
    hdo_target_fte_per_resident: float | None = Field(default=None, ge=0, le=10)


class LevelPath(_Frozen):
    level: str
    label_nb: str
    label_en: str
    users: list[float]
    fte: list[float]
    cost_nok: list[float]


class Milestone(_Frozen):
    year: int
    level: str
    users: float
    fte: float
    cost_nok: float
    users_change: float = Field(description="vs the base year")
    fte_change: float
    cost_change_nok: float


class NursingYear(_Frozen):
    year: int
    population_80_plus: float
    rate_constant: float
    rate_scenario: float
    places_constant: float
    places_scenario: float
    avoided_places: float
    avoided_fte: float
    avoided_cost_nok: float


class HdoYear(_Frozen):
    year: int
    residents: float
    fte_constant: float
    fte_target: float
    avoided_fte: float
    avoided_cost_nok: float


class DemographyResult(_Frozen):
    region: str
    alternative: str
    base_year: int
    years: list[int]
    groups: list[str]
    population: dict[str, list[float]]
    population_80_plus: list[float]
    levels: list[LevelPath]
    milestones: list[Milestone]
    missing_milestones: list[int] = Field(description="asked for but outside the data/horizon")
    nursing: list[NursingYear] = Field(description="at the milestone years; empty without target")
    hdo: list[HdoYear] = Field(
        default_factory=list, description="24/7 housing at the scenario's FTE-per-resident target"
    )
    need_ratio_last_year: float | None = Field(
        description="cost at constant coverage in the last year / base year"
    )


def _group_bounds(groups: list[str]) -> list[tuple[str, int, int | None]]:
    out = []
    for g in groups:
        try:
            a, b = parse_age(g)
        except ValueError:
            raise DemographyError(
                [(f"Ukjent aldersgruppe «{g}».", f"Unknown age group '{g}'.")]
            ) from None
        out.append((g, a, b))
    out.sort(key=lambda t: t[1])
    problems = []
    for (g1, _a1, b1), (g2, a2, _b2) in zip(out, out[1:]):
        if b1 is None or b1 + 1 != a2:
            problems.append(
                (
                    f"Aldersgruppene «{g1}» og «{g2}» må henge sammen uten hull eller overlapp.",
                    f"Age groups '{g1}' and '{g2}' must join without gap or overlap.",
                )
            )
    if out[0][1] != 0 or out[-1][2] is not None:
        problems.append(
            (
                "Aldersgruppene må starte på 0 og slutte med en åpen gruppe (f.eks. 90+).",
                "The age groups must start at 0 and end with an open group (e.g. 90+).",
            )
        )
    if problems:
        raise DemographyError(problems)
    return out


def choose(rows: list[PopulationRow], s: DemographySettings) -> tuple[str, str]:
    """The region and projection alternative to use (see DemographySettings)."""
    regions = sorted({r.region for r in rows})
    alts = sorted({r.alternative for r in rows})
    region = s.region
    if region is None:
        if len(regions) != 1:
            raise DemographyError(
                [
                    (
                        f"Filen har {len(regions)} regioner; velg én: {', '.join(regions[:10])}.",
                        f"The file has {len(regions)} regions; pick one: {', '.join(regions[:10])}.",
                    )
                ]
            )
        region = regions[0]
    elif region not in regions:
        raise DemographyError(
            [
                (
                    f"Regionen «{region}» finnes ikke i filen.",
                    f"Region '{region}' is not in the file.",
                )
            ]
        )
    alt = s.alternative
    if alt is None:
        mmmm = [a for a in alts if "MMMM" in a.upper()]
        if len(mmmm) == 1:
            alt = mmmm[0]
        elif len(alts) == 1:
            alt = alts[0]
        else:
            raise DemographyError(
                [
                    (
                        "Filen har flere framskrivingsalternativer; velg ett: " + ", ".join(alts),
                        "The file has several projection alternatives; pick one: "
                        + ", ".join(alts),
                    )
                ]
            )
    elif alt not in alts:
        raise DemographyError(
            [
                (
                    f"Alternativet «{alt}» finnes ikke i filen.",
                    f"Alternative '{alt}' is not in the file.",
                )
            ]
        )
    return region, alt


def population_by_group(
    rows: list[PopulationRow], s: DemographySettings
) -> tuple[str, str, list[int], dict[str, list[float]]]:
    """Sum the file's ages (single years or bands, any sex) into the settings' groups.

    Every age of every group must be present in every year; a band that straddles two
    groups is an error (it cannot be split without assuming an age profile)."""
    region, alt = choose(rows, s)
    bounds = _group_bounds(s.groups)
    sel = [r for r in rows if r.region == region and r.alternative == alt]
    per_year: dict[int, dict[str, float]] = defaultdict(lambda: {g: 0.0 for g, _, _ in bounds})
    covered: dict[tuple[int, str, str], list[tuple[int, int | None]]] = defaultdict(list)
    problems: list[tuple[str, str]] = []
    for r in sel:
        hit = None
        for g, a, b in bounds:
            inside_hi = (b is None) or (r.age_to is not None and r.age_to <= b)
            if r.age_from >= a and inside_hi and (b is None or r.age_from <= b):
                hit = g
                break
        label = f"{r.age_from}" + (f"-{r.age_to}" if r.age_to != r.age_from else "")
        if r.age_to is None:
            label = f"{r.age_from}+"
        if hit is None:
            problems.append(
                (
                    f"Alder {label} ({r.year}) går over grensen mellom to aldersgrupper; "
                    "bruk ettårig alder eller bånd som passer gruppene.",
                    f"Age {label} ({r.year}) crosses the boundary of two age groups; use "
                    "single years or bands that fit the groups.",
                )
            )
            continue
        per_year[r.year][hit] += r.value
        covered[(r.year, hit, r.sex)].append((r.age_from, r.age_to))
    years = sorted(per_year)
    sexes = sorted({r.sex for r in sel}) or [""]
    for y in years:
        for g, a, b in bounds:
            for sx in sexes:
                spans = sorted(covered.get((y, g, sx), []), key=lambda t: t[0])
                nxt: int | None = a
                for lo, hi in spans:
                    if nxt is None or lo != nxt:
                        break
                    nxt = None if hi is None else hi + 1
                complete = (nxt is None) if b is None else (nxt is not None and nxt == b + 1)
                if not complete:
                    who = f" ({sx})" if sx else ""
                    problems.append(
                        (
                            f"{y}: aldersgruppe {g}{who} er ikke dekket fullt ut (mangler fra alder {nxt}).",
                            f"{y}: age group {g}{who} is not fully covered (missing from age {nxt}).",
                        )
                    )
    if not sel:
        problems.append(("Ingen rader for valgt region og alternativ.", "No rows for the choice."))
    if problems:
        raise DemographyError(list(dict.fromkeys(problems))[:20])
    return region, alt, years, {g: [per_year[y][g] for y in years] for g, _, _ in bounds}


def project(
    rows: list[PopulationRow], coverage: list[CoverageRow], s: DemographySettings
) -> DemographyResult:
    region, alt, all_years, pop = population_by_group(rows, s)
    base = s.base_year if s.base_year is not None else all_years[0]
    if base not in all_years:
        raise DemographyError(
            [
                (
                    f"Basisåret {base} finnes ikke i befolkningsfilen.",
                    f"The base year {base} is not in the population file.",
                )
            ]
        )
    idx = [i for i, y in enumerate(all_years) if base <= y <= s.horizon]
    years = [all_years[i] for i in idx]
    pop = {g: [v[i] for i in idx] for g, v in pop.items()}
    groups = list(pop)
    bounds = {g: (a, b) for g, a, b in _group_bounds(s.groups)}
    p80 = [sum(pop[g][k] for g in groups if bounds[g][0] >= 80) for k in range(len(years))]
    if not any(bounds[g][0] == 80 for g in groups):
        raise DemographyError(
            [
                (
                    "En aldersgruppe må starte på 80 (dekningsgrad regnes mot 80+).",
                    "One age group must start at 80 (coverage is measured against 80+).",
                )
            ]
        )
    problems: list[tuple[str, str]] = []
    cov: dict[tuple[str, str], CoverageRow] = {}
    for c in coverage:
        try:
            key = parse_age(c.age_group)
        except ValueError:
            key = (-1, None)
        g = next((g for g in groups if bounds[g] == key), None)
        if g is None:
            problems.append(
                (
                    f"Dekningsgraden for {c.level}, aldersgruppe «{c.age_group}», passer ikke "
                    f"aldersgruppene ({', '.join(groups)}).",
                    f"The coverage row {c.level}, age group '{c.age_group}', does not match the "
                    f"age groups ({', '.join(groups)}).",
                )
            )
            continue
        cov[(c.level, g)] = c
    if problems:
        raise DemographyError(problems)

    n = len(years)
    paths: list[LevelPath] = []
    for lv in LEVELS:
        users, fte, cost = [0.0] * n, [0.0] * n, [0.0] * n
        present = False
        for g in groups:
            cr = cov.get((lv, g))
            if cr is None:
                continue
            present = True
            for k in range(n):
                u = cr.users_per_inhabitant * pop[g][k]
                users[k] += u
                fte[k] += u * cr.fte_per_user
                cost[k] += u * cr.cost_per_user_nok
        if present:
            nb, en = LEVEL_LABELS[lv]
            paths.append(
                LevelPath(level=lv, label_nb=nb, label_en=en, users=users, fte=fte, cost_nok=cost)
            )

    pos = {y: k for k, y in enumerate(years)}
    wanted = sorted(dict.fromkeys(s.milestones))
    have = [y for y in wanted if y in pos and y > base]
    missing = [y for y in wanted if y not in have]
    miles = [
        Milestone(
            year=y,
            level=p.level,
            users=p.users[pos[y]],
            fte=p.fte[pos[y]],
            cost_nok=p.cost_nok[pos[y]],
            users_change=p.users[pos[y]] - p.users[0],
            fte_change=p.fte[pos[y]] - p.fte[0],
            cost_change_nok=p.cost_nok[pos[y]] - p.cost_nok[0],
        )
        for y in have
        for p in paths
    ]

    nursing: list[NursingYear] = []
    nh = next((p for p in paths if p.level == "sykehjem"), None)
    if nh is not None and s.nursing_target_rate is not None and p80[0] > 0:
        d0 = nh.users[0] / p80[0]
        ty = s.nursing_target_year if s.nursing_target_year is not None else years[-1]
        for y in have:
            k = pos[y]
            share = 1.0 if ty <= base else min(1.0, max(0.0, (y - base) / (ty - base)))
            d = d0 + (s.nursing_target_rate - d0) * share
            places_c = nh.users[k]
            places_s = d * p80[k]
            fte_pp = nh.fte[k] / places_c if places_c else 0.0
            cost_pp = nh.cost_nok[k] / places_c if places_c else 0.0
            avoided = places_c - places_s
            nursing.append(
                NursingYear(
                    year=y,
                    population_80_plus=p80[k],
                    rate_constant=places_c / p80[k] if p80[k] else 0.0,
                    rate_scenario=d,
                    places_constant=places_c,
                    places_scenario=places_s,
                    avoided_places=avoided,
                    avoided_fte=avoided * fte_pp,
                    avoided_cost_nok=avoided * cost_pp,
                )
            )
    hdo: list[HdoYear] = []
    hp = next((p for p in paths if p.level == "hdo"), None)
    if hp is not None and s.hdo_target_fte_per_resident is not None:
        for y in have:
            k = pos[y]
            target_fte = hp.users[k] * s.hdo_target_fte_per_resident
            cost_per_fte = hp.cost_nok[k] / hp.fte[k] if hp.fte[k] else 0.0
            hdo.append(
                HdoYear(
                    year=y,
                    residents=hp.users[k],
                    fte_constant=hp.fte[k],
                    fte_target=target_fte,
                    avoided_fte=hp.fte[k] - target_fte,
                    avoided_cost_nok=(hp.fte[k] - target_fte) * cost_per_fte,
                )
            )
    tot0 = sum(p.cost_nok[0] for p in paths)
    ratio = (sum(p.cost_nok[-1] for p in paths) / tot0) if paths and tot0 and n > 1 else None
    return DemographyResult(
        region=region,
        alternative=alt,
        base_year=base,
        years=years,
        groups=groups,
        population=pop,
        population_80_plus=p80,
        levels=paths,
        milestones=miles,
        missing_milestones=missing,
        nursing=nursing,
        hdo=hdo,
        need_ratio_last_year=ratio,
    )
