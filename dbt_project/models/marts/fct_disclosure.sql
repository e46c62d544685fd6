-- Grain: one row per figure (fct_metric_observations): whether the public exports (workbook, HTML page,
-- open data) show it as 'c', and why. The marts, CSV and Parquet keep every published figure.
with observations as (
    select * from {{ ref('int_observations__unioned') }}
),

figures as (
    select * from {{ ref('int_disclosure__figures') }}
),

suppressed as (
    select * from {{ ref('int_disclosure__suppressed') }}
),

metrics as (
    select metric_id, cast(counts_children as boolean) as counts_children from {{ ref('metric_definitions') }}
),

-- the cells with a hidden figure: a figure the warehouse derives from such a cell is hidden too
hidden_cells as (
    select distinct figures.source_table, figures.source_line, figures.source_column
    from figures
    inner join suppressed
        on figures.figure_key = suppressed.figure_key
),

decided as (
    select
        observations.observation_id,
        case
            when suppressed.suppression is not null then suppressed.suppression
            when observations.value_status = 'derived' and hidden_cells.source_table is not null then 'derived'
            when observations.unit = 'count' and coalesce(metrics.counts_children, false)
                and observations.value >= 1 and observations.value <= {{ suppression_threshold() }}
                then 'primary'
        end as suppression
    from observations
    left join figures
        on observations.observation_id = figures.observation_id
    left join suppressed
        on figures.figure_key = suppressed.figure_key
    left join hidden_cells
        on observations.source_table = hidden_cells.source_table
        and observations.source_line = hidden_cells.source_line
        and observations.source_column = hidden_cells.source_column
    left join metrics
        on observations.metric_id = metrics.metric_id
)

select
    observation_id,
    suppression is not null as is_suppressed,
    suppression
from decided
