-- Table cells given their meaning (reference seed row_meanings, and the value columns declared beside each
-- seed), one row per figure: a cell printing a share and a count ("25.0% (697)", "1 33%") yields two figures.
with cells as (
    select * from {{ ref('int_table_cells__unioned') }}
),

rows_meaning as (
    select * from {{ ref('row_meanings') }}
),

columns_meaning as (
    select * from {{ ref('stg_declarations__columns') }} where column_role = 'value'
),

reports as (
    select report_id, area_name from {{ ref('stg_reports__registry') }}
),

joined as (
    select
        cells.*,
        rows_meaning.metric_id as row_metric_id,
        rows_meaning.count_metric_id as row_count_metric_id,
        rows_meaning.cohort,
        rows_meaning.phase,
        -- a comparator column (England, North West) names its area; any other column is about the
        -- area its row names (a table of several authorities) or else the report's own area
        coalesce(columns_meaning.area_name, rows_meaning.area_name, reports.area_name) as area_name,
        rows_meaning.row_breakdown,
        cast(rows_meaning.is_total_row as boolean) as is_total_row,
        columns_meaning.metric_id as column_metric_id,
        columns_meaning.period_label,
        columns_meaning.period_type,
        cast(columns_meaning.period_start as date) as period_start,
        cast(columns_meaning.period_end as date) as period_end,
        columns_meaning.statistic,
        columns_meaning.column_breakdown,
        columns_meaning.bare_number_kind,
        cast(columns_meaning.dash_means_zero as boolean) as dash_means_zero,
        cast(columns_meaning.provisional as boolean) as column_is_provisional
    from cells
    inner join rows_meaning
        on cells.source_table = rows_meaning.source_table
        and cells.source_line = cast(rows_meaning.source_line as integer)
    inner join columns_meaning
        on cells.source_table = columns_meaning.source_table
        and cells.column_name = columns_meaning.column_name
    inner join reports
        on cells.report_id = reports.report_id
),

-- The share (or rate) a cell prints.
share_figures as (
    select
        joined.*,
        'share' as figure_role,
        coalesce(column_metric_id, row_metric_id) as metric_id,
        coalesce(printed_percent, printed_number) as value,
        case when printed_percent is not null then printed_percent_decimals else printed_number_decimals end as printed_decimals,
        case when bare_number_kind = 'percentage_points' then 'percentage_points' else 'percent' end as unit,
        cast(null as {{ dbt.type_string() }}) as derivation
    from joined
    where printed_percent is not null
        or (printed_number is not null and printed_percent is null
            and bare_number_kind in ('percent', 'percentage_points'))
),

-- The count (or amount) a cell prints.
count_figures as (
    select
        joined.*,
        'count' as figure_role,
        coalesce(column_metric_id, row_count_metric_id) as metric_id,
        printed_number as value,
        printed_number_decimals as printed_decimals,
        coalesce(printed_unit, case when bare_number_kind = 'gbp_m' then 'gbp_m' else 'count' end) as unit,
        cast(null as {{ dbt.type_string() }}) as derivation
    from joined
    where printed_number is not null
        and (printed_percent is not null or bare_number_kind in ('count', 'gbp_m'))
),

-- A dash in a table whose totals show it means nil: read as zero, and labelled derived.
nil_figures as (
    select
        joined.*,
        'count' as figure_role,
        coalesce(column_metric_id, row_count_metric_id) as metric_id,
        0.0 as value,
        0 as printed_decimals,
        'count' as unit,
        '{{ dbt.escape_single_quotes("printed '-' read as zero: in this table a dash stands for none (the row totals confirm it)") }}' as derivation
    from joined
    where cell_pattern = 'dash' and dash_means_zero
),

-- Blank and "Currently Unavailable" cells: the figure is recorded as unavailable, with no value.
unavailable_figures as (
    select
        joined.*,
        'share' as figure_role,
        coalesce(column_metric_id, row_metric_id, row_count_metric_id) as metric_id,
        cast(null as double) as value,
        cast(null as integer) as printed_decimals,
        case
            when bare_number_kind = 'count' then 'count'
            when bare_number_kind = 'percentage_points' then 'percentage_points'
            else 'percent'
        end as unit,
        cast(null as {{ dbt.type_string() }}) as derivation
    from joined
    where cell_pattern in ('blank', 'unavailable') or (cell_pattern = 'dash' and not dash_means_zero)
),

figures as (
    select * from share_figures
    union all
    select * from count_figures
    union all
    select * from nil_figures
    union all
    select * from unavailable_figures
)

select
    {{ surrogate_key(['cell_id', 'figure_role']) }} as observation_id,
    cell_id,
    figure_role,
    metric_id,
    area_name,
    cohort,
    phase,
    case
        when row_breakdown is not null and column_breakdown is not null then row_breakdown || '; ' || column_breakdown
        else coalesce(row_breakdown, column_breakdown)
    end as breakdown,
    statistic,
    period_label,
    period_type,
    period_start,
    period_end,
    value,
    printed_decimals,
    unit,
    case
        when derivation is not null then 'derived'
        when cell_status = 'unavailable' or cell_pattern = 'dash' then 'unavailable'
        when column_is_provisional then 'provisional'
        else cell_status
    end as value_status,
    value_qualifier,
    as_of_date,
    derivation,
    is_total_row,
    report_id,
    source_table,
    source_line,
    column_name as source_column,
    cell_text as printed_text
from figures
