-- One row per person (reporting_country, person_id). person_id is the keyed pseudonym written by ingestion.
-- Staging: the only place that reads the landing source; selects the contract columns.
select
        person_id,
        reporting_country,
        sex,
        birth_date,
        citizenship,
        delivery_id
from {{ source('landing', 'persons') }}
