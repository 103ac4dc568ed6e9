-- EIL_RTT_A: the persons of EIL_RTN_A by CITIZEN and RETURN_TYPE of their counted return of the year (the
-- Regulation's yearly forced vs voluntary indicator).
-- Counting rule: int_persons_returned_by_year. Observation status from the returns table's coverage.
with
persons as (
    select reporting_country as geo, time_period, citizen, return_type_code as return_type
    from {{ ref('int_persons_returned_by_year') }}
),
scope as ({{ annual_scope('returns') }})
{{ transmitted_table('persons', 'scope', ['geo', 'time_period'], [['citizen', 'TOTAL'], ['return_type', 'TOTAL']]) }}
