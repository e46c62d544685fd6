-- Grain: one row per printed cell of a captured figure table (a value column of a printed row): the text
-- as printed, its pattern, the figures read from it (a share and/or a count, with the decimals printed)
-- and whether disclosure control hides it in the public exports. The printed tables can be laid out
-- again from this mart and dim_printed_tables / dim_printed_columns alone.
with cells as (
    select * from {{ ref('int_table_cells__unioned') }}
),

observations as (
    select * from {{ ref('int_observations__unioned') }}
    where source_table <> 'headline_observations' and figure_role in ('share', 'count')
),

-- The figures disclosure control hides.
suppressed as (
    select observation_id from {{ ref('fct_disclosure') }}
    where is_suppressed
),

figures as (
    select observations.*, suppressed.observation_id is not null as is_suppressed
    from observations
    left join suppressed
        on observations.observation_id = suppressed.observation_id
),

-- A cell prints at most one share and one count (a second would repeat the cell, and the primary key
-- on cell_id fails the build).
shares as (
    select * from figures where figure_role = 'share'
),

counts as (
    select * from figures where figure_role = 'count'
)

select
    cells.cell_id,
    cells.source_table,
    cells.report_id,
    cells.table_title,
    cells.block,
    cells.source_line,
    cells.row_label,
    cells.column_name,
    cells.column_position,
    cells.cell_text as printed_text,
    cells.cell_pattern,
    cells.cell_status,
    cells.is_provisional,
    cells.as_of_date,
    cells.value_qualifier,
    shares.observation_id as share_observation_id,
    shares.value as share_value,
    shares.unit as share_unit,
    shares.printed_decimals as share_decimals,
    counts.observation_id as count_observation_id,
    counts.value as count_value,
    counts.unit as count_unit,
    counts.printed_decimals as count_decimals,
    coalesce(counts.value_status = 'derived', false) as count_is_derived,
    coalesce(shares.is_suppressed, false) as share_suppressed,
    coalesce(counts.is_suppressed, false) as count_suppressed
from cells
left join shares
    on cells.cell_id = shares.cell_id
left join counts
    on cells.cell_id = counts.cell_id
