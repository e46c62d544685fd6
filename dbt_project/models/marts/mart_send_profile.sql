-- Grain: one row per EHC plan profile figure: characteristic (age band, ethnicity, primary need, gender)
-- x category x period, count or share.
with observations as (
    select * from {{ ref('fct_metric_observations') }}
    where source_table in (
        'osc_2023_11_send_jcp__ehcp_by_age',
        'osc_2023_11_send_jcp__ehcp_by_ethnicity',
        'osc_2023_11_send_jcp__ehcp_by_need_gender'
    )
)

select
    observation_id,
    metric_id,
    case source_table
        when 'osc_2023_11_send_jcp__ehcp_by_age' then 'age band'
        when 'osc_2023_11_send_jcp__ehcp_by_ethnicity' then 'ethnicity'
        else 'primary need'
    end as characteristic,
    coalesce(
        {{ breakdown_value('breakdown', 'age band') }},
        {{ breakdown_value('breakdown', 'ethnicity') }},
        {{ breakdown_value('breakdown', 'primary need') }}
    ) as category,
    coalesce({{ breakdown_value('breakdown', 'gender') }}, 'all') as gender,
    is_total_row,
    cohort,
    phase,
    period_label,
    period_start,
    period_end,
    value,
    unit,
    numerator,
    denominator,
    value_status,
    report_id,
    source_locator,
    printed_text
from observations
