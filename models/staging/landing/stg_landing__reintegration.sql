-- Reintegration assistance granted (Art. 46).
-- Staging: the only place that reads the landing source; selects the contract columns.
select
    assistance_id,
    person_key,
    reporting_country,
    third_country,
    start_date,
    assistance_type,
    delivery_id
from {{ source('landing', 'reintegration') }}
