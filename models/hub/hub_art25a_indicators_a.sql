-- The hub's Art. 25a indicators, wide, in the shape of the warehouse's art25a_indicators_a (so
-- the cooperation proxy and the assessment pack read either): one row per (year, GEO, third
-- country), GEO = each Member State as received and EU27_2020_EFTA (hub_art25a_a). The
-- selection columns come from art25a_selection_basis_a of the hub.
{{ config(alias='art25a_indicators_a') }}
with
wide as (
    pivot (
        select year, geo, third_country, lower(replace(indic, '-', '_')) as indic, obs_value
        from {{ ref('hub_art25a_a') }}
    )
    on indic in (
        {%- for _, _, column, _ in art25a_indicator_list() %}
            '{{ column }}'{{ ',' if not loop.last }}
        {%- endfor %}
    )
    using first(obs_value)
    group by year, geo, third_country
),
basis as (select * from {{ ref('hub_art25a_selection_basis_a') }}),
years as (select distinct year from wide),
annex_one as (
    select y.year, a.country_code
    from years as y
    inner join {{ ref('ref_visa_annexes') }} as a
        on
            a.annex = 'I' and a.valid_from <= make_date(y.year, 12, 31)
            and (a.valid_to is null or a.valid_to >= make_date(y.year, 12, 31))
)
select
    w.*,
    case when w.geo = 'EU27_2020_EFTA' then b.selection_year end as selection_year,
    case when w.geo = 'EU27_2020_EFTA' then b.basis end as selection_basis,
    case when w.geo = 'EU27_2020_EFTA' and b.basis != 'NONE' then s.persons end as selection_persons,
    a.country_code is not null as is_annex_one
from wide as w
left join basis as b using (year)
left join {{ ref('hub_art25a_selection') }} as s using (year, third_country)
left join annex_one as a on w.year = a.year and w.third_country = a.country_code
