-- Departures following an order to leave.
-- Staging: the only place that reads the landing source; selects the contract columns.
select
    return_id,
    person_key,
    reporting_country,
    decision_id,
    departure_date,
    return_type,
    assisted,
    destination,
    transport,
    frontex_support,
    coalesce(return_kind, 'RETURN') as return_kind,  -- NULL only in rows loaded under contract v1
    unaccompanied_minor,
    delivery_id
from {{ source('landing', 'returns') }}
