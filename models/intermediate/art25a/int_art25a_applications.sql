-- Art. 25a(2)(c)-(d), per readmission application: the cohort years and outcomes that the
-- indicators count. Replies, outcomes and acceptances dated after the year still count for
-- the year of submission (or, for travel documents, of the request) when dated on or before
-- that year's cut-off (31 March of the next year by default); later ones do not count.
--   submission_year        cohort of RA_SUB, RA_ACC, MED_DAYS_NAT, EUTD_*
--   is_accepted            nationality_reply POSITIVE, or no nationality request and travel document ISSUED
--   days_to_reply          submission_date -> nationality_reply_date, when replied (either way)
--   td_request_year        cohort of TD_REQ, TD_ISS, MED_DAYS_TD
--   is_td_issued           ISSUED by the third country: not an EUTD (int_travel_document_outcomes)
--   days_to_td_issued      travel_document_request_date -> outcome date, for documents issued by the third country
--   reply/td within the deadline of ref_readmission_deadlines (or the default), calendar or working days
-- Grain: one row per application.
with
applications as (select * from {{ ref('stg_landing__readmission_applications') }}),
deadlines as (select * from {{ ref('ref_readmission_deadlines') }}),
outcomes as (select * from {{ ref('int_travel_document_outcomes') }}),
with_cutoff as (
    -- statistics v2 §8: a reply or an outcome counts for its cohort only when dated on or before
    -- the cohort year's cut-off (macros/periods.sql, var art25a_cutoff_months)
    select
        a.*,
        o.outcome_class,
        coalesce(a.nationality_reply_date <= {{ art25a_cutoff('year(a.submission_date)') }}, false) as replied_by_cutoff,
        coalesce(a.travel_document_outcome_date <= {{ art25a_cutoff('year(a.submission_date)') }}, false)
            as outcome_by_submission_cutoff,
        coalesce(a.travel_document_outcome_date <= {{ art25a_cutoff('year(a.travel_document_request_date)') }}, false)
            as outcome_by_request_cutoff
    from applications as a
    left join outcomes as o on o.reporting_country = a.reporting_country and o.application_id = a.application_id
),
final as (
    select
        a.reporting_country,
        a.application_id,
        a.third_country,
        year(a.submission_date) as submission_year,
        a.replied_by_cutoff as has_reply,
        coalesce((a.nationality_reply = 'POSITIVE' and a.replied_by_cutoff)
            or (a.nationality_request = 'N' and a.travel_document_outcome = 'ISSUED' and a.outcome_by_submission_cutoff),
            false) as is_accepted,
        case when a.replied_by_cutoff
             then date_diff('day', a.submission_date, a.nationality_reply_date) end as days_to_reply,
        case when a.travel_document_request = 'Y' then year(a.travel_document_request_date) end as td_request_year,
        coalesce(a.travel_document_request = 'Y' and a.outcome_class = 'ISSUED_BY_THIRD_COUNTRY'
                 and a.outcome_by_request_cutoff, false) as is_td_issued,
        case when a.outcome_class = 'ISSUED_BY_THIRD_COUNTRY' and a.outcome_by_request_cutoff
             then date_diff('day', a.travel_document_request_date, a.travel_document_outcome_date) end
            as days_to_td_issued,
        coalesce(a.eutd_used = 'Y', false) as is_eutd_used,
        coalesce(a.eutd_used = 'Y' and a.eutd_accepted = 'Y', false) as is_eutd_accepted,
        case when a.replied_by_cutoff then
            {{ days_elapsed('a.submission_date', 'a.nationality_reply_date', "coalesce(d.reply_deadline_unit, 'calendar')") }}
            <= coalesce(d.reply_deadline_days, {{ var('art25a_default_reply_deadline_days') }}) end
            as is_reply_in_time,
        case when a.outcome_class = 'ISSUED_BY_THIRD_COUNTRY' and a.outcome_by_request_cutoff then
            {{ days_elapsed('a.travel_document_request_date', 'a.travel_document_outcome_date', "coalesce(d.td_deadline_unit, 'calendar')") }}
            <= coalesce(d.td_deadline_days, {{ var('art25a_default_td_deadline_days') }}) end
            as is_td_in_time
    from with_cutoff as a
    left join deadlines as d on d.country_code = a.third_country
)
select * from final
