-- Grain: one row per check of a figure the reports derive (totals, shares, trends, changes, stated
-- rises): published value, value recomputed from its printed components, tolerance, status.
-- A mismatch is a finding about the report, never corrected in the warehouse.
with observations as (
    select * from {{ ref('fct_metric_observations') }}
    where value_status in ('published', 'provisional', 'derived')
),

counts as (
    select * from observations where figure_role = 'count' and value is not null
),

-- A. Column totals: a block's total row equals the sum of the rows above it (down to the previous total).
block_members as (
    select
        members.report_id,
        members.source_table,
        members.source_column,
        members.value,
        min(totals.source_line) as total_line
    from counts as members
    inner join counts as totals
        on totals.report_id = members.report_id
        and totals.source_table = members.source_table
        and totals.source_column = members.source_column
        and totals.is_total_row
        and totals.source_line > members.source_line
    where not members.is_total_row
    group by members.observation_id, members.report_id, members.source_table, members.source_column, members.value
),

column_totals as (
    select
        'column_total' as check_type,
        totals.observation_id,
        'Total row equals the sum of the rows of its block, column ' || totals.source_column as description,
        totals.value as published_value,
        sum(block_members.value) as recomputed_value,
        0.0 as tolerance,
        cast(null as {{ dbt.type_string() }}) as reason
    from counts as totals
    inner join block_members
        on block_members.report_id = totals.report_id
        and block_members.source_table = totals.source_table
        and block_members.source_column = totals.source_column
        and block_members.total_line = totals.source_line
    where totals.is_total_row
    group by totals.observation_id, totals.source_column, totals.value
),

-- B. Row totals: a row's total column equals the sum of its grade (or gender) columns.
row_parts as (
    select
        source_table,
        source_line,
        case
            when source_table like '%ofsted%' then regexp_extract(source_column, '^([a-z]+)_', 1) || '_total'
            else 'ay_2021_22_all_no'
        end as total_column,
        sum(value) as parts_value,
        count(*) as parts
    from counts
    where (source_table like '%ofsted%' and source_column like '%grade%')
        or (source_table = 'osc_2023_11_send_jcp__ehcp_by_need_gender'
            and source_column in ('ay_2021_22_female_no', 'ay_2021_22_male_no'))
    group by 1, 2, 3
),

row_totals as (
    select
        'row_total' as check_type,
        totals.observation_id,
        'Row total (' || totals.source_column || ') equals the sum of its ' || cast(row_parts.parts as {{ dbt.type_string() }})
            || ' component columns' as description,
        totals.value as published_value,
        row_parts.parts_value as recomputed_value,
        0.0 as tolerance,
        cast(null as {{ dbt.type_string() }}) as reason
    from counts as totals
    inner join row_parts
        on row_parts.source_table = totals.source_table
        and row_parts.source_line = totals.source_line
        and row_parts.total_column = totals.source_column
),

-- C. Ofsted: "all schools" equals maintained schools plus academies, cell by cell.
governance_sum as (
    select
        'governance_total' as check_type,
        all_schools.observation_id,
        'All schools equals maintained schools + academies (' || all_schools.source_column || ')' as description,
        all_schools.value as published_value,
        maintained.value + academies.value as recomputed_value,
        0.0 as tolerance,
        cast(null as {{ dbt.type_string() }}) as reason
    from counts as all_schools
    inner join counts as maintained
        on maintained.source_table = all_schools.source_table
        and maintained.source_line = all_schools.source_line
        and maintained.source_column = replace(all_schools.source_column, 'all_', 'maintained_')
    inner join counts as academies
        on academies.source_table = all_schools.source_table
        and academies.source_line = all_schools.source_line
        and academies.source_column = replace(all_schools.source_column, 'all_', 'academies_')
    where all_schools.source_table like '%ofsted%'
        and {{ regex_matches('all_schools.source_column', '^all_') }}
),

-- D. Printed shares against their printed count and total. EHCP placement shares have no printed total:
-- the cohort implied by all three settings' printed figures stands in, so the check finds shares that
-- no single cohort can reproduce.
shares as (
    select
        'share' as check_type,
        observation_id,
        'Printed share equals numerator / denominator x 100 (' || components_source || ')' as description,
        value as published_value,
        100.0 * numerator / denominator as recomputed_value,
        {{ printed_half_unit('printed_text', 'percent') }} as tolerance,
        cast(null as {{ dbt.type_string() }}) as reason
    from observations
    where figure_role = 'share'
        and numerator is not null
        and denominator is not null
        and denominator <> 0
),

shares_without_total as (
    select
        'share_not_checkable' as check_type,
        observation_id,
        'Printed share has no printed total in its table' as description,
        value as published_value,
        cast(null as double) as recomputed_value,
        cast(null as double) as tolerance,
        'the total it is a share of is not printed in this table' as reason
    from observations
    where figure_role = 'share'
        and numerator is not null
        and denominator is null
),

-- E. Attendance + overall absence = 100, wherever a table prints both for the same row.
complements as (
    select
        'complement' as check_type,
        attendance.observation_id,
        'Attendance rate + overall absence rate = 100' as description,
        attendance.value as published_value,
        100 - absence.value as recomputed_value,
        {{ printed_half_unit('attendance.printed_text') }} + {{ printed_half_unit('absence.printed_text') }} as tolerance,
        cast(null as {{ dbt.type_string() }}) as reason
    from observations as attendance
    inner join observations as absence
        on absence.source_table = attendance.source_table
        and absence.source_line = attendance.source_line
        and absence.metric_id = 'absence_rate'
    where attendance.metric_id = 'attendance_rate'
        and attendance.figure_role = 'share'
        and absence.figure_role = 'share'
),

