-- Grain: one row per figure (metric x area x cohort x phase x breakdown x statistic x period x report
-- x printed place); every printed figure once, plus derived figures labelled as such.
with observations as (
    select * from {{ ref('int_observations__unioned') }}
),

reports as (
    select * from {{ ref('stg_reports__registry') }}
),

areas as (
    select * from {{ ref('dim_area') }}
),

metrics as (
    select * from {{ ref('metric_definitions') }}
),

components as (
    select * from {{ ref('int_observations__share_components') }}
)

select
    observations.observation_id,
    observations.metric_id,
    metrics.metric_name,
    areas.area_code,
    observations.area_name,
    observations.cohort,
    observations.phase,
    observations.breakdown,
    observations.statistic,
    observations.period_label,
    observations.period_type,
    observations.period_start,
    observations.period_end,
    {{ surrogate_key(['observations.period_label', 'observations.period_type', 'observations.period_start', 'observations.period_end']) }} as period_id,
    observations.value,
    observations.printed_decimals,
    observations.unit,
    components.numerator,
    components.denominator,
    case
        when components.observation_id is not null
            then coalesce(components.numerator_source, 'numerator: not printed') || '; '
                || coalesce(components.denominator_source, 'denominator: not printed')
    end as components_source,
    observations.value_status,
    observations.value_qualifier,
    observations.as_of_date,
    observations.derivation,
    observations.is_total_row,
    observations.figure_role,
    observations.report_id,
    reports.report_date,
    observations.source_table,
    observations.source_line,
    observations.source_column,
    observations.printed_text,
    reports.source_file || ' line ' || cast(observations.source_line as {{ dbt.type_string() }})
        || ', ' || observations.source_column as source_locator,
    observations.sentence
from observations
inner join reports
    on observations.report_id = reports.report_id
left join areas
    on observations.area_name = areas.area_name
left join metrics
    on observations.metric_id = metrics.metric_id
left join components
    on observations.observation_id = components.observation_id
