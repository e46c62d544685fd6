-- Figures the warehouse derives from published ones. Each row says how (derivation) and carries
-- status 'derived'; nothing here is presented as published.
with table_figures as (
    select * from {{ ref('int_observations__from_tables') }}
),

-- Attendance = 100 - absence rate, for the scorecard's published absence rates (DfE: overall absence
-- and attendance are complements of the same possible sessions).
attendance as (
    select
        {{ surrogate_key(['observation_id', "'attendance'"]) }} as observation_id,
        cell_id,
        'derived_attendance' as figure_role,
        'attendance_rate' as metric_id,
        area_name, cohort, phase, breakdown, statistic,
        period_label, period_type, period_start, period_end,
        100 - value as value,
        'percent' as unit,
        'derived' as value_status,
        value_qualifier,
        as_of_date,
        'attendance = 100 - published absence rate (' || printed_text || ')' as derivation,
        is_total_row, report_id, source_table, source_line, source_column, printed_text
    from table_figures
    where metric_id = 'absence_rate'
        and source_table = 'osc_2023_11_scorecard__absence_rate'
        and value is not null
),

-- The EHCP cohort implied by a placement count and its printed share, per snapshot. The row with the
-- largest count is used: its share's rounding (+/-0.05 points) moves the estimate least.
placements as (
    select
        shares.*,
        counts.value as placed_count,
        row_number() over (
            partition by shares.source_column order by counts.value desc
        ) as precision_rank
    from table_figures as shares
    inner join table_figures as counts
        on shares.cell_id = counts.cell_id
        and counts.figure_role = 'count'
    where shares.metric_id = 'ehcp_placement_share'
        and shares.figure_role = 'share'
        and shares.value > 0
),

implied_cohort as (
    select
        {{ surrogate_key(['observation_id', "'implied_cohort'"]) }} as observation_id,
        cell_id,
        'derived_cohort' as figure_role,
        'ehcp_cohort_implied' as metric_id,
        area_name, cohort, phase,
        cast(null as {{ dbt.type_string() }}) as breakdown,
        statistic,
        period_label, period_type, period_start, period_end,
        round(placed_count * 100 / value, 0) as value,
        'count' as unit,
        'derived' as value_status,
        'approximately' as value_qualifier,
        as_of_date,
        'EHCP cohort implied by ' || printed_text || ': count / share, rounded; the printed share''s rounding '
            || 'gives a range of ' || cast(cast(floor(placed_count * 100 / (value + 0.05)) as integer) as {{ dbt.type_string() }})
            || ' to ' || cast(cast(ceiling(placed_count * 100 / (value - 0.05)) as integer) as {{ dbt.type_string() }}) as derivation,
        false as is_total_row, report_id, source_table, source_line, source_column, printed_text
    from placements
    where precision_rank = 1
)

select * from attendance
union all
select * from implied_cohort
