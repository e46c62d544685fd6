-- The printed figures of the captured tables that disclosure control decides on: one row per figure
-- (a cell printing a share and a count carries two), with whether it counts children and the count a
-- share is computed from (the count in the same cell, or the part column of a share rule).
with observations as (
    select * from {{ ref('int_observations__unioned') }}
),

metrics as (
    select metric_id, cast(counts_children as boolean) as counts_children from {{ ref('metric_definitions') }}
),

share_rules as (
    select source_table, result_column, part_column from {{ ref('table_checks') }} where rule = 'share'
),

figures as (
    select
        observations.observation_id,
        observations.source_table || '|' || cast(observations.source_line as {{ dbt.type_string() }})
            || '|' || observations.source_column || '|' || observations.figure_role as figure_key,
        observations.source_table,
        observations.report_id,
        observations.source_line,
        observations.source_column,
        observations.figure_role,
        observations.value,
        observations.unit,
        observations.metric_id,
        observations.is_total_row,
        coalesce(observations.unit = 'count' and metrics.counts_children, false) as is_child_count
    from observations
    left join metrics
        on observations.metric_id = metrics.metric_id
    where observations.source_table <> 'headline_observations'
        and observations.figure_role in ('share', 'count')
        and observations.value is not null
        and observations.value_status <> 'derived'
)

select
    figures.*,
    case
        when figures.figure_role <> 'share' then null
        when same_cell.figure_key is not null then same_cell.figure_key
        else beside.figure_key
    end as share_of
from figures
left join figures as same_cell
    on figures.figure_role = 'share'
    and same_cell.figure_role = 'count'
    and same_cell.source_table = figures.source_table
    and same_cell.source_line = figures.source_line
    and same_cell.source_column = figures.source_column
left join share_rules
    on figures.figure_role = 'share'
    and share_rules.source_table = figures.source_table
    and share_rules.result_column = figures.source_column
left join figures as beside
    on beside.figure_role = 'count'
    and beside.source_table = figures.source_table
    and beside.source_line = figures.source_line
    and beside.source_column = share_rules.part_column
