-- For each printed share, the printed count it is a share of (numerator) and the printed or derived
-- total it is out of (denominator), where the report gives them. One row per share figure.
with figures as (
    select * from {{ ref('int_observations__from_tables') }}
),

derived as (
    select * from {{ ref('int_observations__derived') }}
),

share_rules as (
    -- the share rules of reference seed table_checks: result_column = part_column / denominator x 100
    select source_table, result_column, part_column, denominator
    from {{ ref('table_checks') }}
    where rule = 'share'
),

counts as (
    select * from figures where figure_role = 'count'
),

shares as (
    select
        figures.*,
        share_rules.part_column as numerator_column,
        share_rules.denominator as denominator_rule
    from figures
    left join share_rules
        on figures.source_table = share_rules.source_table
        and figures.source_column = share_rules.result_column
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
        and total_rows.source_column = shares.numerator_column
        and total_rows.source_line >= shares.source_line
    where shares.denominator_rule = 'total_row'
    group by shares.observation_id
),

-- A column summed over its table (every row but total rows).
column_sums as (
    select source_table, report_id, source_column, sum(value) as value
    from counts
    where not is_total_row
    group by source_table, report_id, source_column
),

with_components as (
    select
        shares.observation_id,
        numerators.value as numerator,
        coalesce(same_row_totals.value, block_totals.value, column_sums.value) as denominator,
        case
            when numerators.value is null then null
            when shares.numerator_column is null or shares.numerator_column = shares.source_column
                then 'numerator: the count printed in the same cell'
            else 'numerator: column ' || shares.numerator_column || ' of the same row'
        end as numerator_source,
        case
            when same_row_totals.value is not null then 'denominator: column ' || shares.denominator_rule || ' of the same row'
            when block_totals.value is not null then 'denominator: column ' || shares.numerator_column || '{{ dbt.escape_single_quotes(" of the block's total row") }}'
            when column_sums.value is not null then 'denominator: column ' || shares.numerator_column || ' summed over the table'
        end as denominator_source
    from shares
    left join counts as numerators
        on numerators.source_table = shares.source_table
        and numerators.source_line = shares.source_line
        and numerators.source_column = coalesce(shares.numerator_column, shares.source_column)
    left join counts as same_row_totals
        on shares.denominator_rule not in ('total_row', 'column_sum')
        and same_row_totals.source_table = shares.source_table
        and same_row_totals.source_line = shares.source_line
        and same_row_totals.source_column = shares.denominator_rule
    left join share_blocks
        on share_blocks.observation_id = shares.observation_id
    left join total_rows as block_totals
        on block_totals.report_id = shares.report_id
        and block_totals.source_table = shares.source_table
        and block_totals.source_column = shares.numerator_column
        and block_totals.source_line = share_blocks.total_line
    left join column_sums
        on shares.denominator_rule = 'column_sum'
        and column_sums.report_id = shares.report_id
        and column_sums.source_table = shares.source_table
        and column_sums.source_column = shares.numerator_column
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
