"""The transmitted dataflows: which mart, which dimensions in which column order, which unit,
which period, and who transmits it."""

from __future__ import annotations

from dataclasses import dataclass

from returnstats.periods import MONTH, QUARTER, YEAR

DATAFLOW_VERSION = "1.0"


@dataclass(frozen=True)
class Dataflow:
    code: str
    table: str
    freq: str
    dims: tuple[str, ...]
    unit_sql: str  # SQL for UNIT, per row
    period: str  # quarter | month | year
    name: str  # the dataflow's English name in the SDMX structure
    bound_only: bool = False  # only reporting countries bound by the Return Regulation (ART48_Q)
    select_sql: str | None = None  # a flow whose cells are not written as stored (ART25A_A)
    one_file_for_all_countries: bool = False  # GEO per row, one file per period (ART25A_A)

    @property
    def columns(self) -> list[str]:
        """The SDMX-CSV columns, in order."""
        return ["DATAFLOW", "FREQ", "GEO", *(d.upper() for d in self.dims), "UNIT", "TIME_PERIOD", "OBS_VALUE",
                "OBS_STATUS"]

    @property
    def mart(self) -> str:
        """The mart's table name, without its schema."""
        return self.table.removeprefix("marts.")

    def file_name(self, geo: str | None, period: str, extension: str = "csv") -> str:
        """<DATAFLOW>_<GEO>_<period>.<ext>, or <DATAFLOW>_<period>.<ext> for a flow with every
        country in one file: the names a transmission holds and the hub reads back."""
        stem = f"{self.code}_{period}" if self.one_file_for_all_countries else f"{self.code}_{geo}_{period}"
        return f"{stem}.{extension}"

    @property
    def series_dims(self) -> list[str]:
        """The dimensions of a series key (all but TIME_PERIOD), in the DSD's order."""
        return ["FREQ", "GEO", *(d.upper() for d in self.dims), "UNIT"]

    def select(self) -> str:
        """SDMX-CSV 1.0 columns: DATAFLOW,FREQ,GEO,<dims>,UNIT,TIME_PERIOD,OBS_VALUE,OBS_STATUS."""
        if self.select_sql:
            return self.select_sql
        dims = ", ".join(f'{d} as "{d.upper()}"' for d in self.dims)
        return (
            f"select 'RETURNSTATS:{self.code}({DATAFLOW_VERSION})' as \"DATAFLOW\", '{self.freq}' as \"FREQ\", "
            f"geo as \"GEO\", {dims}, {self.unit_sql} as \"UNIT\", time_period as \"TIME_PERIOD\", "
            f"obs_value as \"OBS_VALUE\", obs_status as \"OBS_STATUS\" from {self.table}"
        )


_PER = "'PER'"
QUARTERLY_FLOWS = [
    Dataflow("ART48_Q", "marts.art48_q", "Q", ("indic", "citizen", "sex", "age"), _PER, QUARTER,
             "Return Regulation Art. 48(1): recognitions, alternatives to detention and detention, quarterly",
             bound_only=True),
    Dataflow("EIL_ORD_Q", "marts.eil_ord_q", "Q", ("citizen", "sex", "age"), _PER, QUARTER,
             "Third-country nationals ordered to leave, quarterly"),
    Dataflow("EIL_RTN_Q", "marts.eil_rtn_q", "Q", ("citizen", "sex", "age", "c_dest"), _PER, QUARTER,
             "Third-country nationals returned following an order to leave, quarterly"),
    Dataflow("EIL_RTT_Q", "marts.eil_rtt_q", "Q", ("citizen", "return_type"), _PER, QUARTER,
             "Third-country nationals returned by type of return, quarterly"),
    Dataflow("EIL_UAM_Q", "marts.eil_uam_q", "Q", ("indic", "citizen", "sex"), _PER, QUARTER,
             "Unaccompanied minors ordered to leave and returned, quarterly"),
]
ANNUAL_FLOWS = [
    Dataflow("EIL_ORD_A", "marts.eil_ord_a", "A", ("citizen", "sex", "age"), _PER, YEAR,
             "Third-country nationals ordered to leave, annual"),
    Dataflow("EIL_RTN_A", "marts.eil_rtn_a", "A", ("citizen", "sex", "age", "c_dest"), _PER, YEAR,
             "Third-country nationals returned following an order to leave, annual"),
    Dataflow("EIL_RTT_A", "marts.eil_rtt_a", "A", ("citizen", "return_type"), _PER, YEAR,
             "Third-country nationals returned by type of return, annual"),
]
# Application indicators count applications (NR); REINT counts persons (PER).
FRONTEX = Dataflow("FRONTEX_M", "marts.frontex_m", "M", ("third_country", "indic"),
                   "case when indic = 'REINT' then 'PER' else 'NR' end", MONTH,
                   "Return Regulation Art. 48(3): readmission applications and reintegration, monthly")

# ART25A_A is one file for all countries (GEO per row, with TOTAL); OBS_VALUE as the spec
# writes it: ratios with 4 decimals, medians with 1, counts whole, empty when L or M.
# OBS_STATUS P (provisional) for a value that is otherwise A while the export date is on or
# before the year's cut-off (statistics v2 §1, §9: precedence L > M > P > A).
ART25A_CODE = "ART25A_A"
ART25A_SELECT = f"""select 'RETURNSTATS:{ART25A_CODE}({DATAFLOW_VERSION})' as "DATAFLOW", 'A' as "FREQ", geo as "GEO",
    third_country as "THIRD_COUNTRY", indic as "INDIC", unit as "UNIT", cast(year as varchar) as "TIME_PERIOD",
    case when obs_value is null then null
         when unit = 'RATIO' then printf('%.4f', obs_value)
         when unit = 'DAY' then printf('%.1f', obs_value)
         else cast(cast(obs_value as bigint) as varchar) end as "OBS_VALUE",
    case when obs_status = 'A' and current_date <= cutoff_date then 'P' else obs_status end as "OBS_STATUS"
from marts.art25a_a"""
ART25A = Dataflow(ART25A_CODE, "marts.art25a_a", "A", ("third_country", "indic"), "unit", YEAR,
                  "Visa Code Art. 25a: readmission cooperation indicators per third country, annual",
                  select_sql=ART25A_SELECT, one_file_for_all_countries=True)

# Every dataflow of the structure, in the order the structure message lists them.
ALL_FLOWS = {f.code: f for f in [*QUARTERLY_FLOWS, *ANNUAL_FLOWS, FRONTEX, ART25A]}


def flow_of_file(stem: str) -> tuple[Dataflow, str | None, str] | None:
    """(dataflow, GEO or None, period) of a transmission file's name without its extension (see
    Dataflow.file_name), None when it is not one; the longest matching dataflow code wins."""
    for code in sorted(ALL_FLOWS, key=len, reverse=True):
        flow = ALL_FLOWS[code]
        if not stem.startswith(code + "_"):
            continue
        rest = stem.removeprefix(code + "_")
        if flow.one_file_for_all_countries:
            return (flow, None, rest) if rest else None
        geo, _, period = rest.partition("_")
        if geo and period:
            return flow, geo, period
    return None
