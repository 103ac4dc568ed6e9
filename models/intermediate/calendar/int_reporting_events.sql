-- Every dated event of a reporting country, whatever its kind. The reporting calendar of a
-- country runs from the period of its first to the period of its last event; measures
-- (detentions, alternatives) are counted in the periods of that calendar they touch, so a
-- detention that began long before the extract does not open earlier periods.
with
decisions as (select reporting_country, decision_date as event_date from {{ ref('stg_landing__return_decisions') }}),
recognitions as (select reporting_country, recognition_date from {{ ref('stg_landing__recognitions') }}),
returns as (select reporting_country, departure_date from {{ ref('stg_landing__returns') }}),
application_rows as (select * from {{ ref('stg_landing__readmission_applications') }}),
applications as (
    select reporting_country, submission_date from application_rows
    union all
    select reporting_country, nationality_reply_date from application_rows
    union all
    select reporting_country, travel_document_request_date from application_rows
    union all
    select reporting_country, travel_document_outcome_date from application_rows
),
reintegration as (select reporting_country, start_date from {{ ref('stg_landing__reintegration') }}),
operations as (select reporting_country, request_date from {{ ref('stg_landing__return_operations') }}),
final as (
    select * from decisions
    union all
    select * from recognitions
    union all
    select * from returns
    union all
    select * from applications
    union all
    select * from reintegration
    union all
    select * from operations
)
select reporting_country, event_date from final
where event_date is not null
