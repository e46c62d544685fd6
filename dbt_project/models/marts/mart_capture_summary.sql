-- Grain: one row per report x source table (a seed, or the running-text observations): how many
-- figures were captured as printed, how many are unavailable as printed, and how many were derived.
select
    observations.report_id,
    observations.source_table,
    cast(sum(case when observations.value_status in ('published', 'provisional') then 1 else 0 end) as integer) as figures_printed,
    cast(sum(case when observations.value_status = 'unavailable' then 1 else 0 end) as integer) as figures_unavailable,
    cast(sum(case when observations.value_status = 'derived' then 1 else 0 end) as integer) as figures_derived,
    cast(count(*) as integer) as figures_total
from {{ ref('fct_metric_observations') }} as observations
group by observations.report_id, observations.source_table
