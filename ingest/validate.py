"""Row-level enforcement of the contract, in one SQL pass per table.

For a raw table (text columns) this builds `checked_<table>`: the raw text of every column
(`raw__<col>`), its canonical typed value (`<col>`, NULL when invalid) and the keys the
cross-table checks need; then `violations_<table>`: one row per broken rule with line,
column, offending value and a readable reason. A row with no violation is loadable.
"""

from __future__ import annotations

import duckdb

from returnstats.ingest.contract import (
    CODE_ALIASES,
    EU_EFTA,
    EVENT_DATE_COLUMN,
    ID_MAX_LENGTH,
    MEMBER_STATE_TERRITORIES,
    Column,
    Table,
)
from returnstats.ingest.pseudonym import KeyChain, hmac_sql
from returnstats.sql import string_list

_KIND_REASON = {
    "geo": "not a reporting country code (EU Member States with EL for Greece, IS, LI, NO, CH)",
    "citizen": "not a citizenship code (ISO 3166-1 alpha-2 of a non-EU/EFTA country, STLS, RNC or UNK)",
    "country": "not a country code (ISO 3166-1 alpha-2 with EL, UK, XK, or UNK)",
    "destination": "not a country code (ISO 3166-1 alpha-2 with EL, UK, XK, or UNK)",
    "third_country": "not a third-country code (ISO 3166-1 alpha-2 of a non-EU/EFTA country, with UK and XK)",
    "flag": "must be Y or N",
    "date": "not a valid calendar date in the form YYYY-MM-DD",
    "count": "not a whole number >= 0",
    "id": f"longer than {ID_MAX_LENGTH} characters",
}


COUNTRY_KINDS = ("geo", "citizen", "country", "destination", "third_country")


def _canonical_code(raw: str, column: Column) -> str:
    """Trim, upper-case, replace aliases (GR→EL, GB→UK) for country-like codes; a return's
    destination in an EU territory (RE, GF, AX, ...) becomes its Member State."""
    code = f"nullif(upper(trim({raw})), '')"
    if column.kind in COUNTRY_KINDS:
        aliases = CODE_ALIASES | (MEMBER_STATE_TERRITORIES if column.kind == "destination" else {})
        whens = " ".join(f"when '{alias}' then '{canon}'" for alias, canon in aliases.items())
        code = f"(case {code} {whens} else {code} end)"
    return code


def is_code(column: Column) -> bool:
    return column.kind not in ("id", "date", "count")


def clean_expression(column: Column) -> str:
    """SQL for `clean__<col>`: a code column's canonical text, computed once per row and
    shared by its typed value and its reason."""
    code = _canonical_code(f"raw__{column.name}", column)
    if column.default is not None:  # contract v2: absent or empty means the default
        code = f"coalesce({code}, '{column.default}')"
    return code


def typed_expression(column: Column) -> str:
    """SQL turning `raw__<col>` (and `clean__<col>` for codes) into the column's canonical value,
    NULL when absent or invalid."""
    raw = f'raw__{column.name}'
    if column.kind == "id":
        return f"case when length({raw}) between 1 and {ID_MAX_LENGTH} then {raw} end"
    if column.kind == "date":
        text = f"trim({raw})"
        return rf"try_cast(case when regexp_full_match({text}, '\d{{4}}-\d{{2}}-\d{{2}}') then {text} end as date)"
    if column.kind == "count":
        text = f"trim({raw})"
        return rf"case when regexp_full_match({text}, '\d{{1,18}}') then cast({text} as bigint) end"
    code = f"clean__{column.name}"
    return f"case when list_contains({string_list(column.allowed_codes)}, {code}) then {code} end"


def _value_reason(column: Column) -> str:
    """SQL for the reason a present-but-invalid value is rejected."""
    if column.kind == "enum":
        return f"'must be one of {', '.join(column.values)}'"
    if column.kind in ("citizen", "third_country"):
        eu = string_list(sorted(EU_EFTA))
        code = f"clean__{column.name}"
        eu_reason = ("an EU/EFTA citizen is not a third-country national" if column.kind == "citizen"
                     else "an EU/EFTA country is not a third country")
        what = "a citizenship" if column.kind == "citizen" else "a third country"
        territories = " ".join(
            f"when '{code_}' then 'EU territory (part of {state}), not {what}'"
            for code_, state in MEMBER_STATE_TERRITORIES.items()
        )
        return (
            f"case when list_contains({eu}, {code}) then '{eu_reason}' "
            f"else case {code} {territories} else '{_KIND_REASON[column.kind]}' end end"
        )
    return f"'{_KIND_REASON[column.kind]}'"


def _implausible_date(column: Column) -> str:
    """`when ... then reason` clauses for a date outside the plausible window (temp table
    date_window: earliest_event, earliest_birth, latest = the delivery date)."""
    if column.kind != "date":
        return ""
    earliest, setting = (("earliest_birth", "--earliest-birth-date") if column.name == "birth_date"
                         else ("earliest_event", "--earliest-event-date"))
    return (
        f" when {column.name} < (select {earliest} from date_window) then 'implausible date: before ' || "
        f"cast((select {earliest} from date_window) as varchar) || ' (setting {setting})'"
        f" when {column.name} > (select latest from date_window) then 'implausible date: after the delivery "
        f"date ' || cast((select latest from date_window) as varchar)"
    )


