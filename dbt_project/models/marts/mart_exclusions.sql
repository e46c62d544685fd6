-- Grain: one row per exclusion figure (metric x cohort x phase x statistic x period x report): the share
-- of pupils with a fixed-term exclusion, permanent exclusions, sessions lost and pupils excluded.
select
    observation_id, metric_id, metric_name, area_code, area_name, cohort, phase, breakdown, statistic,
    period_label, period_type, period_start, period_end, value, unit, value_status, value_qualifier,
    derivation, report_id, report_date, source_table, source_locator, printed_text
from {{ ref('fct_metric_observations') }}
where metric_id like 'fixed_term_exclusion%'
    or metric_id like 'permanent_exclusion%'
