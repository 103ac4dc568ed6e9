-- Return decisions (Art. 7), Eurostat's 'ordered to leave'.
-- Staging: the only place that reads the landing source; selects the contract columns.
select
    decision_id,
    person_key,
    reporting_country,
    decision_date,
    country_of_return,
    entry_ban,
    coalesce(decision_type, 'RETURN') as decision_type,  -- NULL only in rows loaded under contract v1
    unaccompanied_minor,
    delivery_id
from {{ source('landing', 'return_decisions') }}
