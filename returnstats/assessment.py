"""`returnstats report --year YYYY --out DIR`: the annual Art. 25a assessment pack.

One self-contained HTML page per eligible third country (Plotly embedded, so it opens
offline), an index, and a CSV summary that opens cleanly in Excel (UTF-8 with BOM). Every
figure comes from the published marts; each table cell carries data attributes naming the
indicator, country and year it shows, so the pack can be checked against the marts.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from returnstats.files import publish_folder, staged_folder
from returnstats.safe_csv import neutralise_value
from returnstats.warehouse import connect_reader, serving_path

PROXY_NOTE = ("Cooperation levels are a proxy computed by returnstats from the indicators below with documented "
              "thresholds; they are not the Commission's assessment under Art. 25a of the Visa Code.")
INDICATORS = [  # (column, label, kind)
    ("rd", "Persons ordered to leave (RD)", "count"), ("ret_all", "Returned outside EU/EFTA (RET_ALL)", "count"),
    ("rate_all", "Return rate (RATE_ALL)", "ratio"), ("rate_forced", "Forced return rate (RATE_FORCED)", "ratio"),
    ("ra_sub", "Readmission applications (RA_SUB)", "count"), ("rate_acc", "Acceptance rate (RATE_ACC)", "ratio"),
    ("td_req", "Travel documents requested (TD_REQ)", "count"), ("rate_td", "Travel documents issued (RATE_TD)", "ratio"),
    ("med_days_nat", "Median days to nationality reply", "days"), ("med_days_td", "Median days to travel document", "days"),
    ("share_replies_in_time", "Replies within deadline", "ratio"), ("share_td_in_time", "Travel documents within deadline",
                                                                    "ratio"),
    ("rate_eutd", "EU travel document accepted (RATE_EUTD)", "ratio"),
    ("rate_charter", "Charter operations accepted (RATE_CHARTER)", "ratio"),
]
LEVEL_COLOURS = {"GOOD": "#1a9850", "AVERAGE": "#fdae61", "POOR": "#d73027", "INSUFFICIENT_DATA": "#bbbbbb"}


class ReportError(Exception):
    pass


def _fmt(value, kind: str) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    return {"ratio": f"{value:.4f}", "days": f"{value:.1f}"}.get(kind, f"{int(value):,}")


def load(db: Path) -> dict[str, pd.DataFrame]:
    serving = serving_path(db)
    if not serving.exists():
        raise ReportError(f"the warehouse has not been built ({serving} missing): run `returnstats build` first")
    con = connect_reader(serving)
    try:
        return {
            "indicators": con.execute("""
                select i.*, t.share_replies_in_time, t.share_td_in_time
                from marts.art25a_indicators_a i
                left join marts.art25a_timeliness_a t using (year, geo, third_country)""").df(),
            "proxy": con.execute("select * from marts.art25a_cooperation_proxy_a").df(),
            "wording": con.execute("select * from marts.art25a_cooperation_by_third_country_a").df(),
            "names": con.execute("select code, name from ref.ref_countries").df(),
        }
    finally:
        con.close()


def write_pack(db: Path, year: int, out: Path) -> dict:
    data = load(db)
    wording = data["wording"]
    eligible = wording[(wording.year == year) & (wording.eligible == 1)].sort_values("rd_total", ascending=False)
    if eligible.empty:
        if not (data["indicators"].year == year).any():
            raise ReportError(f"no Art. 25a data for {year} in the published warehouse")
    names = dict(zip(data["names"].code, data["names"].name))
    # The whole pack is written aside and then replaces the folder: no page of an older pack stays.
    staging = staged_folder(out)
    try:
        pages = []
        for row in eligible.itertuples():
            page = staging / f"{row.third_country}.html"
            page.write_text(country_page(data, year, row.third_country, names.get(row.third_country, row.third_country)),
                            encoding="utf-8")
            pages.append(page.name)
        (staging / "index.html").write_text(index_page(data, year, eligible, names), encoding="utf-8")
        summary = f"ART25A_summary_{year}.csv"
        summary_table(data, year, eligible, names).to_csv(staging / summary, index=False, encoding="utf-8-sig")
        publish_folder(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return {"year": year, "pages": pages, "index": str(out / "index.html"), "summary": str(out / summary)}


def _cell(value, kind: str, indic: str, geo: str, year: int) -> str:
    raw = "" if value is None or (isinstance(value, float) and pd.isna(value)) else value
    return f'<td data-indic="{indic}" data-geo="{geo}" data-year="{year}" data-value="{raw}">{_fmt(value, kind)}</td>'


def country_page(data: dict, year: int, country: str, name: str) -> str:
    ind = data["indicators"]
    totals = ind[(ind.geo == "TOTAL") & (ind.third_country == country)].sort_values("year")
    members = ind[(ind.geo != "TOTAL") & (ind.third_country == country) & (ind.year == year)].sort_values(
        "rd", ascending=False)
    proxy = data["proxy"][(data["proxy"].third_country == country) & (data["proxy"].year == year)]
    wording = data["wording"][(data["wording"].third_country == country) & (data["wording"].year == year)].iloc[0]
    trend_rows = "".join(
        f"<tr><th>{html.escape(label)}</th>"
        + "".join(_cell(getattr(r, col), kind, col, "TOTAL", r.year) for r in totals.itertuples()) + "</tr>"
        for col, label, kind in INDICATORS)
    member_rows = "".join(_member_row(r, proxy, year) for r in members.itertuples())
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(name)} — Art. 25a {year}</title>{_STYLE}</head><body>
<p><a href="index.html">← all third countries</a></p>
<h1>{html.escape(name)} ({country}) — readmission cooperation {year}</h1>
<p class="proxy"><strong>Proxy:</strong> cooperation {html.escape(wording.proxy_wording)}
({int(wording.n_good)} good, {int(wording.n_average)} average, {int(wording.n_poor)} poor,
{int(wording.n_insufficient)} with too few cases{_overrides_note(wording)}). {PROXY_NOTE}</p>
<h2>Indicators, all Member States (GEO = TOTAL), by year</h2>
<table><tr><th></th>{''.join(f'<th>{y}</th>' for y in totals.year)}</tr>{trend_rows}</table>
{_trend_chart(totals)}
<h2>By Member State, {year}</h2>
{_member_chart(members)}
<table><tr><th>Member State</th><th>RD</th><th>return rate</th><th>acceptance</th><th>TD rate</th>
<th>median days (reply)</th><th>proxy level</th><th>reasons</th></tr>{member_rows}</table>
</body></html>"""


