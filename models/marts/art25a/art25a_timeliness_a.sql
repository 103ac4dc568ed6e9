-- Timeliness against readmission deadlines (statistics v2 §6, §9), per (year, GEO with TOTAL,
-- third country): nationality replies (applications submitted in the year with a nationality
-- request) and travel documents issued by the third country (requests dated in the year), in
-- time or late — silence past the deadline at the cut-off is late, never left out — and the
-- share in time = IN_TIME / (IN_TIME + LATE). Each deadline says where it comes from:
-- INSTRUMENT (seed ref_readmission_deadlines, with the instrument) or DEFAULT (the vars).
with
applications as (select * from {{ ref('int_art25a_applications') }}),
deadlines as (select * from {{ ref('ref_readmission_deadlines') }}),
replies as (
    select
        submission_year as year, {{ geo_or_total() }} as geo, third_country,
        count(*) filter (where is_nat_in_time) as nat_in_time,
        count(*) filter (where is_nat_late) as nat_late,
        count(*) filter (where is_nat_pending) as nat_pending
    from applications
    group by {{ per_country_and_total('submission_year') }}  -- noqa: PRS
),
documents as (
    select
        td_request_year as year, {{ geo_or_total() }} as geo, third_country,
        count(*) filter (where is_td_in_time) as td_in_time,
        count(*) filter (where is_td_late) as td_late,
        count(*) filter (where is_td_pending) as td_pending
    from applications
    where td_request_year is not null
    group by {{ per_country_and_total('td_request_year') }}  -- noqa: PRS
),
final as (
    select
        year, geo, third_country,
        coalesce(r.nat_in_time, 0) as nat_in_time,
        coalesce(r.nat_late, 0) as nat_late,
        coalesce(r.nat_pending, 0) as nat_pending,
        {{ ratio('r.nat_in_time', 'r.nat_in_time + r.nat_late') }} as share_nat_in_time,
        coalesce(d.td_in_time, 0) as td_in_time,
        coalesce(d.td_late, 0) as td_late,
        coalesce(d.td_pending, 0) as td_pending,
        {{ ratio('d.td_in_time', 'd.td_in_time + d.td_late') }} as share_td_in_time,
        {{ deadline_columns('dl') }},
        dl.instrument,
        dl.source as deadline_citation
    from replies as r
    full outer join documents as d using (year, geo, third_country)
    left join deadlines as dl on dl.country_code = third_country
)
select * from final
