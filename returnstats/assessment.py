"""`returnstats report --year YYYY --out DIR`: the annual Art. 25a assessment pack, written for
a DG HOME policy officer.

The pack: `index.html` (the selection rule and, for the year, whether it could be applied and
which third countries it selects), one page per selected third country, one shared
`plotly.min.js` (so the pack opens offline and weighs one copy of plotly.js, not one per page)
and `ART25A_summary_<YYYY>.xlsx` (typed numbers: no locale can turn 0.085 into 85). Every page
states the data date and the cut-off, the thresholds in words, the EU+ benchmark beside each
rate, the change on the previous year, and flags rates that rest on small numbers. Rates are
shown as percentages with one decimal; each cell carries data attributes naming the
indicator, country, year and the raw value, so the pack can be checked against the marts.
"""

from __future__ import annotations

import html
import json
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from returnstats.export_flows import ART25A
from returnstats.files import publish_folder, replace_file, staged_folder, temporary_sibling, write_atomically
from returnstats.structure import code_lists, indicator_codelist_id, indicator_units
from returnstats.warehouse import connect_reader, serving_path

PROXY_NOTE = ("Cooperation levels are a proxy computed by returnstats from the indicators with the thresholds "
              "stated on this page; they are not the Commission's assessment under Art. 25a of the Visa Code.")
# A rate is flagged when its denominator is below this many cases.
SMALL_NUMBER = 20
# The indicators shown (GEO = TOTAL), as (column of art25a_indicators_a, denominator column):
# their names and units are the ART25A_A code list's (seeds/ref_indicators.csv), read below.
SHOWN_INDICATORS = [
    ("rd", None), ("ret_all", None), ("rate_all", "rd"), ("rate_forced", "rd"), ("rate_forced_incl_transit", "rd"),
    ("ret_unk_dest", None), ("ra_sub", None), ("rate_acc", "ra_sub"), ("td_req", None), ("rate_td", "td_req"),
    ("share_nat_in_time", "nat_decided"), ("nat_pending", None), ("share_td_in_time", "td_decided"),
    ("td_pending", None), ("med_days_nat", None), ("med_days_td", None), ("rate_eutd", "eutd_used"),
    ("rate_charter", "charter_req"),
]
# Shares the pack derives itself (not transmitted, so not in the code list): (name, unit).
DERIVED_INDICATORS = {
    "share_nat_in_time": ("Nationality replies in time (silence past the deadline is late)", "RATIO"),
    "share_td_in_time": ("Travel documents in time (silence past the deadline is late)", "RATIO"),
}
KIND_OF_UNIT = {"PER": "count", "NR": "count", "RATIO": "ratio", "DAY": "days"}


def _indicators() -> list[tuple[str, str, str, str | None]]:
    """(column, label, kind, denominator column) of each indicator shown."""
    names = dict(code_lists()[indicator_codelist_id(ART25A)].codes)
    units = indicator_units(ART25A.code)
    known = {code.lower(): (names[code], unit) for code, unit in units.items()} | DERIVED_INDICATORS
    return [(column, known[column][0], KIND_OF_UNIT[known[column][1]], denominator)
            for column, denominator in SHOWN_INDICATORS]


INDICATORS = _indicators()
# (criterion column of the proxy, label): the per-Member-State table has each as a column.
CRITERIA = [("return_rate", "return rate"), ("acceptance_rate", "acceptance"), ("travel_document_rate", "TD rate"),
            ("timeliness", "in time (instrument deadlines)"), ("eutd_acceptance", "EUTD accepted"),
            ("charter_acceptance", "charters accepted")]
LEVEL_STYLE = {  # colour-blind-safe fill and a text label, so the level never rests on colour alone
    "GOOD": "#4575b4", "AVERAGE": "#fee090", "POOR": "#d73027", "INSUFFICIENT_DATA": "#e0e0e0"}
POINTS = {2: "good", 1: "average", 0: "poor"}


class ReportError(Exception):
    pass


