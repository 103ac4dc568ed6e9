"""Cut a generated extract into an earlier and a later delivery at a date, as a Member State's
quarterly extracts arrive (the incremental-build tests and `make bench`): every row goes to the
delivery of its event date; coverage.csv goes with the earlier one; persons go to each delivery
whose rows refer to them, as a case system's extract of a period carries the persons of its
cases (a person in both arrives twice, unchanged)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import polars as pl

from ingest.contract import EVENT_DATE_COLUMN


def split_extract(source: Path, cut: date, earlier: Path, later: Path) -> tuple[Path, Path]:
    for folder in (earlier, later):
        folder.mkdir(parents=True, exist_ok=True)
    referred: dict[Path, list[pl.DataFrame]] = {earlier: [], later: []}
    for path in sorted(source.glob("*.csv")):
        table = path.stem
        if table not in EVENT_DATE_COLUMN:  # persons (below), coverage
            if table != "persons":
                shutil.copy(path, earlier / path.name)
            continue
        frame = pl.read_csv(path, infer_schema_length=0)
        when = pl.col(EVENT_DATE_COLUMN[table]).str.to_date(strict=False)
        for folder, part in ((earlier, frame.filter(when < cut)), (later, frame.filter(when >= cut))):
            part.write_csv(folder / path.name)
            if "person_id" in part.columns:
                referred[folder].append(part.select("reporting_country", "person_id"))
    persons = pl.read_csv(source / "persons.csv", infer_schema_length=0)
    for folder, keys in referred.items():
        wanted = pl.concat(keys).unique() if keys else persons.head(0).select("reporting_country", "person_id")
        persons.join(wanted, on=["reporting_country", "person_id"], how="semi").write_csv(folder / "persons.csv")
    return earlier, later
