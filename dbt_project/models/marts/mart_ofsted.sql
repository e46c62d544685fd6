-- Grain: one row per basis (schools or pupils) x school type x governance x grade, as at the inspection
-- summary date: the printed count and share, and whether the grade is good or better.
with observations as (
    select * from {{ ref('fct_metric_observations') }}
    where metric_id in (
        'ofsted_schools_count', 'ofsted_pupils_count', 'ofsted_grade_schools_share', 'ofsted_grade_pupils_share'
    )
),

counts as (
    select * from observations where figure_role = 'count'
),

shares as (
    select * from observations where figure_role = 'share'
)

select
    counts.observation_id,
    case when counts.metric_id = 'ofsted_pupils_count' then 'pupils' else 'schools' end as basis,
    {{ breakdown_value('counts.breakdown', 'school type') }} as school_type,
    {{ breakdown_value('counts.breakdown', 'governance') }} as governance,
    {{ breakdown_value('counts.breakdown', 'grade') }} as grade,
    case
        when {{ breakdown_value('counts.breakdown', 'grade') }} in ('1 Outstanding', '2 Good') then true
        when {{ breakdown_value('counts.breakdown', 'grade') }} = 'all grades' then null
        else false
    end as is_good_or_better,
    counts.is_total_row,
    counts.area_code,
    counts.area_name,
    counts.period_label,
    counts.period_end as as_at_date,
    counts.value as count_value,
    counts.value_status as count_status,
    counts.derivation as count_derivation,
    shares.value as published_share,
    shares.denominator as share_denominator,
    counts.report_id,
    counts.source_locator,
    counts.printed_text
from counts
left join shares
    on counts.source_table = shares.source_table
    and counts.source_line = shares.source_line
    and counts.source_column = shares.source_column
