"""Cut a generated extract into an earlier and a later delivery at a date, as a Member State's
quarterly extracts arrive: every row goes to the delivery of its event date; persons and
coverage.csv go with the earlier one (a later extract refers to persons loaded before)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import polars as pl

from ingest.contract import EVENT_DATE_COLUMN


def split_extract(source: Path, cut: date, earlier: Path, later: Path) -> tuple[Path, Path]:
    for folder in (earlier, later):
        folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.glob("*.csv")):
        table = path.stem
        if table not in EVENT_DATE_COLUMN:  # persons, coverage
            shutil.copy(path, earlier / path.name)
            continue
        frame = pl.read_csv(path, infer_schema_length=0)
        when = pl.col(EVENT_DATE_COLUMN[table]).str.to_date(strict=False)
        frame.filter(when < cut).write_csv(earlier / path.name)
        frame.filter(when >= cut).write_csv(later / path.name)
    return earlier, later
