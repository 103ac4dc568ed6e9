-- Detention periods (Art. 29-33); end_date NULL = still in detention.
-- Staging: the only place that reads the landing source; selects the contract columns.
select
    detention_id,
    person_key,
    reporting_country,
    start_date,
    end_date,
    ground,
    delivery_id
from {{ source('landing', 'detentions') }}
