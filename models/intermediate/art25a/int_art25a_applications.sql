-- Art. 25a(2)(c)-(d), per readmission application: the cohort years, outcomes, deadlines and
-- timeliness that the indicators count (statistics v2 §6, §8, §9).
-- Cut-off: replies, outcomes and acceptances count for the cohort year only when dated on or
-- before that year's cut-off (macros/periods.sql, var art25a_cutoff_months; 31 March of the
-- next year by default); later ones count nowhere, and the request is pending.
--   submission_year        cohort of RA_SUB, RA_ACC, EUTD_* and, with nationality_request Y, NAT_*
--   is_accepted            nationality reply POSITIVE, or no nationality request and travel document ISSUED (any type)
--   days_to_reply          submission_date -> nationality_reply_date (either way), nationality requests only
--   is_nat_pending         nationality request with no reply dated by the cut-off
--   is_nat_in_time         reply dated on or before the reply deadline date
--   is_nat_late            reply after the deadline date, or pending at the cut-off with the deadline date on
--                          or before it
--   td_request_year        cohort of TD_REQ, TD_ISS, MED_DAYS_TD, TD_*
--   is_td_issued           ISSUED by the third country (not an EUTD: int_travel_document_outcomes), dated by
--                          the cut-off
--   is_td_pending          no outcome dated by the cut-off; a REFUSED or EUTD outcome by then is neither
--                          pending, in time nor late
--   is_td_in_time / is_td_late   as for NAT, over documents issued by the third country
--   *_duration_class       calendar days to the reply / document, in the classes of macros/deadlines.sql
--   *_deadline_source      INSTRUMENT (seed ref_readmission_deadlines) or DEFAULT (the vars)
--   year                   the earlier of the two cohort years: the year an incremental build files the
--                          application under (macros/incremental.sql). A delivery that changes an application
--                          marks the earliest of its dates, so its year is rebuilt; the other years are kept.
-- Grain: one row per application.
with
filed as (
    select
        *,
        least({{ year_of('submission_date') }}, {{ year_of('travel_document_request_date') }}) as year
    from {{ ref('stg_landing__readmission_applications') }}
),
applications as (
    select a.* from filed as a
    where {{ year_to_build('a') }}
),
deadlines as (select * from {{ ref('ref_readmission_deadlines') }}),
outcomes as (select * from {{ ref('int_travel_document_outcomes') }}),
dated as (
    select
        a.*,
        o.outcome_class,
        {{ year_of('a.submission_date') }} as submission_year,
        case when a.travel_document_request = 'Y' then {{ year_of('a.travel_document_request_date') }} end
            as td_request_year,
        a.nationality_request = 'Y' as is_nat_request,
        a.travel_document_request = 'Y' as is_td_request,
        {{ art25a_cutoff('year(a.submission_date)') }} as nat_cutoff_date,
        {{ art25a_cutoff('year(a.travel_document_request_date)') }} as td_cutoff_date,
        {{ deadline_columns('d') }}
    from applications as a
    left join outcomes as o on a.reporting_country = o.reporting_country and a.application_id = o.application_id
    left join deadlines as d on a.third_country = d.country_code
),
with_cutoff as (
    select
        *,
        coalesce(nationality_reply_date <= nat_cutoff_date, false) as replied_by_cutoff,
        -- RA_ACC's cohort is the submission year; the travel-document indicators' the request year
        coalesce(travel_document_outcome_date <= nat_cutoff_date, false) as outcome_by_submission_cutoff,
        coalesce(travel_document_outcome_date <= td_cutoff_date, false) as outcome_by_request_cutoff,
        {{ deadline_date('submission_date', 'reply_deadline_days', 'reply_deadline_unit') }} as reply_deadline_date,
        {{ deadline_date('travel_document_request_date', 'td_deadline_days', 'td_deadline_unit') }} as td_deadline_date
    from dated
),
classified as (
    select
        *,
        is_nat_request and replied_by_cutoff as is_nat_replied,
        coalesce(is_td_request and outcome_by_request_cutoff and outcome_class = 'ISSUED_BY_THIRD_COUNTRY', false)
            as is_td_issued,
        coalesce(is_td_request and not outcome_by_request_cutoff, false) as is_td_pending
    from with_cutoff
),
final as (
    select
        reporting_country,
        application_id,
        third_country,
        year,
        submission_year,
        is_nat_replied as has_reply,
        coalesce(
            (nationality_reply = 'POSITIVE' and replied_by_cutoff)
            or (nationality_request = 'N' and travel_document_outcome = 'ISSUED' and outcome_by_submission_cutoff),
            false
        ) as is_accepted,
        case when is_nat_replied then {{ days_between('submission_date', 'nationality_reply_date') }} end
            as days_to_reply,
        coalesce(is_nat_request and not replied_by_cutoff, false) as is_nat_pending,
        coalesce(is_nat_replied and nationality_reply_date <= reply_deadline_date, false) as is_nat_in_time,
        coalesce(
            is_nat_replied and nationality_reply_date > reply_deadline_date
            or is_nat_request and not replied_by_cutoff and reply_deadline_date <= nat_cutoff_date,
            false
        ) as is_nat_late,
        case
            when is_nat_replied
                then {{ duration_class(days_between('submission_date', 'nationality_reply_date')) }}
        end as nat_duration_class,
        reply_deadline_date,
        reply_deadline_source,
        td_request_year,
        is_td_issued,
        case
            when is_td_issued then {{ days_between('travel_document_request_date', 'travel_document_outcome_date') }}
        end as days_to_td_issued,
        is_td_pending,
        coalesce(is_td_issued and travel_document_outcome_date <= td_deadline_date, false) as is_td_in_time,
        coalesce(
            is_td_issued and travel_document_outcome_date > td_deadline_date
            or is_td_pending and td_deadline_date <= td_cutoff_date,
            false
        ) as is_td_late,
        case
            when is_td_issued
                then {{ duration_class(days_between('travel_document_request_date', 'travel_document_outcome_date')) }}
        end as td_duration_class,
        td_deadline_date,
        td_deadline_source,
        coalesce(eutd_used = 'Y', false) as is_eutd_used,
        coalesce(eutd_used = 'Y' and eutd_accepted = 'Y', false) as is_eutd_accepted
    from classified
)
select * from final
