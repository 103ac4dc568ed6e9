"""CSV cells that echo input must not be read as formulas by a spreadsheet.

A cell starting with =, +, -, @, tab or carriage return is prefixed with a single quote
(the OWASP recommendation), so Excel or LibreOffice shows it as text instead of running it.
"""

from __future__ import annotations

FORMULA_START = r"^[=+\-@\t\r]"


def neutralised(column: str) -> str:
    """DuckDB expression: the column as text, neutralised, keeping its name."""
    text = f'cast("{column}" as varchar)'
    return f"""case when regexp_matches({text}, '{FORMULA_START}') then '''' || {text} else {text} end as "{column}\""""


def neutralise_value(value: object) -> object:
    """The same rule for one Python value (used for small in-memory tables, e.g. downloads)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
