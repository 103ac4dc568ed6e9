-- Landing / operation requests to third countries (Visa Code Art. 25a(2)(d)(iv)).
-- Staging: the only place that reads the landing source; selects the contract columns.
select
    operation_id,
    reporting_country,
    third_country,
    request_date,
    mode,
    outcome,
    returnees,
    joint,
    frontex_support,
    delivery_id
from {{ source('landing', 'return_operations') }}
