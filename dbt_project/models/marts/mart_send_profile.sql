-- Grain: one row per EHC plan profile figure: characteristic (age band, ethnicity, primary need, gender)
-- x category x period, count or share.
with observations as (
    select * from {{ ref('fct_metric_observations') }}
    where metric_id in ('ehcp_count', 'ehcp_age_band_share', 'ehcp_need_gender_share')
        and (breakdown like 'age band=%' or breakdown like 'ethnicity=%' or breakdown like 'primary need=%')
)

select
    observation_id,
    metric_id,
    area_code,
    area_name,
    case
        when breakdown like 'age band=%' then 'age band'
        when breakdown like 'ethnicity=%' then 'ethnicity'
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
