"""The transmitted dataflows: which mart, which dimensions in which column order, which unit."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Dataflow:
    code: str
    table: str
    freq: str
    dims: tuple[str, ...]
    unit_sql: str  # SQL for UNIT, per row

    def select(self) -> str:
        dims = ", ".join(f'{d} as "{d.upper()}"' for d in self.dims)
        return (
            f"select 'RETURNSTATS:{self.code}(1.0)' as \"DATAFLOW\", '{self.freq}' as \"FREQ\", geo as \"GEO\", "
            f"{dims}, {self.unit_sql} as \"UNIT\", time_period as \"TIME_PERIOD\", obs_value as \"OBS_VALUE\", "
            f"cast(null as varchar) as \"OBS_FLAG\" from {self.table}"
        )


QUARTERLY_FLOWS = [
    Dataflow("ART48_Q", "marts.art48_q", "Q", ("indic", "citizen", "sex", "age"), "'PER'"),
    Dataflow("EIL_ORD_Q", "marts.eil_ord_q", "Q", ("citizen", "sex", "age"), "'PER'"),
    Dataflow("EIL_RTN_Q", "marts.eil_rtn_q", "Q", ("citizen", "sex", "age", "c_dest"), "'PER'"),
    Dataflow("EIL_RTT_Q", "marts.eil_rtt_q", "Q", ("citizen", "return_type"), "'PER'"),
]
# Application indicators count applications (NR); REINT counts persons (PER).
FRONTEX = Dataflow("FRONTEX_M", "marts.frontex_m", "M", ("third_country", "indic"),
                   "case when indic = 'REINT' then 'PER' else 'NR' end")

ALL_FLOWS = {f.code: f for f in [*QUARTERLY_FLOWS, FRONTEX]}
