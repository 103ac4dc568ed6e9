-- Art. 48(3) events of readmission applications, each dated on the date that puts it in a
-- month (these are events, not persons):
--   READM_APP  submission_date                       every application
--   NAT_REQ    submission_date                       nationality_request = Y
--   NAT_POS    nationality_reply_date                nationality_reply = POSITIVE
--   NAT_NEG    nationality_reply_date                nationality_reply = NEGATIVE
--   TD_REQ     travel_document_request_date          travel_document_request = Y
--   TD_ISS     travel_document_outcome_date          ISSUED by the third country (not an EUTD)
--   TD_EUTD    travel_document_outcome_date          ISSUED as an EUTD, by the Member State itself
--   TD_NEG     travel_document_outcome_date          travel_document_outcome = REFUSED
-- Who issued a document is decided in int_travel_document_outcomes.
-- Grain: one row per (application, indicator).
with
applications as (select * from {{ ref('stg_landing__readmission_applications') }}),
events as (
    select reporting_country, application_id, third_country, 'READM_APP' as indic, submission_date as event_date
    from applications
    union all
    select reporting_country, application_id, third_country, 'NAT_REQ' as indic, submission_date
    from applications
    where nationality_request = 'Y'
    union all
    select
        reporting_country, application_id, third_country,
        case nationality_reply when 'POSITIVE' then 'NAT_POS' else 'NAT_NEG' end as indic, nationality_reply_date
    from applications
    where nationality_reply is not null
    union all
    select reporting_country, application_id, third_country, 'TD_REQ' as indic, travel_document_request_date
    from applications
    where travel_document_request = 'Y'
    union all
    select
        reporting_country, application_id, third_country,
        case outcome_class
            when 'ISSUED_BY_THIRD_COUNTRY' then 'TD_ISS' when 'EUTD' then 'TD_EUTD' else 'TD_NEG'
        end as indic,
        travel_document_outcome_date
    from {{ ref('int_travel_document_outcomes') }}
),
final as (
    select e.*, m.time_period, m.quarter
    from events as e
    inner join {{ ref('int_reporting_months') }} as m
        on
            e.reporting_country = m.reporting_country and e.event_date between m.month_start and m.month_end
            and {{ period_to_build('m') }}
)
select * from final
