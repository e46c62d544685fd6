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

-- The figures disclosure control hides (only these set the flags below).
suppressed as (
    select observation_id, is_suppressed from {{ ref('fct_disclosure') }}
    where is_suppressed
),

figures as (
    select
        observations.cell_id,
        max(case when figure_role = 'share' then observations.observation_id end) as share_observation_id,
        max(case when figure_role = 'share' then value end) as share_value,
        max(case when figure_role = 'share' then unit end) as share_unit,
        max(case when figure_role = 'share' then printed_decimals end) as share_decimals,
        max(case when figure_role = 'count' then observations.observation_id end) as count_observation_id,
        max(case when figure_role = 'count' then value end) as count_value,
        max(case when figure_role = 'count' then unit end) as count_unit,
        max(case when figure_role = 'count' then printed_decimals end) as count_decimals,
        max(case when figure_role = 'count' and value_status = 'derived' then 1 else 0 end) = 1 as count_is_derived,
        max(case when figure_role = 'share' and suppressed.is_suppressed then 1 else 0 end) = 1 as share_suppressed,
        max(case when figure_role = 'count' and suppressed.is_suppressed then 1 else 0 end) = 1 as count_suppressed
    from observations
    left join suppressed
        on observations.observation_id = suppressed.observation_id
    group by observations.cell_id
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
    figures.share_observation_id,
    figures.share_value,
    figures.share_unit,
    figures.share_decimals,
    figures.count_observation_id,
    figures.count_value,
    figures.count_unit,
    figures.count_decimals,
    coalesce(figures.count_is_derived, false) as count_is_derived,
    coalesce(figures.share_suppressed, false) as share_suppressed,
    coalesce(figures.count_suppressed, false) as count_suppressed
from cells
left join figures
    on cells.cell_id = figures.cell_id
