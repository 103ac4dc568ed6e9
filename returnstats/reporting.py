"""What a statistician sees after a load: the summary table and the quarantine report."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from returnstats.files import replace_file, temporary_sibling
from returnstats.ingest.load import DeliveryResult
from returnstats.safe_csv import neutralised
from returnstats.sql import string_literal
from returnstats.warehouse import WarehousePaths, connect_reader


def print_delivery_summary(console: Console, result: DeliveryResult) -> None:
    if result.status == "already_loaded":
        console.print(
            f"This extract (content {result.content_sha256[:12]}…) was already loaded as delivery "
            f"{result.delivery_id}; nothing changed."
        )
        return
    grid = RichTable(title=f"Delivery {result.delivery_id or '(refused)'} — {result.source_folder}")
    for heading in ("table", "read", "loaded", "quarantined", "replaced", "top reasons"):
        grid.add_column(heading, justify="left" if heading in ("table", "top reasons") else "right")
    for f in result.files:
        reasons = "\n".join(f"{col}: {reason} ({n:,})" for col, reason, n in f.top_reasons)
        grid.add_row(f.table, f"{f.rows_read:,}", f"{f.rows_loaded:,}", f"{f.rows_quarantined:,}",
                     f"{f.rows_replaced:,}", reasons)
    console.print(grid)
    for f in result.files:
        if f.ignored_columns:
            console.print(Text.assemble(("note: ", "yellow"), f"{f.file_name}: columns not in the contract ignored: "
                                        f"{', '.join(f.ignored_columns)}"))
    if result.coverage_rows:
        console.print(f"coverage.csv: {result.coverage_rows} declaration(s) loaded"
                      + (f", replacing {result.coverage_replaced} earlier one(s)" if result.coverage_replaced else ""))
    if result.rows_retracted:
        console.print(f"{result.rows_retracted:,} stored rows of the declared scope are not in this delivery: "
                      "retracted (audit.retracted_rows), no longer counted")
    if result.status == "refused_strict":
        console.print(Text.assemble(("--strict: ", "bold red"), f"{result.rows_quarantined:,} rows break the "
                                    "contract; the delivery was refused and nothing was written."))
    elif result.rows_quarantined:
        console.print(Text.assemble((f"{result.rows_quarantined:,} rows quarantined", "yellow"),
                                    " (audit.quarantine); the other rows were loaded."))


def write_quarantine_report(db: Path, delivery_id: int | None) -> Path | None:
    """CSV of a delivery's quarantined rows, safe to open in a spreadsheet, from what the
    warehouse keeps (audit.quarantine): written after each load, and again on demand."""
    if delivery_id is None:
        return None
    folder = WarehousePaths(db).quarantine_reports
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"quarantine_delivery_{delivery_id}.csv"
    con = connect_reader(db)
    try:
        cols = ["table_name", "file_name", "line", "record_id", "column_name", "offending_value", "reason"]
        select = ", ".join(neutralised(c) for c in cols)
        tmp = temporary_sibling(target)
        con.execute(
            f"copy (select {select} from audit.quarantine where delivery_id = ? order by table_name, line) "
            f"to {string_literal(tmp)} (header, delimiter ',')",
            [delivery_id],
        )
    finally:
        con.close()
    replace_file(tmp, target)
    return target