def _column_checks(table: Table) -> list[tuple[str, str, str]]:
    checks = []
    for column in table.columns:
        raw = f"raw__{column.name}"
        present = f"nullif(trim({raw}), '') is not null"
        missing = f"'{column.name} is required'" if column.required else "null"
        reason = (f"case when not ({present}) then {missing} when {column.name} is null then {_value_reason(column)}"
                  f"{_implausible_date(column)} end")
        # person_id is never echoed: the quarantine holds its keyed hash, like the warehouse.
        value = "pseudonym" if column.name == "person_id" else raw
        checks.append(_violation(column.name, value, reason))
    return checks


def _violation(column: str, value: str, reason: str) -> tuple[str, str, str]:
    return column, value, reason


def _as_struct(check: tuple[str, str, str]) -> str:
    column, value, reason = check
    return f"struct_pack(column_name := '{column}', value := cast({value} as varchar), reason := {reason})"


NOT_COLLECTED_REASON = "not collected in this period per coverage.csv"


def _not_collected(table: Table) -> str:
    """True when the row's event date falls in a quarter its reporting country declares
    collected = N for this table (coverage_in_force: this delivery's coverage.csv, else the
    warehouse's)."""
    if table.name not in EVENT_DATE_COLUMN:
        return "false"
    date = f"t.{EVENT_DATE_COLUMN[table.name]}"
    return (
        "exists (select 1 from coverage_in_force c where c.reporting_country = t.reporting_country "
        f"and c.table_name = '{table.name}' and c.collected = 'N' and {date} >= c.start_date "
        f"and (c.end_date is null or {date} <= c.end_date))"
    )


def _row_checks(table: Table) -> list[tuple[str, str, str]]:
    checks = []
    for rule in table.rules:
        value = f"raw__{rule.column}"
        checks.append(_violation(rule.column, value, f"case when {rule.violated} then '{rule.reason}' end"))
    if table.id_column:
        checks.append(
            _violation(
                table.id_column,
                "pseudonym" if table.id_column == "person_id" else f"raw__{table.id_column}",
                f"case when {table.id_column} is not null and _dup_count > 1 then 'id appears ' || _dup_count || "
                "' times for this reporting country in this delivery' end",
            )
        )
    if table.name in EVENT_DATE_COLUMN:
        date_column = EVENT_DATE_COLUMN[table.name]
        checks.append(
            _violation(
                date_column,
                f"raw__{date_column}",
                f"case when _not_collected then '{NOT_COLLECTED_REASON}' end",
            )
        )
    if table.has_person_ref:
        checks.append(
            _violation(
                "person_id",
                "pseudonym",
                "case when pseudonym is not null and reporting_country is not null and person_key is null "
                "then 'person_id not found in persons of this reporting country (this delivery or earlier)' end",
            )
        )
    return checks


def _person_columns(table: Table, key: KeyChain) -> tuple[str, str, dict[str, str]]:
    """(CTEs, join, parameters) giving every row its `pseudonym` and, for a table that refers to
    persons, the `person_key` of the person it refers to (NULL: unknown person). Both come from
    one small table of the delivery's distinct (reporting_country, person_id), joined once to the
    rows. The HMAC runs once per distinct id, and a reference to a person of this delivery takes
    the pseudonym already computed for persons.csv (temp table delivery_pseudonyms)."""
    if "person_id" not in table.column_names:
        return "", "", {}
    hmac, params = hmac_sql(key, "i.person_id")
    country = "coalesce(reporting_country, '')"
    if table.has_person_ref:
        pseudonym = f"case when d.pseudonym is null then {hmac} else d.pseudonym end"
        lookup = "left join delivery_pseudonyms d on d.person_id = i.person_id"
        # Only the persons this table refers to are looked up (the delivery's distinct ids drive
        # every join), so the lookup grows with the delivery, not with the warehouse's history.
        # A person is known if valid in this delivery or present in landing.persons; a key alone
        # is not enough (a retracted person keeps its key).
        found = """,
        keyed as (select p.*, k.person_key as candidate_key from pseudonyms p left join landing.person_keys k
                  on k.reporting_country = p.reporting_country and k.person_id = p.pseudonym),
        in_warehouse as (select w.reporting_country, w.person_id from landing.persons w
                         semi join keyed q on q.reporting_country = w.reporting_country and q.pseudonym = w.person_id),
        persons_found as (
            select k.reporting_country, k.person_id, k.pseudonym,
                   case when w.person_id is not null or v.person_id is not null then k.candidate_key end as person_key
            from keyed k
            left join in_warehouse w on w.reporting_country = k.reporting_country and w.person_id = k.pseudonym
            left join delivery_valid_persons v
              on v.reporting_country = k.reporting_country and v.person_id = k.pseudonym)"""
    else:
        pseudonym, lookup = hmac, ""
        found = ",\n        persons_found as (select *, cast(null as bigint) as person_key from pseudonyms)"
    ctes = f""",
        ids as (select distinct {country} as reporting_country, person_id from typed where person_id is not null),
        pseudonyms as (select i.reporting_country, i.person_id, {pseudonym} as pseudonym from ids i {lookup}){found}"""
    join = ("left join persons_found f on f.reporting_country = coalesce(t.reporting_country, '') "
            "and f.person_id = t.person_id")
    return ctes, join, params


