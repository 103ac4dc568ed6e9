-- Alternatives to detention (Art. 31); end_date NULL = ongoing.
-- Staging: the only place that reads the landing source; selects the contract columns.
select
    measure_id,
    person_key,
    reporting_country,
    measure_type,
    start_date,
    end_date,
    coalesce(legal_basis, 'ART31') as legal_basis,  -- NULL only in rows loaded under contract v1
    delivery_id
from {{ source('landing', 'alternatives') }}
