"""The national models build on DuckDB and on Spark (issue 19): SQL that only DuckDB reads lives
in macros/engine.sql, behind adapter.dispatch, and nowhere else. The hub's models build on
the hub's DuckDB only (docs/scale-out.md) and are not checked."""

from __future__ import annotations

import re

import pytest

from tests import REPO_ROOT

ENGINE_MACROS = REPO_ROOT / "macros" / "engine.sql"
# dbt-spark's seed loader, overridden (macros/spark_seeds.sql), only ever runs on Spark.
SPARK_ONLY = {ENGINE_MACROS, REPO_ROOT / "macros" / "spark_seeds.sql"}
PORTABLE_SQL = sorted(
    [p for folder in ("staging", "intermediate", "marts") for p in (REPO_ROOT / "models" / folder).rglob("*.sql")]
    + [p for p in (REPO_ROOT / "macros").glob("*.sql") if p not in SPARK_ONLY]
)

# DuckDB spellings Spark rejects or reads differently, with the portable way to write each.
DUCKDB_ONLY = {
    r"\bunion\s+(all\s+)?by\s+name\b": "list the columns in the same order in every branch",
    r"\bunnest\s*\(": "union all of the columns, or date_series() in macros/engine.sql",
    r"\bgenerate_series\s*\(|\brange\s*\(": "date_series() in macros/engine.sql",
    r"\blist_\w+\s*\(|\barray_\w+\s*\(|\bstruct_\w+\s*\(": "CASE or a join on a VALUES list",
    r"::": "cast(x as type)",
    r"\bprintf\s*\(|\bformat\s*\(": "percent_text() in macros/rounding.sql, or a cast of a decimal",
    r"\bcollate\b": "both engines compare text byte by byte by default",
    r"\bdate_diff\s*\(|\bdatediff\s*\(": "days_between() in macros/engine.sql",
    r"\bdate_trunc\s*\(": "quarter_start_of() in macros/periods.sql",
    r"\bto_months\s*\(|\binterval\b": "add_months() in macros/engine.sql, or date ± whole days",
    r"\bstrftime\s*\(|\bstrptime\s*\(": "year()/month() with lpad, or cast('YYYY-MM-DD' as date)",
    r"\bquantile_cont\s*\(|\bquantile\s*\(": "quantile_of() in macros/engine.sql",
    r"\bstring_agg\s*\(|\blistagg\s*\(": "sorted_string_agg() in macros/engine.sql",
    r"\bisodow\s*\(|\bdayofweek\s*\(": "iso_day_of_week() in macros/engine.sql",
    r"\bvarchar\b|\bhugeint\b": "string / bigint",
    r"//": "floor(a / b) (integer division is spelt differently)",
    r"\blambda\b|->": "no lambdas: CASE or arithmetic",
    r"\bround\s*\([^()]*/": "ratio() in macros/rounding.sql (a float round of a quotient rounds ties differently)",
}
# Checked outside Jinja only: Jinja's own lists are written with brackets too.
SQL_LIST = r"\[\s*'|'\s*\]|\]\s*::|\[\s*\w+\s*\]|\[\s*\w+\s*,"


def _code_only(text: str) -> str:
    """The SQL and Jinja of a file without its comments, where prose may name anything."""
    text = re.sub(r"\{#.*?#\}", "", text, flags=re.S)
    return re.sub(r"--[^\n]*", "", text)


def _sql_only(code: str) -> str:
    """The SQL of comment-free code, every Jinja tag and expression replaced by a name."""
    return re.sub(r"\{\{.*?\}\}", "x", re.sub(r"\{%.*?%\}", "", code, flags=re.S), flags=re.S)


@pytest.mark.parametrize("path", PORTABLE_SQL, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_a_model_or_macro_uses_no_duckdb_only_sql(path):
    code = _code_only(path.read_text())
    found = [f"{m.group(0)!r}: {advice}" for pattern, advice in DUCKDB_ONLY.items()
             for m in [re.search(pattern, code, flags=re.I)] if m]
    if match := re.search(SQL_LIST, _sql_only(code)):
        found.append(f"{match.group(0)!r}: a list literal or index (CASE or a join on a VALUES list)")
    assert not found, found


def test_the_contracts_name_types_both_engines_know():
    for path in (REPO_ROOT / "models").rglob("*.yml"):
        if "hub" in path.parts:
            continue
        types = set(re.findall(r"data_type:\s*(\w+)", path.read_text()))
        assert types <= {"string", "bigint", "integer", "double", "date", "boolean"}, (path, types)


def test_the_check_catches_each_construct_it_names():
    samples = ["select * from a union all by name select * from b", "unnest([a, b])", "x::varchar",
               "printf('%.1f', x)", "date_diff('day', a, b)", "list_avg(l)", "['a', 'b'][1]",
               "round(a / b, 4)", "cast(x as varchar)", "a // 5", "quantile_cont(x, 0.5)",
               "string_agg(g, ', ')", "x + interval 3 month", "strftime(d, '%Y')", "isodow(d)"]
    for sample in samples:
        assert any(re.search(p, sample, flags=re.I) for p in DUCKDB_ONLY) or re.search(SQL_LIST, sample), sample
    assert re.search(SQL_LIST, _sql_only("select l[1], [a, b] from t {% set j = ['a'] %}"))
    assert not re.search(SQL_LIST, _sql_only("select {{ f(['a', 'b']) }} from t {% set j = ['a'] %}"))
    portable = _code_only("select {{ ratio('a', 'b') }} as r -- union all by name\n{# unnest([x]) #} from t")
    assert not any(re.search(p, portable, flags=re.I) for p in DUCKDB_ONLY), portable