@dataclass(frozen=True)
class Context:
    """What every page states: the year, when the data were published, the cut-off, the rule."""
    year: int
    published_at: str
    cutoff: date | None
    settings: dict
    basis: dict  # the selection basis of the year (art25a_selection_basis_a)
    total_geo: str = "TOTAL"  # the all-Member-States GEO: TOTAL in a warehouse, EU27_2020_EFTA at the hub

    @property
    def cutoff_text(self) -> str:
        if self.cutoff is None:
            return "no cut-off date (no Art. 25a data for the year)"
        state = "has passed: values are final" if self.cutoff < date.today() else \
            "has not passed: values are provisional (status P)"
        return (f"cut-off {self.cutoff.isoformat()} — replies and documents dated after it count nowhere; "
                f"the cut-off {state}")


def _pct(value) -> str:
    return "–" if _missing(value) else f"{100 * value:.1f} %"


def _missing(value) -> bool:
    """None, NaN or pandas' NA (nullable columns)."""
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _fmt(value, kind: str) -> str:
    if _missing(value):
        return "–"
    return {"ratio": _pct(value), "days": f"{value:.1f}"}.get(kind, f"{int(value):,}")


def load(db: Path, hub: bool = False) -> dict:
    """The Art. 25a tables of a warehouse's serving file (schema marts) or of the hub's (schema eu,
    the same tables built from the received files, plus the questionnaire answers)."""
    serving = serving_path(db)
    if not serving.exists():
        raise ReportError(f"the {'hub' if hub else 'warehouse'} has not been built ({serving} missing): run "
                          f"`returnstats {'hub build' if hub else 'build'}` first")
    schema = "eu" if hub else "marts"
    con = connect_reader(serving)
    try:
        tables = {
            "indicators": con.execute(f"""
                select i.*, t.share_nat_in_time, t.share_td_in_time,
                       t.nat_in_time + t.nat_late as nat_decided, t.td_in_time + t.td_late as td_decided,
                       t.reply_deadline_days, t.reply_deadline_unit, t.reply_deadline_source,
                       t.td_deadline_days, t.td_deadline_unit, t.td_deadline_source, t.instrument
                from {schema}.art25a_indicators_a i
                left join {schema}.art25a_timeliness_a t using (year, geo, third_country)""").df(),
            "proxy": con.execute(f"select * from {schema}.art25a_cooperation_proxy_a").df(),
            "wording": con.execute(f"select * from {schema}.art25a_cooperation_by_third_country_a").df(),
            "basis": con.execute(f"select * from {schema}.art25a_selection_basis_a").df(),
            "cutoffs": dict(con.execute(f"select year, max(cutoff_date) from "
                                        f"{'eu.hub_art25a_a' if hub else 'marts.art25a_a'} group by year").fetchall()),
            "names": dict(con.execute("select code, name from ref.ref_countries").fetchall()),
            "publication": con.execute("select published_at, settings_json from publication").fetchone(),
        }
        tables["questionnaire"] = con.execute("select * from eu.art25a_questionnaire").df() if hub else None
        return tables
    finally:
        con.close()


