"""The alternative: what a statistician writes today — pandas on the CSV extract.

Computes EIL_ORD_Q and ART48_Q (non-zero cells with margins, Y_LT18 included) for the
quarters of a window and writes them to a Parquet file in the benchmark's comparison
layout. Deliberately plain pandas: read everything, merge, group by each subset of dims.

usage: python bench/pandas_baseline.py EXTRACT_DIR FIRST_QUARTER LAST_QUARTER OUT.parquet
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import pandas as pd

REPORTING_COUNTRIES = Path(__file__).resolve().parent.parent / "seeds" / "ref_reporting_countries.csv"

TOTALS = {"citizen": "TOTAL", "sex": "T", "age": "TOTAL"}


def read(folder, table, columns):
    return pd.read_csv(f"{folder}/{table}.csv", dtype=str, usecols=columns, keep_default_na=False, na_values=[""])


def quarters(first, last):
    periods = pd.period_range(pd.Period(first.replace("-", ""), "Q"), pd.Period(last.replace("-", ""), "Q"), freq="Q")
    return pd.DataFrame({"time_period": [f"{p.year}-Q{p.quarter}" for p in periods],
                         "q_start": [p.start_time.normalize() for p in periods],
                         "q_end": [p.end_time.normalize() for p in periods]})


def age_class(birth, ref):
    years = ref.dt.year - birth.dt.year - ((ref.dt.month * 100 + ref.dt.day) < (birth.dt.month * 100 + birth.dt.day))
    classes = pd.cut(years, [-1, 13, 17, 34, 64, 10_000], labels=["Y_LT14", "Y14-17", "Y18-34", "Y35-64", "Y_GE65"])
    return classes.astype(object).where(birth.notna() & (years >= 0), "UNK")


def with_people(cells, persons):
    df = cells.merge(persons, on=["reporting_country", "person_id"], how="left")
    df["age"] = age_class(df.birth_date, df.reference_date)
    return df.rename(columns={"reporting_country": "geo", "citizenship": "citizen"})


def counts(df, keys, subset):
    counted = df.groupby(keys + list(subset)).size().rename("obs_value").reset_index()
    return counted.assign(**{dim: total for dim, total in TOTALS.items() if dim not in subset})


def cube(df, keys):
    parts = []
    minors = df[df.age.isin(["Y_LT14", "Y14-17"])].assign(age="Y_LT18")
    for subset in itertools.chain.from_iterable(itertools.combinations(TOTALS, k) for k in range(4)):
        parts.append(counts(df, keys, subset))
        if "age" in subset:
            parts.append(counts(minors, keys, subset))
    return pd.concat(parts, ignore_index=True)


def in_quarters(events, date_column, window):
    events = events.assign(**{date_column: pd.to_datetime(events[date_column])})
    merged = events.merge(window, how="cross")
    return merged[(merged[date_column] >= merged.q_start) & (merged[date_column] <= merged.q_end)]


def overlapping(measures, window):
    merged = measures.merge(window, how="cross")
    keep = (merged.start_date <= merged.q_end) & (merged.end_date.isna() | (merged.end_date >= merged.q_start))
    merged = merged[keep]
    return merged.assign(reference_date=merged[["start_date", "q_start"]].max(axis=1))


def main(folder, first, last, out):
    window = quarters(first, last)
    persons = read(folder, "persons", ["person_id", "reporting_country", "sex", "birth_date", "citizenship"])
    persons["birth_date"] = pd.to_datetime(persons.birth_date)
    key = ["reporting_country", "person_id", "time_period"]

    decisions = read(folder, "return_decisions", ["person_id", "reporting_country", "decision_date", "decision_type"])
    decisions = in_quarters(decisions[decisions.decision_type.fillna("RETURN") == "RETURN"], "decision_date", window)
    ordered = decisions.groupby(key).decision_date.min().rename("reference_date").reset_index()
    eil = cube(with_people(ordered, persons), ["geo", "time_period"]).assign(flow="EIL_ORD_Q", indic="")

    recognitions = read(folder, "recognitions", ["person_id", "reporting_country", "recognition_date", "outcome"])
    recognised = in_quarters(recognitions[recognitions.outcome == "RECOGNISED"], "recognition_date", window)
    frames = {"RECOG": recognised.groupby(key).recognition_date.min().rename("reference_date").reset_index()}
    for indic, table in (("DET", "detentions"), ("ALT", "alternatives")):
        columns = ["person_id", "reporting_country", "start_date", "end_date"]
        measures = read(folder, table, columns + (["legal_basis"] if table == "alternatives" else []))
        if table == "alternatives":  # Art. 31 alternatives; Art. 23 availability measures are not ALT
            measures = measures[measures.legal_basis.fillna("ART31") == "ART31"][columns]
        measures[["start_date", "end_date"]] = measures[["start_date", "end_date"]].apply(pd.to_datetime)
        frames[indic] = overlapping(measures, window).groupby(key).reference_date.min().reset_index()
    art48 = pd.concat([cube(with_people(df, persons), ["geo", "time_period"]).assign(indic=indic)
                       for indic, df in frames.items()], ignore_index=True).assign(flow="ART48_Q")
    countries = pd.read_csv(REPORTING_COUNTRIES, dtype=str)  # ART48_Q is not sent by DK and IE
    art48 = art48[~art48.geo.isin(countries.geo[countries.bound_by_return_regulation == "N"])]
    result = pd.concat([eil, art48], ignore_index=True)
    result[["flow", "geo", "time_period", "indic", "citizen", "sex", "age", "obs_value"]].to_parquet(out)


if __name__ == "__main__":
    main(*sys.argv[1:5])