-- F. Trend averages and change columns, recomputed from the same row's printed years.
levels as (
    select * from observations
    where statistic = 'level' and figure_role = 'share'
),

trend_parts as (
    select
        trend.observation_id,
        trend.value as published_value,
        avg(levels.value) as recomputed_value,
        count(levels.value) as years,
        {{ printed_half_unit('trend.printed_text') }} + max({{ printed_half_unit('levels.printed_text') }}) as tolerance
    from observations as trend
    inner join levels
        on levels.source_table = trend.source_table
        and levels.source_line = trend.source_line
        and levels.area_name = trend.area_name
        and levels.period_type = 'academic_year'
        and levels.period_start >= trend.period_start
        and levels.period_end <= trend.period_end
    where trend.statistic = 'multi_year_average'
    group by trend.observation_id, trend.value, trend.printed_text
),

trends as (
    select
        'trend_average' as check_type,
        observation_id,
        'Trend column equals the mean of the ' || cast(years as {{ dbt.type_string() }}) || ' printed years of its row' as description,
        published_value,
        recomputed_value,
        tolerance,
        cast(null as {{ dbt.type_string() }}) as reason
    from trend_parts
),

changes as (
    select
        'change_column' as check_type,
        change.observation_id,
        'Change column (' || change.period_label || ') equals the later year minus the earlier year of its row' as description,
        change.value as published_value,
        later.value - earlier.value as recomputed_value,
        {{ printed_half_unit('change.printed_text') }} + {{ printed_half_unit('later.printed_text') }}
            + {{ printed_half_unit('earlier.printed_text') }} as tolerance,
        case
            when abs(change.value - (later.value - earlier.value)) > 0.001
                and abs(change.value - (later.value - middle.value)) <= 0.001
                then 'the printed values equal the change from ' || middle.period_label || ', not from ' || earlier.period_label
        end as reason
    from observations as change
    inner join levels as later
        on later.source_table = change.source_table
        and later.source_line = change.source_line
        and later.area_name = change.area_name
        and later.period_end = change.period_end
    inner join levels as earlier
        on earlier.source_table = change.source_table
        and earlier.source_line = change.source_line
        and earlier.area_name = change.area_name
        and earlier.period_start = change.period_start
    left join levels as middle
        on middle.source_table = change.source_table
        and middle.source_line = change.source_line
        and middle.area_name = change.area_name
        and middle.period_start > change.period_start
        and middle.period_end < change.period_end
    where change.statistic = 'change'
        and change.source_table <> 'headline_observations'
),

-- G. Budget: variance = forecast outturn - budget.
budget as (
    select
        'budget_variance' as check_type,
        variance.observation_id,
        'Variance equals forecast outturn - budget (£m)' as description,
        variance.value as published_value,
        forecast.value - budget.value as recomputed_value,
        {{ printed_half_unit('variance.printed_text') }} * 2 as tolerance,
        cast(null as {{ dbt.type_string() }}) as reason
    from counts as variance
    inner join counts as forecast
        on forecast.source_table = variance.source_table
        and forecast.source_line = variance.source_line
        and forecast.metric_id = 'csc_forecast_outturn'
    inner join counts as budget
        on budget.source_table = variance.source_table
        and budget.source_line = variance.source_line
        and budget.metric_id = 'csc_budget'
    where variance.metric_id = 'csc_budget_variance'
),

stated as (
    select * from {{ ref('int_reconciliation__stated_figures') }}
),

checks as (
    select * from column_totals
    union all select * from row_totals
    union all select * from governance_sum
    union all select * from shares
    union all select * from shares_without_total
    union all select * from complements
    union all select * from trends
    union all select * from changes
    union all select * from budget
    union all select * from stated
)

select
    {{ surrogate_key(['checks.check_type', 'checks.observation_id', 'checks.description']) }} as check_id,
    checks.check_type,
    observations.metric_id,
    observations.report_id,
    observations.source_table,
    observations.source_locator,
    observations.printed_text,
    checks.description,
    checks.published_value,
    checks.recomputed_value,
    checks.published_value - checks.recomputed_value as difference,
    checks.tolerance,
    observations.value_qualifier,
    case
        when checks.recomputed_value is null or checks.published_value is null then 'not_checkable'
        -- a bound in words ("over 100", "less than 8%") is met or not
        when observations.value_qualifier in ('over', 'more than', 'at least', 'at least another', 'just over')
            then case when checks.recomputed_value >= checks.published_value - checks.tolerance then 'match' else 'mismatch' end
        when observations.value_qualifier in ('under', 'less than', 'up to')
            then case when checks.recomputed_value <= checks.published_value + checks.tolerance then 'match' else 'mismatch' end
        -- an approximation in words ("approximately 80%", "nearly 200") is allowed 10% either side
        when observations.value_qualifier in ('approximately', 'nearly', 'around', 'almost', 'closer to')
            then case
                when abs(checks.published_value - checks.recomputed_value)
                    <= greatest(checks.tolerance, 0.1 * abs(checks.published_value)) then 'match'
                else 'mismatch'
            end
        when abs(checks.published_value - checks.recomputed_value) <= checks.tolerance + 0.000001 then 'match'
        else 'mismatch'
    end as status,
    coalesce(
        checks.reason,
        case when checks.recomputed_value is null or checks.published_value is null then 'a component is not printed' end,
        case
            when checks.check_type = 'governance_total'
                and abs(checks.published_value - checks.recomputed_value) > checks.tolerance
                then 'the report does not say all schools = maintained + academies; schools in neither column would explain it'
        end
    ) as reason,
    checks.observation_id
from checks
inner join observations
    on checks.observation_id = observations.observation_id
