-- Grain: one row per calendar day, 2010-2035: MetricFlow's time spine (schema semantic: plumbing, not exported).
{{ config(materialized='table', schema='semantic') }}
select cast(date_day as date) as date_day
from (
    {{ dbt.date_spine('day', "cast('2010-01-01' as date)", "cast('2036-01-01' as date)") }}
) as spine
