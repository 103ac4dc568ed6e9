-- Every accepted version of a (dataflow, GEO, period), current or superseded.
{{ config(materialized='table') }}
select * from {{ source('received', 'vintages') }}
