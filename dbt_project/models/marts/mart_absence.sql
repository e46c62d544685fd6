-- Grain: one row per absence, persistent-absence or attendance figure (metric x area x cohort x phase x
-- statistic x period x report), from the scorecard, the neighbouring-authority table and the narratives.
select
    observation_id, metric_id, metric_name, area_code, area_name, cohort, phase, statistic,
    period_label, period_type, period_start, period_end, value, unit, value_status, value_qualifier,
    derivation, report_id, report_date, source_table, source_locator, printed_text
from {{ ref('fct_metric_observations') }}
where metric_id in (
    'absence_rate', 'persistent_absence_rate', 'attendance_rate',
    'absence_rate_change', 'persistent_absence_rate_change', 'attendance_rate_change'
)
