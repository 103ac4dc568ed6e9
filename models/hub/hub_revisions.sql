-- Revisions (hub-v1 "Receiving"): every cell a version of a (dataflow, GEO, period) added,
-- removed or changed (value or status) against the version before it.
-- Grain: one row per (dataflow, geo, time_period, version, cell).
with
vintages as (select * from {{ ref('stg_received__vintages') }}),
keyed as (
    select
        vintage_id,
        concat_ws(
            '|', 'INDIC=' || indic, 'CITIZEN=' || citizen, 'SEX=' || sex, 'AGE=' || age,
            'C_DEST=' || c_dest, 'RETURN_TYPE=' || return_type, 'THIRD_COUNTRY=' || third_country
        ) as cell,
        obs_value_text, obs_status
    from {{ source('received', 'cells') }}
),
pairs as (
    select n.dataflow, n.geo, n.time_period, n.version, n.received_at, n.vintage_id as new_id, o.vintage_id as old_id
    from vintages as n
    inner join vintages as o
        on n.dataflow = o.dataflow and n.geo = o.geo and n.time_period = o.time_period and o.version = n.version - 1
),
new_cells as (
    select p.*, k.cell, k.obs_value_text, k.obs_status from pairs as p inner join keyed as k on p.new_id = k.vintage_id
),
old_cells as (
    select p.*, k.cell, k.obs_value_text, k.obs_status from pairs as p inner join keyed as k on p.old_id = k.vintage_id
),
final as (
    select
        coalesce(n.dataflow, o.dataflow) as dataflow,
        coalesce(n.geo, o.geo) as geo,
        coalesce(n.time_period, o.time_period) as time_period,
        coalesce(n.version, o.version) as version,
        coalesce(n.received_at, o.received_at) as received_at,
        coalesce(n.cell, o.cell) as cell,
        case when o.cell is null then 'added' when n.cell is null then 'removed' else 'changed' end as change,
        o.obs_value_text as old_value,
        n.obs_value_text as new_value,
        o.obs_status as old_status,
        n.obs_status as new_status
    from new_cells as n
    full outer join old_cells as o on n.new_id = o.new_id and n.cell = o.cell
    where
        n.cell is null or o.cell is null
        or n.obs_value_text is distinct from o.obs_value_text or n.obs_status is distinct from o.obs_status
)
select * from final
