-- Art. 25a(2)(b), returns to a transit country (statistics v2 §6, §8, §9): persons with a
-- FORCED return following an order (return_kind RETURN) in the year to a third-country
-- destination (not UNK, not EU/EFTA after canonicalisation) who are not its nationals — any
-- other citizenship, STLS, RNC and UNK included. The third country is the destination.
-- Counted once per person and destination, whether or not that return is the person's latest.
-- Grain: one row per (reporting_country, person_key, year, third_country).
with
returns as (select * from {{ ref('int_returns_following_orders') }}),
persons as (select * from {{ ref('stg_landing__persons') }}),
eu_efta as (select geo from {{ ref('ref_reporting_countries') }}),
final as (
    select distinct
        r.reporting_country,
        r.person_key,
        {{ year_of('r.departure_date') }} as year,
        r.destination as third_country
    from returns as r
    inner join persons as p using (reporting_country, person_key)
    where
        r.return_type = 'FORCED'
        and r.destination != 'UNK'
        and r.destination not in (select e.geo from eu_efta as e)
        and p.citizenship != r.destination
)
select * from final
