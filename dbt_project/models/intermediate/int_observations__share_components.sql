-- For each printed share, the printed count it is a share of (numerator) and the printed or derived
-- total it is out of (denominator), where the report gives them. One row per share figure.
with figures as (
    select * from {{ ref('int_observations__from_tables') }}
),

derived as (
    select * from {{ ref('int_observations__derived') }}
),

columns_meaning as (
    select * from {{ ref('column_meanings') }}
),

counts as (
    select * from figures where figure_role = 'count'
),

shares as (
    select
        figures.*,
        columns_meaning.numerator_column,
        columns_meaning.denominator_column,
        cast(columns_meaning.denominator_from_total_row as boolean) as denominator_from_total_row
    from figures
    inner join columns_meaning
        on figures.source_table = columns_meaning.source_table
        and figures.source_column = columns_meaning.column_name
    where figures.figure_role = 'share'
        and figures.unit = 'percent'
        and figures.value is not null
),

-- Total rows of each printed block (a table may hold several blocks under one heading).
total_rows as (
    select source_table, report_id, source_line, source_column, value
    from counts
    where is_total_row
),

-- The block's total row is the first total row at or below the share's line.
share_blocks as (
    select shares.observation_id, min(total_rows.source_line) as total_line
    from shares
    inner join total_rows
        on total_rows.report_id = shares.report_id
        and total_rows.source_table = shares.source_table
        and total_rows.source_column = shares.denominator_column
        and total_rows.source_line >= shares.source_line
    where shares.denominator_from_total_row
    group by shares.observation_id
),

with_components as (
    select
        shares.observation_id,
        numerators.value as numerator,
        coalesce(same_row_totals.value, block_totals.value) as denominator,
        case
            when numerators.value is null then null
            when shares.numerator_column is null then 'numerator: the count printed in the same cell'
            else 'numerator: column ' || shares.numerator_column || ' of the same row'
        end as numerator_source,
        case
            when same_row_totals.value is not null then 'denominator: column ' || shares.denominator_column || ' of the same row'
            when block_totals.value is not null then 'denominator: column ' || shares.denominator_column || '{{ dbt.escape_single_quotes(" of the block's total row") }}'
        end as denominator_source
    from shares
    left join counts as numerators
        on numerators.source_table = shares.source_table
        and numerators.source_line = shares.source_line
        and numerators.source_column = coalesce(shares.numerator_column, shares.source_column)
    left join counts as same_row_totals
        on not shares.denominator_from_total_row
        and same_row_totals.source_table = shares.source_table
        and same_row_totals.source_line = shares.source_line
        and same_row_totals.source_column = shares.denominator_column
    left join share_blocks
        on share_blocks.observation_id = shares.observation_id
    left join total_rows as block_totals
        on block_totals.report_id = shares.report_id
        and block_totals.source_table = shares.source_table
        and block_totals.source_column = shares.denominator_column
        and block_totals.source_line = share_blocks.total_line
    where shares.metric_id <> 'ehcp_placement_share'
),

-- EHCP placement shares: the count in the cell over the implied cohort of the same snapshot (derived).
placement_components as (
    select
        shares.observation_id,
        counts.value as numerator,
        derived.value as denominator,
        'numerator: the count printed in the same cell' as numerator_source,
        'denominator: derived EHCP cohort implied for the snapshot (see ehcp_cohort_implied)' as denominator_source
    from figures as shares
    inner join counts
        on counts.cell_id = shares.cell_id
    inner join derived
        on derived.metric_id = 'ehcp_cohort_implied'
        and derived.report_id = shares.report_id
        and derived.source_table = shares.source_table
        and derived.source_column = shares.source_column
    where shares.metric_id = 'ehcp_placement_share'
        and shares.figure_role = 'share'
)

select * from with_components
where numerator is not null or denominator is not null
union all
select * from placement_components
