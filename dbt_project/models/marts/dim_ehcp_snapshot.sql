-- Grain: one row per EHCP provision snapshot (a half term or an academic year's end): the cohort of
-- young people with an EHCP implied by the printed placement figures (derived, with its range).
select
    {{ surrogate_key(['report_id', 'source_table', 'source_column']) }} as snapshot_id,
    area_code,
    area_name,
    period_label,
    period_type,
    period_start,
    period_end,
    value as implied_cohort,
    derivation,
    report_id,
    source_table,
    source_locator
from {{ ref('fct_metric_observations') }}
where metric_id = 'ehcp_cohort_implied'
