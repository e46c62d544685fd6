-- One row per figure stated in running text, with its printed value parsed like any table cell.
with source as (
    select * from {{ ref('headline_observations') }}
),

patterned as (
    select
        'headline_observations' as source_table,
        observation_key,
        report_id,
        section,
        cast(source_line as integer) as source_line,
        trim(measure) as measure,
        trim(area) as area,
        trim(cohort) as cohort,
        nullif(trim(breakdown), '') as breakdown,
        trim(period_label) as period_label,
        trim(period_type) as period_type,
        cast(period_start as date) as period_start,
        cast(period_end as date) as period_end,
        trim(printed_value) as cell_text,
        trim(unit) as unit,
        sentence,
        {{ printed_cell_pattern('trim(printed_value)') }} as cell_pattern
    from source
)

select
    patterned.*,
    {{ printed_cell_columns('cell_text', 'cell_pattern') }}
from patterned
