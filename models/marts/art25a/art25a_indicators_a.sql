-- Visa Code Art. 25a readmission-cooperation indicators (statistics v2 §6, §8, §9), one row
-- per (year, GEO, third country), GEO = TOTAL being the sum over reporting countries (ratios
-- recomputed from the summed parts; medians over all the applications pooled). Definitions:
-- docs/methodology.md. Ratios are rounded to 4 decimals and medians (interpolated) to 1, as
-- transmitted.
-- ELIGIBLE (GEO = TOTAL only): Annex I on 31 December of the year, and EU+ persons ordered to
-- leave in the selection year (art25a_selection_basis_a) above art25a_min_return_decisions;
-- NULL (not written) when the selection year has no basis.
{%- set eu_min = var('art25a_min_return_decisions') %}
{%- set classes = duration_classes() %}
with
-- a country's cells count only in the years of its own reporting calendar (statistics v2 §8)
reporting_years as (select reporting_country, year from {{ ref('int_art25a_reporting_years') }}),
years as (select distinct year from reporting_years),
basis as (select * from {{ ref('art25a_selection_basis_a') }}),
applications as (select * from {{ ref('int_art25a_applications') }}),
persons as (
    select
        year,
        {{ geo_or_total() }} as geo,
        third_country,
        count(*) filter (where is_ordered) as rd,
        count(*) filter (where is_forced) as ret_forced,
        count(*) filter (where is_returned) as ret_all,
        count(*) filter (where is_returned_unknown_destination) as ret_unk_dest
    from {{ ref('int_art25a_persons_by_year') }} as p
    where
        exists (
            select 1 from reporting_years as r
            where r.reporting_country = p.reporting_country and r.year = p.year
        )
    group by {{ per_country_and_total('year') }}  -- noqa: PRS
),
transit as (
    select year, {{ geo_or_total() }} as geo, third_country, count(*) as ret_forced_transit
    from {{ ref('int_art25a_transit_returns') }} as t
    where
        exists (
            select 1 from reporting_years as r
            where r.reporting_country = t.reporting_country and r.year = t.year
        )
    group by {{ per_country_and_total('year') }}  -- noqa: PRS
),
submitted as (
    select
        submission_year as year,
        {{ geo_or_total() }} as geo,
        third_country,
        count(*) as ra_sub,
        count(*) filter (where is_accepted) as ra_acc,
        median(days_to_reply) as med_days_nat,
        count(*) filter (where is_eutd_used) as eutd_used,
        count(*) filter (where is_eutd_accepted) as eutd_acc,
        count(*) filter (where is_nat_pending) as nat_pending,
        count(*) filter (where is_nat_in_time) as nat_in_time,
        count(*) filter (where is_nat_late) as nat_late,
        {%- for class, column in classes %}
            count(*) filter (where nat_duration_class = '{{ class }}')
                as nat_{{ column }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from applications as a
    where
        exists (
            select 1 from reporting_years as r
            where r.reporting_country = a.reporting_country and r.year = a.submission_year
        )
    group by {{ per_country_and_total('submission_year') }}  -- noqa: PRS
),
travel_documents as (
    select
        td_request_year as year,
        {{ geo_or_total() }} as geo,
        third_country,
        count(*) as td_req,
        count(*) filter (where is_td_issued) as td_iss,
        median(days_to_td_issued) as med_days_td,
        count(*) filter (where is_td_pending) as td_pending,
        count(*) filter (where is_td_in_time) as td_in_time,
        count(*) filter (where is_td_late) as td_late,
        {%- for class, column in classes %}
            count(*) filter (where td_duration_class = '{{ class }}')
                as td_{{ column }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from applications as a
    where
        exists (
            select 1 from reporting_years as r
            where r.reporting_country = a.reporting_country and r.year = a.td_request_year
        )
    group by {{ per_country_and_total('td_request_year') }}  -- noqa: PRS
),
charters as (
    select
        {{ year_of('request_date') }} as year,
        {{ geo_or_total() }} as geo,
        third_country,
        count(*) as charter_req,
        count(*) filter (where outcome = 'ACCEPTED') as charter_acc
    from {{ ref('stg_landing__return_operations') }} as o
    where
        mode = 'CHARTER'
        and exists (
            select 1 from reporting_years as r
            where r.reporting_country = o.reporting_country and r.year = year(o.request_date)
        )
    group by {{ per_country_and_total('year(request_date)') }}  -- noqa: PRS
),
cells as (
    select year, geo, third_country from persons
    union
    select year, geo, third_country from transit
    union
    select year, geo, third_country from submitted
    union
    select year, geo, third_country from travel_documents
    union
    select year, geo, third_country from charters
),
annex_one as (
    select y.year, a.country_code
    from years as y
    inner join {{ ref('ref_visa_annexes') }} as a
        on
            a.annex = 'I'
            and a.valid_from <= make_date(y.year, 12, 31)
            and (a.valid_to is null or a.valid_to >= make_date(y.year, 12, 31))
),
selection as (
    -- EU+ persons ordered to leave in the selection year, per third country, from the basis in force
    select b.year, s.third_country, s.persons
    from basis as b
    inner join {{ ref('ref_selection_return_decisions') }} as s on b.selection_year = s.year
    where b.basis = 'SEED'
    union all
    select b.year, e.citizen as third_country, sum(e.obs_value) as persons
    from basis as b
    inner join {{ ref('eil_ord_a') }} as e
        on
            e.time_period = cast(b.selection_year as string)
            and e.sex = 'T' and e.age = 'TOTAL' and e.citizen != 'TOTAL' and e.obs_status = 'A'
    where b.basis = 'WAREHOUSE'
    group by all
),
joined as (
    select
        c.year, c.geo, c.third_country,
        coalesce(p.rd, 0) as rd,
        coalesce(p.ret_forced, 0) as ret_forced,
        coalesce(p.ret_all, 0) as ret_all,
        coalesce(x.ret_forced_transit, 0) as ret_forced_transit,
        coalesce(p.ret_unk_dest, 0) as ret_unk_dest,
        coalesce(s.ra_sub, 0) as ra_sub,
        coalesce(s.ra_acc, 0) as ra_acc,
        coalesce(t.td_req, 0) as td_req,
        coalesce(t.td_iss, 0) as td_iss,
        s.med_days_nat,
        t.med_days_td,
        coalesce(s.eutd_used, 0) as eutd_used,
        coalesce(s.eutd_acc, 0) as eutd_acc,
        coalesce(o.charter_req, 0) as charter_req,
        coalesce(o.charter_acc, 0) as charter_acc,
        coalesce(s.nat_pending, 0) as nat_pending,
        coalesce(s.nat_in_time, 0) as nat_in_time,
        coalesce(s.nat_late, 0) as nat_late,
        coalesce(t.td_pending, 0) as td_pending,
        coalesce(t.td_in_time, 0) as td_in_time,
        coalesce(t.td_late, 0) as td_late,
        {%- for _, column in classes %}
            coalesce(s.nat_{{ column }}, 0) as nat_{{ column }},
            coalesce(t.td_{{ column }}, 0) as td_{{ column }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from cells as c
    left join persons as p using (year, geo, third_country)
    left join transit as x using (year, geo, third_country)
    left join submitted as s using (year, geo, third_country)
    left join travel_documents as t using (year, geo, third_country)
    left join charters as o using (year, geo, third_country)
    where c.year in (select y.year from years as y)
),
final as (
    select
        j.year, j.geo, j.third_country,
        j.rd, j.ret_forced, j.ret_all,
        {{ ratio('j.ret_forced', 'j.rd') }} as rate_forced,
        {{ ratio('j.ret_all', 'j.rd') }} as rate_all,
        j.ret_forced_transit,
        {{ ratio('j.ret_forced + j.ret_forced_transit', 'j.rd') }} as rate_forced_incl_transit,
        j.ret_unk_dest,
        j.ra_sub, j.ra_acc, {{ ratio('j.ra_acc', 'j.ra_sub') }} as rate_acc,
        j.td_req, j.td_iss, {{ ratio('j.td_iss', 'j.td_req') }} as rate_td,
        round(j.med_days_nat, 1) as med_days_nat,
        round(j.med_days_td, 1) as med_days_td,
        j.eutd_used, j.eutd_acc, {{ ratio('j.eutd_acc', 'j.eutd_used') }} as rate_eutd,
        j.charter_req, j.charter_acc, {{ ratio('j.charter_acc', 'j.charter_req') }} as rate_charter,
        j.nat_pending, j.nat_in_time, j.nat_late,
        j.td_pending, j.td_in_time, j.td_late,
        {%- for _, column in classes %}
            j.nat_{{ column }},
        {%- endfor %}
        {%- for _, column in classes %}
            j.td_{{ column }},
        {%- endfor %}
        case
            when j.geo = 'TOTAL' and b.basis != 'NONE' then
                case when a.country_code is not null and coalesce(sel.persons, 0) > {{ eu_min }} then 1 else 0 end
        end as eligible,
        case when j.geo = 'TOTAL' then b.selection_year end as selection_year,
        case when j.geo = 'TOTAL' then b.basis end as selection_basis,
        cast(case when j.geo = 'TOTAL' and b.basis != 'NONE' then coalesce(sel.persons, 0) end as bigint)
            as selection_persons,
        a.country_code is not null as is_annex_one
    from joined as j
    left join annex_one as a on j.year = a.year and j.third_country = a.country_code
    left join basis as b on j.year = b.year
    left join selection as sel on j.year = sel.year and j.third_country = sel.third_country
)
select * from final
where
    rd + ret_forced + ret_all + ret_forced_transit + ret_unk_dest + ra_sub + ra_acc + td_req + td_iss
    + eutd_used + eutd_acc + charter_req + charter_acc + nat_pending + nat_in_time + nat_late
    + td_pending + td_in_time + td_late > 0
