-- Grain: one row per local authority x attainment measure (EYFS, phonics, KS1, KS2) x cohort x statistic
-- x period, with the authority's value, the national value printed beside it and the gap (derived).
with attainment_metrics as (
    -- EYFS good level of development sits in the early_years domain but belongs with attainment here
    select metric_id from {{ ref('dim_metric') }} where domain in ('attainment', 'early_years')
),

areas as (
    select * from {{ ref('dim_area') }}
),

observations as (
    select observations.*, areas.geographic_level
    from {{ ref('fct_metric_observations') }} as observations
    inner join attainment_metrics
        on observations.metric_id = attainment_metrics.metric_id
    inner join areas
        on observations.area_code = areas.area_code
    where observations.source_table <> 'headline_observations'
),

local_figures as (
    select * from observations where geographic_level = 'Local authority'
),

national as (
    select * from observations where geographic_level = 'National'
)

select
    local_figures.observation_id,
    local_figures.area_code,
    local_figures.area_name,
    local_figures.metric_id,
    local_figures.metric_name,
    local_figures.cohort,
    local_figures.statistic,
    local_figures.period_label,
    local_figures.period_type,
    local_figures.period_start,
    local_figures.period_end,
    local_figures.value,
    local_figures.value_status,
    national.value as national_value,
    national.value_status as national_status,
    case
        when local_figures.statistic = 'level' and local_figures.value is not null and national.value is not null
            then round(local_figures.value - national.value, 1)
    end as gap_to_national,
    case
        when local_figures.statistic = 'level' and local_figures.value is not null and national.value is not null
            then 'derived: local authority value - national value, percentage points'
    end as gap_derivation,
    local_figures.unit,
    local_figures.report_id,
    local_figures.source_locator,
    national.source_locator as national_source_locator
from local_figures
left join national
    on local_figures.source_table = national.source_table
    and local_figures.source_line = national.source_line
    and local_figures.metric_id = national.metric_id
    and local_figures.statistic = national.statistic
    and local_figures.period_label = national.period_label
