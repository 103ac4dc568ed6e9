"""Retraction by scope (delivery.json `replaces: scope`): the stored rows of a declared
(reporting country, table, periods) that the delivery no longer contains are moved to
`audit.retracted_rows` (the whole row, as JSON) and leave `landing`, so they are no longer
counted. A row is "contained" when its id is in the delivery's file for that table — loaded
or quarantined, since a quarantined row still says the case exists. A table of the scope
without a file in the delivery retracts every stored row of the scope: the delivery says
that scope has no rows."""

from __future__ import annotations

import duckdb

from returnstats.ingest.contract import EVENT_DATE_COLUMN, TABLES
from returnstats.ingest.declaration import Declaration
from returnstats.ingest.touched import touch_rows


def retract_scope(con: duckdb.DuckDBPyConnection, declaration: Declaration, delivered: set[str],
                  delivery_id: int) -> int:
    retracted = 0
    for entry in declaration.scope:
        for name in entry.tables:
            id_col, date_col = TABLES[name].id_column, EVENT_DATE_COLUMN[name]
            present = (f"and l.{id_col} not in (select raw__{id_col} from checked_{name} "
                       "where reporting_country = $geo and raw__{id_col} is not null)".replace("{id_col}", id_col)
                       if name in delivered else "")
            stored = (f"landing.{name} l where l.reporting_country = $geo and l.{date_col} between $start "
                      f"and $end and l.delivery_id != $delivery {present}")
            selection = f"from {stored}"
            params = {"geo": entry.reporting_country, "start": entry.start, "end": entry.end, "delivery": delivery_id}
            touch_rows(con, TABLES[name], stored, "l", params)
            con.execute(f"""insert into audit.retracted_rows
                select $delivery, '{name}', l.reporting_country, l.{id_col}, l.delivery_id, to_json(l)::varchar
                {selection}""", params)
            retracted += con.execute(f"delete from landing.{name} where ({id_col}, reporting_country) in "
                                     f"(select l.{id_col}, l.reporting_country {selection})", params).fetchone()[0]
    return retracted
