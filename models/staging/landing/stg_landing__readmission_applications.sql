-- Readmission applications to third countries (Art. 36, Art. 48(3)).
-- Staging: the only place that reads the landing source; selects the contract columns.
select
    application_id,
    person_key,
    reporting_country,
    third_country,
    submission_date,
    nationality_request,
    nationality_reply,
    nationality_reply_date,
    travel_document_request,
    travel_document_request_date,
    travel_document_outcome,
    travel_document_outcome_date,
    eutd_used,
    eutd_accepted,
    travel_document_type,
    delivery_id
from {{ source('landing', 'readmission_applications') }}
