-- Recognitions of return decisions issued by another Member State (Art. 9).
-- Staging: the only place that reads the landing source; selects the contract columns.
select
    recognition_id,
    person_key,
    reporting_country,
    issuing_country,
    recognition_date,
    outcome,
    delivery_id
from {{ source('landing', 'recognitions') }}
