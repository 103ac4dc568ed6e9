-- Timeliness against readmission deadlines, per (year, GEO with TOTAL, third country):
-- the share of nationality replies given within the reply deadline (applications submitted
-- in the year that have a reply) and of travel documents issued within the travel-document
-- deadline (requests dated in the year), next to the medians of art25a_indicators_a.
-- Deadlines: seed ref_readmission_deadlines, else the vars art25a_default_*_deadline_days.
with
applications as (select * from {{ ref('int_art25a_applications') }}),
deadlines as (select * from {{ ref('ref_readmission_deadlines') }}),
replies as (
    select
        submission_year as year,
        {{ geo_or_total() }} as geo,
        third_country,
        count(*) filter (where has_reply) as replies,
        count(*) filter (where is_reply_in_time) as replies_in_time
    from applications
    group by {{ per_country_and_total('submission_year') }}
),
documents as (
    select
        td_request_year as year,
        {{ geo_or_total() }} as geo,
        third_country,
        count(*) filter (where is_td_issued) as td_issued,
        count(*) filter (where is_td_in_time) as td_issued_in_time
    from applications
    where td_request_year is not null
    group by {{ per_country_and_total('td_request_year') }}
),
final as (
    select
        year, geo, third_country,
        coalesce(r.replies, 0) as replies,
        coalesce(r.replies_in_time, 0) as replies_in_time,
        round(r.replies_in_time / nullif(r.replies, 0), 4) as share_replies_in_time,
        coalesce(d.td_issued, 0) as td_issued,
        coalesce(d.td_issued_in_time, 0) as td_issued_in_time,
        round(d.td_issued_in_time / nullif(d.td_issued, 0), 4) as share_td_in_time,
        coalesce(dl.reply_deadline_days, {{ var('art25a_default_reply_deadline_days') }}) as reply_deadline_days,
        coalesce(dl.reply_deadline_unit, 'calendar') as reply_deadline_unit,
        coalesce(dl.td_deadline_days, {{ var('art25a_default_td_deadline_days') }}) as td_deadline_days,
        coalesce(dl.td_deadline_unit, 'calendar') as td_deadline_unit,
        coalesce(dl.source, 'default (no instrument deadline known)') as deadline_source
    from replies as r
    full outer join documents as d using (year, geo, third_country)
    left join deadlines as dl on dl.country_code = third_country
)
select * from final
