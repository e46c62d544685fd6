-- Figures the warehouse derives from published ones. Each row says how (derivation) and carries
-- status 'derived'; nothing here is presented as published.
with table_figures as (
    select * from {{ ref('int_observations__from_tables') }}
),

-- Attendance = 100 - absence rate, for published absence rates in tables that print no attendance
-- (DfE: overall absence and attendance are complements of the same possible sessions).
attendance as (
    select
        {{ surrogate_key(['observation_id', "'attendance'"]) }} as observation_id,
        cell_id,
        'derived_attendance' as figure_role,
        'attendance_rate' as metric_id,
        area_name, cohort, phase, breakdown, statistic,
        period_label, period_type, period_start, period_end,
        100 - value as value,
        printed_decimals,
        'percent' as unit,
        'derived' as value_status,
        value_qualifier,
        as_of_date,
        'attendance = 100 - published absence rate (' || printed_text || ')' as derivation,
        is_total_row, report_id, source_table, source_line, source_column, printed_text
    from table_figures
    where metric_id = 'absence_rate'
        and value is not null
        and source_table not in (
            select printed_attendance.source_table
            from table_figures as printed_attendance
            where printed_attendance.metric_id = 'attendance_rate'
        )
),

-- The EHCP cohort implied by the printed placements, per snapshot. Each "share% (count)" cell bounds the
-- cohort: count x 100 / (share + 0.05) <= cohort <= count x 100 / (share - 0.05). Where the three
-- settings' bounds overlap, the cohort is the midpoint of the whole numbers they allow (every printed
-- share is then reproduced at its printed precision); otherwise the row with the largest count is used.
placements as (
    select
        shares.*,
        counts.value as placed_count,
        counts.value * 100 / (shares.value + {{ half_unit('shares.printed_decimals') }}) as cohort_low,
        counts.value * 100 / (shares.value - {{ half_unit('shares.printed_decimals') }}) as cohort_high,
        row_number() over (
            partition by shares.report_id, shares.source_table, shares.source_column order by counts.value desc
        ) as precision_rank
    from table_figures as shares
    inner join table_figures as counts
        on shares.cell_id = counts.cell_id
        and counts.figure_role = 'count'
    where shares.metric_id = 'ehcp_placement_share'
        and shares.figure_role = 'share'
        and shares.value > 0
),

bounds as (
    select
        report_id,
        source_table,
        source_column,
        ceiling(max(cohort_low)) as lowest_whole,
        floor(min(cohort_high)) as highest_whole,
        count(*) as settings
    from placements
    group by report_id, source_table, source_column
),

implied_cohort as (
    select
        {{ surrogate_key(['placements.observation_id', "'implied_cohort'"]) }} as observation_id,
        placements.cell_id,
        'derived_cohort' as figure_role,
        'ehcp_cohort_implied' as metric_id,
        placements.area_name, placements.cohort, placements.phase,
        cast(null as {{ dbt.type_string() }}) as breakdown,
        placements.statistic,
        placements.period_label, placements.period_type, placements.period_start, placements.period_end,
        case
            when bounds.lowest_whole <= bounds.highest_whole
                then round((bounds.lowest_whole + bounds.highest_whole) / 2, 0)
            else round(placements.placed_count * 100 / placements.value, 0)
        end as value,
        0 as printed_decimals,
        'count' as unit,
        'derived' as value_status,
        'approximately' as value_qualifier,
        placements.as_of_date,
        case
            when bounds.lowest_whole <= bounds.highest_whole
                then 'EHCP cohort implied by the ' || cast(bounds.settings as {{ dbt.type_string() }})
                    || ' printed placement shares and counts: every whole number from '
                    || cast(cast(bounds.lowest_whole as integer) as {{ dbt.type_string() }}) || ' to '
                    || cast(cast(bounds.highest_whole as integer) as {{ dbt.type_string() }})
                    || ' reproduces all of them at their printed precision; the midpoint is taken'
            else 'EHCP cohort implied by ' || placements.printed_text
                || ' (count / share): the printed shares admit no common cohort, so the largest count is used'
        end as derivation,
        false as is_total_row, placements.report_id, placements.source_table, placements.source_line,
        placements.source_column, placements.printed_text
    from placements
    inner join bounds
        on placements.report_id = bounds.report_id
        and placements.source_table = bounds.source_table
        and placements.source_column = bounds.source_column
    where placements.precision_rank = 1
)

select * from attendance
union all
select * from implied_cohort
