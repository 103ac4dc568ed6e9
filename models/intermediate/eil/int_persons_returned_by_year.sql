-- EIL_RTN_A / EIL_RTT_A: as int_persons_returned_by_quarter over the year (macros/returns.sql):
-- the counted return is the latest in the year, same tie rule. Counted once per year.
-- Grain: one row per (reporting_country, person_key, time_period = YYYY).
{{ persons_returned_in_period('year') }}
