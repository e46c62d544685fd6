-- Grain: one row per EHCP timeliness figure (20-week compliance monthly or year to date, its target,
-- the assessment backlog) per period per report, in time order across every report that states them.
select
    observation_id,
    metric_id,
    metric_name,
    area_code,
    area_name,
    breakdown,
    statistic,
    period_label,
    period_type,
    period_start,
    period_end,
    value,
    unit,
    value_status,
    value_qualifier,
    report_id,
    report_date,
    source_locator,
    printed_text,
    sentence,
    cast(row_number() over (
        partition by metric_id, area_name, period_type
        order by coalesce(period_end, report_date), report_date, source_line
    ) as integer) as sequence_in_series
from {{ ref('fct_metric_observations') }}
where metric_id like 'ehcp_20_week_compliance%'
    or metric_id in ('ehcp_assessment_backlog', 'ehcp_assessments_in_progress')
