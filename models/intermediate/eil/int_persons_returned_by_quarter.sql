-- EIL_RTN_Q / EIL_RTT_Q / EIL_UAM_Q RTN: persons with at least one return following an order
-- to leave (return_kind = RETURN) dated in the quarter, with their counted return (the latest
-- in the quarter), its C_DEST and RETURN_TYPE: the rule is written once, in macros/returns.sql.
-- Grain: one row per (reporting_country, person_key, time_period).
{{ persons_returned_in_period('quarter') }}
