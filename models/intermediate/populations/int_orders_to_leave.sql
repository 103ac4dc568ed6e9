-- Population rule (statistics v2 §2): only a decision with decision_type = RETURN is an order
-- to leave. Dublin and intra-EU (Art. 8) transfer decisions are not counted in EIL_ORD_Q,
-- EIL_ORD_A, EIL_UAM_Q ORD or Art. 25a RD.
-- Grain: one row per (reporting_country, decision_id).
select * from {{ ref('stg_landing__return_decisions') }}
where decision_type = 'RETURN'
