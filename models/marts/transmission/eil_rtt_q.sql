-- EIL_RTT_Q: the persons of EIL_RTN_Q by CITIZEN and RETURN_TYPE of their counted return (ASSI_FORC,
-- ASSI_VOLU, NASSI_VOLU).
-- Counting rule: int_persons_returned_by_quarter. Observation status from the returns table's coverage.
with
persons as (
    select reporting_country as geo, time_period, citizen, return_type_code as return_type
    from {{ ref('int_persons_returned_by_quarter') }}
),
scope as ({{ quarterly_scope('returns') }})
{{ transmitted_table('persons', 'scope', ['geo', 'time_period'], [['citizen', 'TOTAL'], ['return_type', 'TOTAL']]) }}
