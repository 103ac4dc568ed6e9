"""Download what you see: every chart's and table's data as CSV and as .xlsx, named after
the flow, the filters and the period, with the unit in the column headers."""

from __future__ import annotations

import io
import re

import pandas as pd
import streamlit as st

from returnstats.safe_csv import neutralise_value


def file_stem(flow: str, filters: dict[str, str]) -> str:
    """e.g. ART48_Q_geo-FR-DE_citizen-TOTAL_2024-Q1-2025-Q4 — what the file holds, readable in a folder.
    Figures of the public view (rounded to 5) say so at the end: `_public-rounded`."""
    parts = [flow]
    if st.session_state.get("public"):
        filters = {**filters, "public": "rounded"}
    for name, value in filters.items():
        if value:
            parts.append(f"{name}-{value}" if name != "period" else value)
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", "_".join(parts))[:180]


def whole_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Counts held as floats (a gap makes a column float) written as whole numbers: 5, not 5.0."""
    counts = [c for c in frame.columns if pd.api.types.is_float_dtype(frame[c])
              and frame[c].dropna().map(float.is_integer).all() and frame[c].notna().any()]
    return frame.astype({c: "Int64" for c in counts})


def as_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV; cells a spreadsheet could run as a formula are neutralised."""
    return whole_counts(frame).map(neutralise_value).to_csv(index=False).encode("utf-8")


def as_xlsx(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    """One sheet; text columns (codes, ids) stay text, never turned into numbers or dates."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        whole_counts(frame).map(neutralise_value).to_excel(writer, index=False, sheet_name=sheet[:31])
        worksheet = writer.sheets[sheet[:31]]
        for index, column in enumerate(frame.columns, start=1):
            if not pd.api.types.is_numeric_dtype(frame[column]):
                for row in worksheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    row[0].number_format = "@"
    return buffer.getvalue()


def offer(frame: pd.DataFrame, stem: str, key: str, what: str = "the data") -> None:
    """CSV and .xlsx buttons side by side; the files are made only when clicked."""
    left, right = st.columns([1, 1], gap="small", width=420)
    left.download_button(f"⬇ {what} (CSV)", lambda: as_csv(frame), file_name=f"{stem}.csv", mime="text/csv",
                         key=f"{key}_csv", on_click="ignore")
    right.download_button(f"⬇ {what} (Excel)", lambda: as_xlsx(frame), file_name=f"{stem}.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key=f"{key}_xlsx", on_click="ignore")
