-- The cells of the current vintage of every (dataflow, GEO, period) the hub has accepted
-- (a table: the dashboard drills down to one country's received figures).
-- Grain: one row per cell of a current vintage.
{{ config(materialized='table') }}
select c.*, v.version, v.received_at
from {{ source('received', 'cells') }} as c
inner join {{ source('received', 'vintages') }} as v using (vintage_id)
where v.superseded_at is null
