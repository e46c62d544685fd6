-- Grain: one row per cohort x phase combination that figures are reported for.
with used as (
    select distinct cohort, phase
    from {{ ref('int_observations__unioned') }}
),

labels as (
    select cohort, phase, min(description) as description, min(printed_label) as example_printed_label
    from {{ ref('cohort_labels') }}
    group by cohort, phase
)

select
    {{ surrogate_key(['used.cohort', 'used.phase']) }} as cohort_id,
    used.cohort,
    used.phase,
    labels.description,
    labels.example_printed_label
from used
left join labels
    on used.cohort = labels.cohort
    and used.phase = labels.phase
