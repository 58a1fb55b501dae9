"""Names, consequences and preconditions of each measure (the consultants' table format).

Texts paraphrase what the reports (PwC 2021 for Alver, Agenda Kaupang 2022 for Sogndal,
Ålesund 2021, Molde/Kristiansund 2025) say about each kind of measure.
"""

from __future__ import annotations

from dataclasses import dataclass

from model.baseline import Service


@dataclass(frozen=True)
class MeasureInfo:
    id: str
    kind: str
    label_nb: str
    label_en: str
    consequences_nb: str
    consequences_en: str
    preconditions_nb: str
    preconditions_en: str


MEASURES: tuple[MeasureInfo, ...] = (
    MeasureInfo(
        "night_arrangement",
        "night",
        "Endret nattordning",
        "Changed night arrangement",
        "Færre eller andre nattevakter per lokasjon. Avvikles døgnturnus, faller det individuelle "
        "tillegget bort; vekkes en hvilende vakt, utløses overtid (826 kr/t) og hvile dagen etter.",
        "Fewer or different night staff per site. Abolishing døgnturnus removes the individual "
        "supplement; waking a resting watch triggers overtime (NOK 826/h) and rest the next day.",
        "Døgnturnus må godkjennes sentralt av partene; endringer drøftes med tillitsvalgte og "
        "verneombud. Brukernes behov om natten må være kartlagt.",
        "Døgnturnus must be approved centrally by the unions; changes are discussed with union "
        "and safety representatives. Residents' night needs must be assessed.",
    ),
    MeasureInfo(
        "colocation",
        "colocation",
        "Samlokalisering",
        "Co-location",
        "Færre lokasjoner og personalbaser; nattbemanningen avhenger av ordningen i de nye "
        "bofellesskapene. Synergier dag/kveld er mindre (mye vedtatt ansikt-til-ansikt-tid).",
        "Fewer sites and staff bases; the night saving depends on the arrangement chosen for "
        "the new sites. Day/evening synergies are smaller (much decided face-to-face time).",
        "Investering i nye bygg (Husbanken dekker inntil 45 %); planlegges med beboere, "
        "pårørende, tillitsvalgte og verneombud, og gjennomføres gradvis. Husbanken anbefaler "
        "4–8 boenheter for personer med utviklingshemming.",
        "Investment in new buildings (Husbanken grants up to 45 %); planned with residents, "
        "relatives, unions and safety representatives, and done gradually. Husbanken advises "
        "4–8 units for people with intellectual disabilities.",
    ),
    MeasureInfo(
        "ambulant_team",
        "ambulant",
        "Felles ambulant nattjeneste",
        "Shared ambulant night team",
        "Et våkent team dekker flere lokasjoner og erstatter noe bemanning på stedet; "
        "responstid og kjøretid må vurderes.",
        "An awake team covers several sites and replaces some on-site staff; response and "
        "travel times must be assessed.",
        "Lokasjonene må ligge nær hverandre; beboernes behov må tåle at hjelpen kommer utenfra.",
        "Sites must be close to each other; residents' needs must allow help arriving from "
        "outside.",
    ),
    MeasureInfo(
        "digital_supervision",
        "digital",
        "Digitalt tilsyn om natten",
        "Digital night supervision",
        "Sensorer/kamera støtter en mindre bemanning på stedet. Effekten er usikker "
        "(tynt kunnskapsgrunnlag) og vises med et spenn.",
        "Sensors/cameras support a smaller on-site presence. The effect is uncertain "
        "(thin evidence) and is shown with a range.",
        "Samtykke eller vedtak for hver beboer, personvernvurdering og rutiner for utrykning.",
        "Consent or a decision for each resident, a privacy assessment and call-out routines.",
    ),
    MeasureInfo(
        "overtime",
        "lever",
        "Redusere overtid",
        "Cut overtime",
        "Mindre overtid gir lavere kostnad per time; krever bedre planlegging av fravær.",
        "Less overtime lowers the cost per hour; needs better planning of absence.",
        "Oppfølging av turnus og fravær per avdeling.",
        "Follow-up of rotas and absence per department.",
    ),
    MeasureInfo(
        "substitutes",
        "lever",
        "Redusere vikarkostnader",
        "Cut substitute cost",
        "Lavere vikarbruk, f.eks. gjennom lavere sykefravær og større stillinger.",
        "Less use of substitutes, e.g. through lower sickness absence and larger positions.",
        "Arbeid med nærvær og heltidskultur.",
        "Work on attendance and a full-time culture.",
    ),
    MeasureInfo(
        "competence_level",
        "lever",
        "Lavere gjennomsnittlig lønnsnivå ved nytilsetting",
        "Lower average pay level of new hires",
        "Lavere lønnskostnad; kan påvirke kompetanse og kvalitet.",
        "Lower pay cost; may affect competence and quality.",
        "Bevisst kompetansesammensetning per avdeling.",
        "A deliberate competence mix per department.",
    ),
    MeasureInfo(
        "rota_hours",
        "lever",
        "Redusere turnustimer",
        "Cut rota hours",
        "Færre turnustimer ut over vedtakstimene (påslag).",
        "Fewer rota hours above decided hours (mark-up).",
        "Gjennomgang av turnuser mot vedtak.",
        "Review of rotas against decisions.",
    ),
    MeasureInfo(
        "decided_hours",
        "lever",
        "Redusere vedtakstimer",
        "Cut decided service hours",
        "Færre vedtatte timer per bruker etter ny vurdering av behov.",
        "Fewer decided hours per user after reassessing needs.",
        "Individuell vurdering og nye vedtak; klageadgang for brukerne.",
        "Individual assessment and new decisions; users may appeal.",
    ),
    MeasureInfo(
        "coverage_rate",
        "coverage",
        "Lavere dekningsgrad i sykehjem",
        "Lower nursing-home coverage rate",
        "Færre plasser enn en videreføring av dagens dekningsgrad ville krevd (unngått "
        "kostnad); flere må få tjenester hjemme eller i omsorgsbolig.",
        "Fewer places than keeping today's coverage rate would need (avoided cost); more "
        "people must be served at home or in care housing.",
        "Utbygging av hjemmetjenester og heldøgns omsorgsboliger i takt med nedtrappingen.",
        "Home care and 24/7 care housing must grow in step.",
    ),
    MeasureInfo(
        "close_homes",
        "coverage",
        "Legge ned navngitte sykehjem eller avdelinger",
        "Close named nursing homes or units",
        "Færre plasser i dag: sykehjemmets egne plasser, årsverk og kostnad tas ut av budsjettet. "
        "Beboerne må få tilbud et annet sted.",
        "Fewer places today: the home's own places, FTE and cost leave the budget. Its "
        "residents must be served elsewhere.",
        "Kapasitet i hjemmetjeneste og heldøgns omsorgsbolig; brukes hele enheten til annet, "
        "må like mange plasser legges ned andre steder.",
        "Capacity in home care and 24/7 housing; if the unit is used for something else, as "
        "many places must close elsewhere.",
    ),
    MeasureInfo(
        "staffing_norm",
        "staffing",
        "Bemanning mot normtall i sykehjem",
        "Nursing-home staffing towards norms",
        "Færre årsverk per plass, målt mot normtall per plasstype.",
        "Fewer FTE per place, measured against norms per place type.",
        "Gjennomgang av turnuser og oppgavedeling; normtallene er sammenligningstall, ikke krav.",
        "Review of rotas and task sharing; the norms are comparisons, not requirements.",
    ),
    MeasureInfo(
        "hdo_ratio",
        "staffing",
        "Bemanningsfaktor i heldøgns omsorgsbolig",
        "Staffing ratio in 24/7 care housing",
        "Endret antall årsverk per beboer i heldøgns omsorgsbolig (HDO).",
        "Changed FTE per resident in 24/7 care housing.",
        "Kartlegging av beboernes behov.",
        "Assessment of residents' needs.",
    ),
)

MEASURE_BY_ID = {m.id: m for m in MEASURES}

SERVICE_LABELS: dict[str, tuple[str, str]] = {
    Service.MENTAL_HEALTH.value: ("Psykisk helse og rus", "Mental health and addiction"),
    Service.HABILITATION.value: ("Habilitering", "Habilitation"),
    Service.RESOURCE_INTENSIVE.value: ("Ressurskrevende tjenester", "Resource-intensive"),
    Service.RESPITE.value: ("Avlastning", "Respite care"),
    Service.AMBULANT.value: ("Ambulant tjeneste", "Ambulant service"),
    Service.OTHER.value: ("Annet", "Other"),
    Service.HOME_CARE.value: ("Hjemmetjenesten", "Home care"),
    Service.NURSING_HOME.value: ("Sykehjem", "Nursing homes"),
    Service.HDO.value: ("Heldøgns omsorgsbolig", "24/7 care housing"),
}
