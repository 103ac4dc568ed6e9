-- Every accepted version of a (dataflow, GEO, period), current or superseded.
{{ config(materialized='view') }}
select * from {{ source('received', 'vintages') }}
