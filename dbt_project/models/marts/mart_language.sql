-- Grain: one row per first-language group x phase x area x academic year: pupils (count) and share,
-- for Sefton, and the North West and national shares where printed.
select
    observation_id,
    metric_id,
    area_code,
    area_name,
    phase,
    {{ breakdown_value('breakdown', 'first language') }} as first_language,
    is_total_row,
    figure_role,
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
from {{ ref('fct_metric_observations') }}
where metric_id in ('first_language_pupils', 'first_language_share')