def write_pack(db: Path, year: int, out: Path, hub: bool = False) -> dict:
    data = load(db, hub)
    if not (data["indicators"].year == year).any():
        raise ReportError(f"no Art. 25a data for {year} in the published warehouse")
    basis = data["basis"][data["basis"].year == year]
    published_at, settings = data["publication"]
    context = Context(year, published_at.isoformat(timespec="minutes"), data["cutoffs"].get(year),
                      json.loads(settings), basis.iloc[0].to_dict() if not basis.empty else {},
                      "EU27_2020_EFTA" if hub else "TOTAL")
    wording = data["wording"]
    eligible = wording[(wording.year == year) & (wording.eligible == 1)].sort_values("rd_total", ascending=False)
    names = data["names"]
    # The whole pack is written aside and then replaces the folder: no page of an older pack stays.
    staging = staged_folder(out)
    try:
        write_atomically(staging / "plotly.min.js", get_plotlyjs().encode())
        pages = []
        for row in eligible.itertuples():
            page = staging / f"{row.third_country}.html"
            name = names.get(row.third_country, row.third_country)
            write_atomically(page, country_page(data, context, row.third_country, name).encode())
            pages.append(page.name)
        write_atomically(staging / "index.html", index_page(data, context, eligible, names).encode())
        summary = f"ART25A_summary_{year}.xlsx"
        write_summary(staging / summary, data, context, eligible, names)
        publish_folder(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return {"year": year, "pages": pages, "index": str(out / "index.html"), "summary": str(out / summary),
            "selection_basis": context.basis.get("basis")}


# --- words shared by every page -------------------------------------------------------------

def selection_text(context: Context) -> str:
    """The selection rule and whether it could be applied for the year."""
    s, b = context.settings, context.basis
    rule = (f"Selection rule (COM(2021) 56 §4.1): a third country is assessed for {context.year} when it is in "
            f"Annex I of Regulation (EU) 2018/1806 on 31 December {context.year} and more than "
            f"{int(s['art25a_min_return_decisions']):,} of its nationals were ordered to leave EU+-wide (the 31 "
            f"reporting countries) in "
            f"{b.get('selection_year', context.year - int(s['art25a_selection_year_offset']))}.")
    source = {
        "SEED": "The EU+ figures come from the Eurostat figures supplied in seeds/ref_selection_return_decisions.csv.",
        "WAREHOUSE": "The EU+ figures are this warehouse's EIL_ORD_A summed over the 31 reporting countries, all of "
                     "which have data for that year.",
    }.get(b.get("basis"))
    if source:
        return f"{rule} {source}"
    missing = b.get("missing_countries") or "unknown"
    return (f"{rule} <strong>The rule cannot be applied for {context.year}:</strong> no EU+ figure for "
            f"{b.get('selection_year')} — the seed ref_selection_return_decisions has none, and not all 31 reporting "
            f"countries have data for that year (missing: {html.escape(str(missing))}). Supply Eurostat's "
            f"migr_eiord figures for {b.get('selection_year')} in seeds/ref_selection_return_decisions.csv and "
            "rebuild; until then no third country is selected and ELIGIBLE is not transmitted.")


def thresholds_text(context: Context) -> str:
    s = context.settings
    t, levels = s["proxy_thresholds"], s["proxy_levels"]
    def band(name: str, what: str) -> str:
        good, poor = 100 * float(t[name]["good"]), 100 * float(t[name]["poor"])
        return f"{what}: good from {good:.0f} %, poor below {poor:.0f} %"
    return (
        "How the proxy rates a Member State's cooperation with a third country: "
        f"return rate: good when at least {float(t['return_rate']['good']):g} × the EU+ return rate of the year "
        f"(all third countries), poor when below {float(t['return_rate']['poor']):g} × it; "
        + "; ".join([band("acceptance_rate", "acceptance rate"), band("travel_document_rate", "travel-document rate"),
                     band("timeliness", "share in time (only deadlines set by a readmission instrument)"),
                     band("eutd_acceptance", "EU travel document accepted")
                     + f" (at least {t['eutd_acceptance']['min_cases']} uses)",
                     band("charter_acceptance", "charters accepted")
                     + f" (at least {t['charter_acceptance']['min_cases']} requests)"])
        + f". Good counts 2 points, average 1, poor 0; the level is GOOD from a mean of {levels['good']} points, "
        f"AVERAGE from {levels['average']}, else POOR. A pair with fewer than {s['proxy_min_return_decisions']} "
        f"persons ordered to leave and fewer than {s['proxy_min_applications']} applications is INSUFFICIENT_DATA; "
        f"one with enough persons but fewer than {s['proxy_min_applications']} applications is rated on the return "
        "rate alone (finding FEW_APPLICATIONS: Member States often do not apply where they expect no cooperation). "
        f"Rates resting on fewer than {SMALL_NUMBER} cases are marked ‡.")


def _stamp(context: Context) -> str:
    return (f"<p class='stamp'>Reference year {context.year} · data published {html.escape(context.published_at)} · "
            f"{html.escape(context.cutoff_text)}</p>")


def _cell(value, kind: str, indic: str, geo: str, year: int, denominator=None) -> str:
    raw = "" if _missing(value) else value
    small = kind == "ratio" and not _missing(value) and denominator is not None and not _missing(denominator) \
        and denominator < SMALL_NUMBER
    flag = f" <span class='small' title='fewer than {SMALL_NUMBER} cases'>‡</span>" if small else ""
    return (f'<td data-indic="{indic}" data-geo="{geo}" data-year="{year}" data-value="{raw}">'
            f"{_fmt(value, kind)}{flag}</td>")


def _change(current, previous, kind: str) -> str:
    if _missing(current) or _missing(previous):
        return "<td>–</td>"
    if kind == "ratio":
        return f"<td>{100 * (current - previous):+.1f} pp</td>"
    if kind == "days":
        return f"<td>{current - previous:+.1f}</td>"
    return f"<td>{(current - previous) / previous * 100:+.1f} %</td>" if previous else "<td>–</td>"


def eu_benchmark(indicators: pd.DataFrame, year: int, total_geo: str = "TOTAL") -> dict[str, float | None]:
    """EU+ rates of the year over all third countries (the all-Member-States rows summed)."""
    totals = indicators[(indicators.geo == total_geo) & (indicators.year == year)]
    def ratio(num: str, den: str):
        d = totals[den].sum()
        return float(totals[num].sum() / d) if d else None
    return {
        "rate_all": ratio("ret_all", "rd"), "rate_forced": ratio("ret_forced", "rd"),
        "rate_acc": ratio("ra_acc", "ra_sub"), "rate_td": ratio("td_iss", "td_req"),
        "rate_eutd": ratio("eutd_acc", "eutd_used"), "rate_charter": ratio("charter_acc", "charter_req"),
    }


# --- pages ----------------------------------------------------------------------------------

def country_page(data: dict, context: Context, country: str, name: str) -> str:
    ind, year, total = data["indicators"], context.year, context.total_geo
    totals = ind[(ind.geo == total) & (ind.third_country == country)].sort_values("year")
    this_year = totals[totals.year == year].iloc[0]
    previous = totals[totals.year == year - 1]
    previous = previous.iloc[0] if not previous.empty else None
    benchmark = eu_benchmark(ind, year, total)
    members = ind[(ind.geo != total) & (ind.third_country == country) & (ind.year == year)].sort_values(
        "rd", ascending=False)
    proxy = data["proxy"][(data["proxy"].third_country == country) & (data["proxy"].year == year)]
    wording = data["wording"][(data["wording"].third_country == country) & (data["wording"].year == year)].iloc[0]
    years = list(totals.year)
    header = "".join(f"<th>{y}</th>" for y in years)
    rows = []
    for col, label, kind, den in INDICATORS:
        cells = "".join(_cell(getattr(r, col), kind, col, total, r.year, getattr(r, den) if den else None)
                        for r in totals.itertuples())
        change = _change(this_year[col], previous[col] if previous is not None else None, kind)
        bench = f"<td>{_pct(benchmark.get(col))}</td>" if col in benchmark else "<td></td>"
        rows.append(f"<tr><th>{html.escape(label)}</th>{cells}{change}{bench}</tr>")
    eligibility = (f"<strong>Selected for {year}:</strong> in Annex I on 31 December {year}; "
                   f"{int(this_year.selection_persons):,} persons ordered to leave EU+-wide in "
                   f"{int(this_year.selection_year)} "
                   f"(more than {int(context.settings['art25a_min_return_decisions']):,}).")
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(name)} — Art. 25a {year}</title>{_STYLE}<script src="plotly.min.js"></script></head><body>
<p><a href="index.html">← all third countries</a></p>
<h1>{html.escape(name)} ({country}) — readmission cooperation {year}</h1>
{_stamp(context)}
<p>{eligibility} {selection_text(context)}</p>
<p class="proxy"><strong>Proxy:</strong> cooperation {html.escape(wording.proxy_wording)}
({int(wording.n_good)} good, {int(wording.n_average)} average, {int(wording.n_poor)} poor,
{int(wording.n_insufficient)} with too few cases{_overrides_note(wording)}). {PROXY_NOTE}</p>
<h2>All Member States (GEO = {total}), by year</h2>
<p>{_deadline_text(this_year)}</p>
<table><tr><th></th>{header}<th>change {year - 1}→{year}</th><th>EU+ {year}, all third countries</th></tr>
{''.join(rows)}</table>
{_trend_chart(totals, benchmark)}
<h2>By Member State, {year}</h2>
{_member_chart(members)}
{_member_table(members, proxy, year)}
{_questionnaire_table(data.get("questionnaire"), country, year)}
<p class="note">{html.escape(thresholds_text(context))}</p>
</body></html>"""


def _deadline_text(row) -> str:
    def one(what: str, days, unit, source) -> str:
        if _missing(days):
            return f"{what}: no request in the year"
        origin = f"set by {html.escape(str(row.instrument))}" if source == "INSTRUMENT" else \
            "a default (no instrument deadline known): not used by the proxy"
        return f"{what} deadline {int(days)} {unit} days, {origin}"
    return (one("Nationality reply", row.reply_deadline_days, row.reply_deadline_unit, row.reply_deadline_source)
            + "; " + one("travel document", row.td_deadline_days, row.td_deadline_unit, row.td_deadline_source) + ".")


def _overrides_note(wording) -> str:
    return f"; {int(wording.n_overrides)} set by an analyst override" if wording.n_overrides else ""


def _member_table(members: pd.DataFrame, proxy: pd.DataFrame, year: int) -> str:
    head = "".join(f"<th>{html.escape(label)}</th>" for _, label in CRITERIA)
    body = []
    for r in members.itertuples():
        match = proxy[proxy.geo == r.geo]
        p = match.iloc[0] if not match.empty else None
        criteria = ""
        for column, _ in CRITERIA:
            value = None if p is None else p[column]
            points = None if p is None or _missing(p[f"{column}_points"]) else int(p[f"{column}_points"])
            rating = f" ({POINTS[points]})" if points is not None else ""
            shown_value = "" if _missing(value) else value
            criteria += (f'<td data-indic="{column}" data-geo="{r.geo}" data-value="{shown_value}">'
                         f"{_pct(value)}{rating}</td>")
        level = "–" if p is None else p.level
        shown = level + (f" (override: {html.escape(str(p.override_reason))})" if p is not None and p.is_override
                         else "")
        finding = "" if p is None or _missing(p.finding) else p.finding
        mean = "–" if p is None or _missing(p.mean_points) else f"{p.mean_points:.2f}"
        body.append(
            f"<tr><th>{r.geo}</th>{_cell(r.rd, 'count', 'rd', r.geo, year)}"
            f"{_cell(r.ra_sub, 'count', 'ra_sub', r.geo, year)}"
            f"{criteria}<td>{mean}</td>"
            f"<td style='background:{LEVEL_STYLE.get(level, '#fff')}' data-level='{level}' "
            f"data-geo='{r.geo}'>{shown}</td>"
            f"<td>{finding}</td></tr>")
    return (f"<table><tr><th>Member State</th><th>persons ordered to leave</th><th>applications</th>{head}"
            f"<th>mean points</th><th>proxy level</th><th>finding</th></tr>{''.join(body)}</table>")


def _questionnaire_table(answers: pd.DataFrame | None, country: str, year: int) -> str:
    """The Member States' questionnaire answers for the country and year, beside the indicators
    (hub only; never part of the proxy)."""
    if answers is None:
        return ""
    rows = answers[(answers.third_country == country) & (answers.year == year)]
    if rows.empty:
        return "<h2>Questionnaire</h2><p>No Member State answered the Art. 25a questionnaire for this country.</p>"
    from returnstats.hub.questionnaire import ANSWER_SCALE

    questions = rows[["question", "criterion", "text"]].drop_duplicates().sort_values("criterion")
    head = "".join(f"<th title='{html.escape(str(q.text))}'>{html.escape(str(q.criterion))} "
                   f"{html.escape(str(q.question).lower().replace('_', ' '))}</th>" for q in questions.itertuples())
    body = []
    for geo, answers_of in rows.groupby("geo"):
        by_question = {a.question: a for a in answers_of.itertuples()}
        cells = ""
        for q in questions.itertuples():
            a = by_question.get(q.question)
            cells += "<td>–</td>" if a is None else (
                f"<td data-question='{q.question}' data-geo='{geo}' data-value='{a.answer}' "
                f"title='{html.escape(str(a.comment or ''))}'>{a.answer} ({ANSWER_SCALE[int(a.answer)]})</td>")
        body.append(f"<tr><th>{geo}</th>{cells}</tr>")
    return (f"<h2>Questionnaire answers, {year} (1 poor – 3 good; COM(2021) 56 (d)(i)–(iv))</h2>"
            f"<p>Qualitative input of the Member States, shown beside the indicators; not used by the proxy.</p>"
            f"<table><tr><th>Member State</th>{head}</tr>{''.join(body)}</table>")


def _trend_chart(totals: pd.DataFrame, benchmark: dict) -> str:
    fig = go.Figure()
    for column, label in (("rate_all", "return rate"), ("rate_acc", "acceptance rate"), ("rate_td", "TD rate")):
        fig.add_trace(go.Scatter(x=totals.year, y=totals[column], name=label, mode="lines+markers",
                                 hovertemplate="%{x}: %{y:.1%}<extra>" + label + "</extra>"))
    if benchmark.get("rate_all") is not None:
        fig.add_hline(y=benchmark["rate_all"], line_dash="dot", annotation_text="EU+ return rate")
    fig.update_layout(title="Rates over the years (all Member States)", yaxis_tickformat=".0%", height=350,
                      xaxis={"tickmode": "array", "tickvals": list(totals.year), "tickformat": "d"})
    # plotly.js is the pack's one shared plotly.min.js, loaded in the page head.
    return fig.to_html(full_html=False, include_plotlyjs=False)


def _member_chart(members: pd.DataFrame) -> str:
    fig = go.Figure(go.Bar(x=members.geo, y=members.rd, name="persons ordered to leave",
                           hovertemplate="%{x}: %{y:,} persons<extra></extra>"))
    fig.add_trace(go.Scatter(x=members.geo, y=members.rate_all, name="return rate", yaxis="y2", mode="markers",
                             hovertemplate="%{x}: %{y:.1%}<extra>return rate</extra>"))
    fig.update_layout(title="Persons ordered to leave and return rate by Member State", height=380,
                      yaxis={"tickformat": ",d"},
                      yaxis2={"overlaying": "y", "side": "right", "tickformat": ".0%", "rangemode": "tozero"})
    return fig.to_html(full_html=False, include_plotlyjs=False)


def index_page(data: dict, context: Context, eligible: pd.DataFrame, names: dict) -> str:
    ind, year, total = data["indicators"], context.year, context.total_geo
    benchmark = eu_benchmark(ind, year, total)
    rows = []
    for r in eligible.itertuples():
        t = ind[(ind.geo == total) & (ind.third_country == r.third_country) & (ind.year == year)].iloc[0]
        name = html.escape(names.get(r.third_country, r.third_country))
        rows.append(f"<tr><th><a href='{r.third_country}.html'>{name}"
                    f"</a></th><td>{int(t.selection_persons):,}</td>{_cell(t.rd, 'count', 'rd', total, year)}"
                    f"{_cell(t.rate_all, 'ratio', 'rate_all', total, year, t.rd)}"
                    f"{_cell(t.rate_acc, 'ratio', 'rate_acc', total, year, t.ra_sub)}"
                    f"<td>{html.escape(r.proxy_wording)}</td></tr>")
    table = (f"<table><tr><th>third country</th><th>persons ordered to leave in "
             f"{context.basis.get('selection_year')} (EU+)</th><th>persons ordered to leave in {year}</th>"
             f"<th>return rate (EU+: {_pct(benchmark['rate_all'])})</th>"
             f"<th>acceptance rate (EU+: {_pct(benchmark['rate_acc'])})</th><th>proxy</th></tr>{''.join(rows)}</table>"
             if rows else "<p><strong>No third country is selected for this year.</strong></p>")
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Art. 25a {year}</title>{_STYLE}</head>
<body><h1>Readmission cooperation, {year}: third countries assessed</h1>
{_stamp(context)}
<p>{selection_text(context)}</p>
{table}
<p class="proxy">{PROXY_NOTE}</p>
<p class="note">{html.escape(thresholds_text(context))}</p>
<p>Summary for a spreadsheet: <a href="ART25A_summary_{year}.xlsx">ART25A_summary_{year}.xlsx</a>.</p>
</body></html>"""


