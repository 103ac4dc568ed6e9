-- One row per person. person_key: the compact key ingestion gives each (reporting_country, pseudonym); the
-- pseudonym stays in the landing tables.
-- Staging: the only place that reads the landing source; selects the contract columns.
select
    person_key,
    reporting_country,
    sex,
    birth_date,
    citizenship,
    delivery_id
from {{ source('landing', 'persons') }}
