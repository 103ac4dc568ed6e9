-- Population rule (statistics v2 §2): only a departure with return_kind = RETURN is a return
-- following an order to leave. Dublin and intra-EU transfers are not counted in EIL_RTN_*,
-- EIL_RTT_*, EIL_UAM_Q RTN or Art. 25a RET_*; the counted return is chosen among returns only.
-- Grain: one row per (reporting_country, return_id).
select * from {{ ref('stg_landing__returns') }}
where return_kind = 'RETURN'