def build_checked(con: duckdb.DuckDBPyConnection, table: Table, key: KeyChain) -> None:
    """checked_<table>: raw text, cleaned codes, canonical values, pseudonym and person key,
    duplicate count, not-collected flag."""
    name = table.name
    raw_cols = ", ".join(f'"{c.name}" as raw__{c.name}' for c in table.columns)
    clean = "".join(f", {clean_expression(c)} as clean__{c.name}" for c in table.columns if is_code(c))
    typed = ", ".join(f"{typed_expression(c)} as {c.name}" for c in table.columns)
    person_ctes, person_join, params = _person_columns(table, key)
    person_cols = ", f.pseudonym, f.person_key" if person_join else ""
    id_column = table.id_column
    # Duplicates from a grouped count joined back: a window over the whole wide table would sort
    # every row with all its columns (most of this statement's time, measured).
    con.execute(
        f"""create or replace temp table checked_{name} as
        with raw as (select _line, {raw_cols}{clean} from raw_{name}),
        typed as (select *, {typed} from raw){person_ctes},
        duplicated as (select reporting_country, {id_column}, count(*) as n from typed
                       where {id_column} is not null group by all having count(*) > 1)
        select t.*{person_cols}, coalesce(dup.n, 1) as _dup_count, {_not_collected(table)} as _not_collected
        from typed t {person_join}
        left join duplicated dup on dup.reporting_country = t.reporting_country and dup.{id_column} = t.{id_column}""",
        params,
    )


def build_violations(con: duckdb.DuckDBPyConnection, table: Table, rejects: str | None) -> None:
    """violations_<table>(_line, column_name, value, reason), malformed CSV records included.
    Only rows breaking some rule build the list of their violations (most rows break none)."""
    name = table.name
    checks = _column_checks(table) + _row_checks(table)
    any_broken = f"coalesce({', '.join(reason for _, _, reason in checks)}) is not null"
    structs = ", ".join(_as_struct(c) for c in checks)
    from_rejects = (
        f"union all select line, column_name, null, reason from {rejects}" if rejects else ""
    )
    con.execute(
        f"""create or replace temp table violations_{name} as
        with found as (
            select _line, unnest(list_filter([{structs}], lambda v: v.reason is not null)) as v
            from checked_{name} where {any_broken}
        )
        select _line, v.column_name as column_name, v.value as value, v.reason as reason from found
        {from_rejects}"""
    )


def build_date_window(con: duckdb.DuckDBPyConnection, earliest_event: str, earliest_birth: str, latest: str) -> None:
    """temp table date_window: the plausible dates of this delivery (parameters, never SQL text)."""
    con.execute("create or replace temp table date_window as select cast(? as date) as earliest_event, "
                "cast(? as date) as earliest_birth, cast(? as date) as latest",
                [earliest_event, earliest_birth, latest])


def refresh_known_persons(con: duckdb.DuckDBPyConnection) -> None:
    """What resolving references needs from persons.csv, once per delivery: the valid persons
    of this delivery (delivery_valid_persons, by pseudonym) and the pseudonyms of its person
    ids (delivery_pseudonyms, so references need no second HMAC). Persons already in the
    warehouse are looked up per table, for the ids it refers to only (`_person_columns`)."""
    if _exists(con, "checked_persons"):
        con.execute("create or replace temp table delivery_valid_persons as select distinct reporting_country, "
                    "pseudonym as person_id from checked_persons "
                    "where _line not in (select _line from violations_persons)")
        con.execute("create or replace temp table delivery_pseudonyms as select distinct person_id, pseudonym "
                    "from checked_persons where person_id is not null")
        return
    con.execute("create or replace temp table delivery_valid_persons as select null::varchar as reporting_country, "
                "null::varchar as person_id where false")
    con.execute("create or replace temp table delivery_pseudonyms as select null::varchar as person_id, "
                "null::varchar as pseudonym where false")


def assign_person_keys(con: duckdb.DuckDBPyConnection) -> None:
    """Every valid person of this delivery not yet in the person dimension gets the next key."""
    if not _exists(con, "checked_persons"):
        return
    con.execute(
        """insert into landing.person_keys
        select reporting_country, pseudonym,
               (select coalesce(max(person_key), 0) from landing.person_keys)
               + row_number() over (order by _line)  -- file order: the same delivery gives the same keys
        from (select reporting_country, pseudonym, _line from checked_persons c
              where _line not in (select _line from violations_persons)
              and not exists (select 1 from landing.person_keys k
                              where k.reporting_country = c.reporting_country and k.person_id = c.pseudonym))"""
    )


def _exists(con: duckdb.DuckDBPyConnection, temp_table: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from duckdb_tables() where temporary and table_name = ?", [temp_table]
        ).fetchone()[0]
    )
