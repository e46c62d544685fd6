-- Grain: one row per snapshot period x setting (mainstream, Sefton special school, out of borough
-- school): the printed share and count of young people with an EHCP, and the implied cohort (derived).
with observations as (
    select * from {{ ref('fct_metric_observations') }}
    where metric_id in ('ehcp_placement_share', 'ehcp_placement_count')
),

cohorts as (
    select snapshot_id, report_id, source_table, period_label, implied_cohort, derivation as implied_cohort_derivation
    from {{ ref('dim_ehcp_snapshot') }}
),

shares as (
    select * from observations where metric_id = 'ehcp_placement_share'
),

counts as (
    select * from observations where metric_id = 'ehcp_placement_count'
)

select
    shares.observation_id as share_observation_id,
    counts.observation_id as count_observation_id,
    cohorts.snapshot_id,
    shares.area_code,
    shares.area_name,
    {{ breakdown_value('shares.breakdown', 'setting') }} as setting,
    shares.period_label,
    shares.period_type,
    shares.period_start,
    shares.period_end,
    shares.value as published_share,
    counts.value as placed_count,
    cohorts.implied_cohort,
    cohorts.implied_cohort_derivation,
    shares.value_status,
    shares.report_id,
    shares.source_locator,
    shares.printed_text
from shares
inner join counts
    on shares.source_table = counts.source_table
    and shares.source_line = counts.source_line
    and shares.source_column = counts.source_column
left join cohorts
    on shares.report_id = cohorts.report_id
    and shares.source_table = cohorts.source_table
    and shares.period_label = cohorts.period_label
