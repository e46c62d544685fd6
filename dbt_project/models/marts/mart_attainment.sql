-- Grain: one row per attainment measure (EYFS, phonics, KS1, KS2) x cohort x statistic x period, with
-- Sefton's value, the national value for the same period and the gap (derived: Sefton - national).
with observations as (
    select * from {{ ref('fct_metric_observations') }}
    where source_table in (
        'osc_2023_11_scorecard__eyfs', 'osc_2023_11_scorecard__phonics',
        'osc_2023_11_scorecard__ks1', 'osc_2023_11_scorecard__ks2'
    )
),

sefton as (
    select * from observations where area_name = 'Sefton'
),

national as (
    select * from observations where area_name = 'England'
)

select
    sefton.observation_id,
    sefton.metric_id,
    sefton.metric_name,
    sefton.cohort,
    sefton.statistic,
    sefton.period_label,
    sefton.period_type,
    sefton.period_start,
    sefton.period_end,
    sefton.value as sefton_value,
    sefton.value_status as sefton_status,
    national.value as national_value,
    national.value_status as national_status,
    case
        when sefton.statistic = 'level' and sefton.value is not null and national.value is not null
            then round(sefton.value - national.value, 1)
    end as gap_to_national,
    case
        when sefton.statistic = 'level' and sefton.value is not null and national.value is not null
            then 'derived: Sefton value - national value, percentage points'
    end as gap_derivation,
    sefton.unit,
    sefton.report_id,
    sefton.source_locator,
    national.source_locator as national_source_locator
from sefton
left join national
    on sefton.metric_id = national.metric_id
    and sefton.cohort = national.cohort
    and sefton.statistic = national.statistic
    and sefton.period_label = national.period_label
    and sefton.source_line = national.source_line