def summary_frame(data: dict, context: Context, eligible: pd.DataFrame, names: dict) -> pd.DataFrame:
    ind, year = data["indicators"], context.year
    totals = ind[(ind.geo == context.total_geo) & (ind.year == year)].set_index("third_country")
    records = []
    for r in eligible.itertuples():
        t = totals.loc[r.third_country]
        record = {"third_country": r.third_country, "name": names.get(r.third_country, r.third_country),
                  "selection_year": int(t.selection_year), "selection_persons": int(t.selection_persons)}
        record |= {col: (None if _missing(t[col]) else float(t[col]) if kind != "count" else int(t[col]))
                   for col, _, kind, _ in INDICATORS}
        record |= {"ms_good": int(r.n_good), "ms_average": int(r.n_average), "ms_poor": int(r.n_poor),
                   "ms_insufficient_data": int(r.n_insufficient), "proxy_wording": r.proxy_wording}
        records.append(record)
    columns = ["third_country", "name", "selection_year", "selection_persons",
               *(c for c, _, _, _ in INDICATORS), "ms_good", "ms_average", "ms_poor", "ms_insufficient_data",
               "proxy_wording"]
    return pd.DataFrame.from_records(records, columns=columns)


def write_summary(target: Path, data: dict, context: Context, eligible: pd.DataFrame, names: dict) -> None:
    """The summary as .xlsx: numbers stay numbers (ratios formatted as percentages), text stays
    text (openpyxl writes strings as strings: a cell can never become a formula)."""
    frame = summary_frame(data, context, eligible, names)
    about = pd.DataFrame({"about": [
        f"Art. 25a indicators, reference year {context.year}, all Member States (GEO = {context.total_geo})",
        f"Data published {context.published_at}; {context.cutoff_text}",
        selection_text(context).replace("<strong>", "").replace("</strong>", ""),
        thresholds_text(context), PROXY_NOTE]})
    tmp = temporary_sibling(target)
    with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name="summary", index=False)
        about.to_excel(writer, sheet_name="about", index=False)
        sheet = writer.sheets["summary"]
        for index, column in enumerate(frame.columns, start=1):
            kind = next((k for c, _, k, _ in INDICATORS if c == column), None)
            if kind in ("ratio", "days", "count"):
                number_format = {"ratio": "0.0%", "days": "0.0", "count": "#,##0"}[kind]
                for cell in sheet.iter_cols(min_col=index, max_col=index, min_row=2):
                    for c in cell:
                        c.number_format = number_format
    replace_file(tmp, target)


_STYLE = """<style>body{font-family:sans-serif;margin:2em;max-width:1200px}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}
th{text-align:left}.proxy{background:#f4f4f4;padding:.6em;border-left:4px solid #888}
.stamp{color:#444;font-size:.9em;border-bottom:1px solid #ccc;padding-bottom:.4em}
.note{color:#444;font-size:.9em}.small{color:#b35806;font-weight:bold}</style>"""