def _overrides_note(wording) -> str:
    return f"; {int(wording.n_overrides)} set by an analyst override" if wording.n_overrides else ""


def _member_row(r, proxy: pd.DataFrame, year: int) -> str:
    match = proxy[proxy.geo == r.geo]
    level, reasons, override = ("–", "", False) if match.empty else (
        match.iloc[0].level, match.iloc[0].reasons, bool(match.iloc[0].is_override))
    label = f"{level} (override: {html.escape(str(match.iloc[0].override_reason))})" if override else level
    colour = LEVEL_COLOURS.get(level, "#fff")
    return (f"<tr><th>{r.geo}</th>{_cell(r.rd, 'count', 'rd', r.geo, year)}{_cell(r.rate_all, 'ratio', 'rate_all', r.geo, year)}"
            f"{_cell(r.rate_acc, 'ratio', 'rate_acc', r.geo, year)}{_cell(r.rate_td, 'ratio', 'rate_td', r.geo, year)}"
            f"{_cell(r.med_days_nat, 'days', 'med_days_nat', r.geo, year)}"
            f"<td style='background:{colour}' data-level='{level}' data-geo='{r.geo}'>{label}</td>"
            f"<td>{html.escape(str(reasons))}</td></tr>")


def _trend_chart(totals: pd.DataFrame) -> str:
    fig = go.Figure()
    for column, label in (("rate_all", "return rate"), ("rate_acc", "acceptance rate"), ("rate_td", "TD rate")):
        fig.add_trace(go.Scatter(x=totals.year.astype(str), y=totals[column], name=label, mode="lines+markers"))
    fig.update_layout(title="Rates over the years (all Member States)", yaxis_range=[0, 1], height=350)
    # The first chart of a page carries plotly.js inline: the page opens with no network.
    return fig.to_html(full_html=False, include_plotlyjs=True)


def _member_chart(members: pd.DataFrame) -> str:
    fig = go.Figure(go.Bar(x=members.geo, y=members.rd, name="persons ordered to leave"))
    fig.add_trace(go.Scatter(x=members.geo, y=members.rate_all, name="return rate", yaxis="y2", mode="markers"))
    fig.update_layout(title="Persons ordered to leave and return rate by Member State", height=380,
                      yaxis2={"overlaying": "y", "side": "right", "range": [0, 1]})
    return fig.to_html(full_html=False, include_plotlyjs=False)


def index_page(data: dict, year: int, eligible: pd.DataFrame, names: dict) -> str:
    ind = data["indicators"]
    rows = []
    for r in eligible.itertuples():
        t = ind[(ind.geo == "TOTAL") & (ind.third_country == r.third_country) & (ind.year == year)].iloc[0]
        rows.append(f"<tr><th><a href='{r.third_country}.html'>{html.escape(names.get(r.third_country, r.third_country))}"
                    f"</a></th>{_cell(t.rd, 'count', 'rd', 'TOTAL', year)}{_cell(t.rate_all, 'ratio', 'rate_all', 'TOTAL', year)}"
                    f"{_cell(t.rate_acc, 'ratio', 'rate_acc', 'TOTAL', year)}<td>{html.escape(r.proxy_wording)}</td></tr>")
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Art. 25a {year}</title>{_STYLE}</head>
<body><h1>Readmission cooperation, {year}: third countries assessed</h1>
<p>Third countries in Annex I of Regulation (EU) 2018/1806 on 31 December {year} with more than the threshold of
persons ordered to leave (all Member States). {PROXY_NOTE}</p>
<table><tr><th>third country</th><th>RD</th><th>return rate</th><th>acceptance rate</th><th>proxy</th></tr>
{''.join(rows)}</table></body></html>"""


def summary_table(data: dict, year: int, eligible: pd.DataFrame, names: dict) -> pd.DataFrame:
    ind = data["indicators"]
    totals = ind[(ind.geo == "TOTAL") & (ind.year == year)].set_index("third_country")
    records = []
    for r in eligible.itertuples():
        t = totals.loc[r.third_country]
        record = {"third_country": r.third_country, "name": names.get(r.third_country, r.third_country)}
        record |= {col: t[col] for col, _, _ in INDICATORS}
        record |= {"ms_good": r.n_good, "ms_average": r.n_average, "ms_poor": r.n_poor,
                   "ms_insufficient_data": r.n_insufficient, "proxy_wording": r.proxy_wording,
                   "basis": "proxy, not the Commission's assessment"}
        records.append({k: neutralise_value(v) for k, v in record.items()})
    return pd.DataFrame.from_records(records)


_STYLE = """<style>body{font-family:sans-serif;margin:2em;max-width:1100px}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}
th{text-align:left}td:last-child{text-align:left}.proxy{background:#f4f4f4;padding:.6em;border-left:4px solid #888}</style>"""
