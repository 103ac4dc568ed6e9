-- Population rule (statistics v2 §2): who issued a travel document. An ISSUED outcome of type
-- EUTD is a European travel document for return, issued by the Member State itself: it is
-- not a document issued by the third country (FRONTEX_M TD_ISS, Art. 25a TD_ISS) but counts
-- in FRONTEX_M TD_EUTD. Every other ISSUED outcome (NATIONAL, LAISSEZ_PASSER, or no type
-- given) is issued by the third country.
--   outcome_class  ISSUED_BY_THIRD_COUNTRY | EUTD | REFUSED
-- Grain: one row per application with a travel-document outcome.
select
    reporting_country,
    application_id,
    person_key,
    third_country,
    travel_document_request_date,
    travel_document_outcome,
    travel_document_outcome_date,
    travel_document_type,
    case
        when travel_document_outcome = 'REFUSED' then 'REFUSED'
        when travel_document_type = 'EUTD' then 'EUTD'
        else 'ISSUED_BY_THIRD_COUNTRY'
    end as outcome_class
from {{ ref('stg_landing__readmission_applications') }}
where travel_document_outcome is not null
