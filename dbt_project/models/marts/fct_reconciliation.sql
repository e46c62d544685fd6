-- Grain: one row per check of a figure the reports derive (totals, shares, trends, changes, stated
-- rises): published value, value recomputed from its printed components, tolerance, status.
-- A mismatch is a finding about the report, never corrected in the warehouse.
-- The observations' columns the checks compute with; the printed text and place of a figure (wide,
-- unique strings) are joined once at the end, by observation_id. Read a dozen times, each with its own
-- filter: scanned each time rather than copied once (not_materialized).
with observations as {{ not_materialized() }} (
    select
        observation_id, metric_id, area_name, cohort, phase, breakdown, statistic, period_label, period_type,
        period_start, period_end, value, printed_decimals, unit, numerator, denominator, components_source,
        value_status, is_total_row, figure_role, report_id, source_table, source_line, source_column
    from {{ ref('fct_metric_observations') }}
    where value_status in ('published', 'provisional', 'derived')
),

printed as (
    select observation_id, metric_id, report_id, source_table, source_locator, printed_text, value_qualifier
    from {{ ref('fct_metric_observations') }}
    where value_status in ('published', 'provisional', 'derived')
),

counts as (
    select * from observations where figure_role = 'count' and value is not null
),

rules as (
    select * from {{ ref('table_checks') }}
),

-- Figures of a column that a rule names: its counts where the column prints counts, else its shares.
ruled_figures as (
    select observations.*
    from observations
    where value is not null
        and (figure_role = 'count'
            or (figure_role = 'share' and not exists (
                select 1 from counts
                where counts.source_table = observations.source_table
                    and counts.source_column = observations.source_column)))
),

-- A. Column totals (rule column_total): a block's total row equals the sum of the rows above it (down to
-- the previous total). A sum of whole numbers is exact; a sum of rounded figures carries their rounding.
column_total_rules as (
    select distinct source_table, result_column from rules where rule = 'column_total'
),

block_members as (
    select
        members.report_id,
        members.source_table,
        members.source_column,
        members.value,
        members.printed_decimals,
        min(totals.source_line) as total_line
    from ruled_figures as members
    inner join column_total_rules
        on column_total_rules.source_table = members.source_table
        and column_total_rules.result_column = members.source_column
    inner join ruled_figures as totals
        on totals.report_id = members.report_id
        and totals.source_table = members.source_table
        and totals.source_column = members.source_column
        and totals.figure_role = members.figure_role
        and totals.is_total_row
        and totals.source_line > members.source_line
    where not members.is_total_row
    group by members.observation_id, members.report_id, members.source_table, members.source_column, members.value,
        members.printed_decimals
),

column_totals as (
    select
        'column_total' as check_type,
        totals.observation_id,
        'Total row equals the sum of the rows of its block, column ' || totals.source_column as description,
        totals.value as published_value,
        sum(block_members.value) as recomputed_value,
        case
            when max(block_members.printed_decimals) = 0 and max(totals.printed_decimals) = 0 then 0.0
            else max({{ half_unit('totals.printed_decimals') }}) + sum({{ half_unit('block_members.printed_decimals') }})
        end as tolerance,
        cast(null as {{ dbt.type_string() }}) as reason
    from ruled_figures as totals
    inner join block_members
        on block_members.report_id = totals.report_id
        and block_members.source_table = totals.source_table
        and block_members.source_column = totals.source_column
        and block_members.total_line = totals.source_line
    where totals.is_total_row
    group by totals.observation_id, totals.source_column, totals.value
),

-- B. Row totals (rule row_total): a row's result column equals the signed sum of its part columns
-- (Ofsted grades, maintained + academies, female + male, forecast outturn - budget).
row_parts as (
    select
        rules.check_id,
        rules.source_table,
        counts.report_id,
        counts.source_line,
        rules.result_column,
        max(rules.note) as note,
        sum(cast(rules.part_sign as double) * counts.value) as parts_value,
        count(*) as parts,
        max(counts.printed_decimals) as max_decimals,
        sum({{ half_unit('counts.printed_decimals') }}) as parts_rounding
    from rules
    inner join counts
        on counts.source_table = rules.source_table
        and counts.source_column = rules.part_column
    where rules.rule = 'row_total'
    group by rules.check_id, rules.source_table, counts.report_id, counts.source_line, rules.result_column
),

row_totals as (
    select
        'row_total' as check_type,
        totals.observation_id,
        row_parts.note || ' (' || totals.source_column || ' from ' || cast(row_parts.parts as {{ dbt.type_string() }})
            || ' columns)' as description,
        totals.value as published_value,
        row_parts.parts_value as recomputed_value,
        case
            when row_parts.max_decimals = 0 and totals.printed_decimals = 0 then 0.0
            else {{ half_unit('totals.printed_decimals') }} + row_parts.parts_rounding
        end as tolerance,
        cast(null as {{ dbt.type_string() }}) as reason
    from counts as totals
    inner join row_parts
        on row_parts.source_table = totals.source_table
        and row_parts.report_id = totals.report_id
        and row_parts.source_line = totals.source_line
        and row_parts.result_column = totals.source_column
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
        {{ half_unit('printed_decimals') }} as tolerance,
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

-- E. Complements (rule complement): the result column and its part add up to 100, within printed rounding.
complements as (
    select
        'complement' as check_type,
        results.observation_id,
        rules.note as description,
        results.value as published_value,
        100 - parts.value as recomputed_value,
        {{ half_unit('results.printed_decimals') }} + {{ half_unit('parts.printed_decimals') }} as tolerance,
        cast(null as {{ dbt.type_string() }}) as reason
    from rules
    inner join observations as results
        on results.source_table = rules.source_table
        and results.source_column = rules.result_column
        and results.figure_role = 'share'
    inner join observations as parts
        on parts.source_table = results.source_table
        and parts.report_id = results.report_id
        and parts.source_line = results.source_line
        and parts.source_column = rules.part_column
        and parts.figure_role = 'share'
    where rules.rule = 'complement'
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
        {{ half_unit('trend.printed_decimals') }} + max({{ half_unit('levels.printed_decimals') }}) as tolerance
    from observations as trend
    inner join levels
        on levels.source_table = trend.source_table
        and levels.source_line = trend.source_line
        and levels.area_name = trend.area_name
        and levels.period_type = 'academic_year'
        and levels.period_start >= trend.period_start
        and levels.period_end <= trend.period_end
    where trend.statistic = 'multi_year_average'
    group by trend.observation_id, trend.value, trend.printed_decimals
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
        {{ half_unit('change.printed_decimals') }} + {{ half_unit('later.printed_decimals') }}
            + {{ half_unit('earlier.printed_decimals') }} as tolerance,
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

stated as (
    select * from {{ ref('int_reconciliation__stated_figures') }}
),

-- H. The same figure in two reports: every pair of printed figures of the same metric, area, cohort,
-- phase, breakdown, statistic, unit and period (type, first and last day) from different reports.
-- One row per pair (on the earlier report's figure), naming the other; within printed rounding.
cross_report as (
    select
        'cross_report' as check_type,
        earlier.observation_id,
        earlier.value as published_value,
        later.value as recomputed_value,
        {{ half_unit('earlier.printed_decimals') }} + {{ half_unit('later.printed_decimals') }} as tolerance,
        cast(null as {{ dbt.type_string() }}) as reason,
        later.observation_id as compared_observation_id
    from observations as earlier
    inner join observations as later
        on later.metric_id = earlier.metric_id
        and later.area_name = earlier.area_name
        and later.cohort = earlier.cohort
        and later.phase = earlier.phase
        and coalesce(later.breakdown, '') = coalesce(earlier.breakdown, '')
        and later.statistic = earlier.statistic
        and later.unit = earlier.unit
        and later.figure_role = earlier.figure_role
        and later.period_type = earlier.period_type
        and later.period_start = earlier.period_start
        and later.period_end = earlier.period_end
        and later.report_id > earlier.report_id
    where earlier.value_status in ('published', 'provisional')
        and later.value_status in ('published', 'provisional')
        and earlier.value is not null
        and later.value is not null
),

single_checks as (
    select * from column_totals
    union all select * from row_totals
    union all select * from shares
    union all select * from shares_without_total
    union all select * from complements
    union all select * from trends
    union all select * from changes
    union all select * from stated
),

checks as (
    select
        single_checks.check_type,
        single_checks.observation_id,
        single_checks.description,
        single_checks.published_value,
        single_checks.recomputed_value,
        single_checks.tolerance,
        single_checks.reason,
        cast(null as {{ dbt.type_string() }}) as compared_observation_id
    from single_checks
    union all
    select
        cross_report.check_type,
        cross_report.observation_id,
        'The same figure in ' || later.report_id || ' (' || later.source_locator || ', printed '
            || later.printed_text || ')' as description,
        cross_report.published_value,
        cross_report.recomputed_value,
        cross_report.tolerance,
        cross_report.reason,
        cross_report.compared_observation_id
    from cross_report
    inner join printed as later
        on cross_report.compared_observation_id = later.observation_id
),

with_printed as (
    select
        checks.*,
        printed.metric_id,
        printed.report_id,
        printed.source_table,
        printed.source_locator,
        printed.printed_text,
        printed.value_qualifier
    from checks
    inner join printed
        on checks.observation_id = printed.observation_id
)

select
    {{ surrogate_key(['with_printed.check_type', 'with_printed.observation_id', 'with_printed.description']) }} as check_id,
    with_printed.check_type,
    with_printed.metric_id,
    with_printed.report_id,
    with_printed.source_table,
    with_printed.source_locator,
    with_printed.printed_text,
    with_printed.description,
    with_printed.published_value,
    with_printed.recomputed_value,
    with_printed.published_value - with_printed.recomputed_value as difference,
    with_printed.tolerance,
    with_printed.value_qualifier,
    case
        when with_printed.recomputed_value is null or with_printed.published_value is null then 'not_checkable'
        -- a bound in words ("over 100", "less than 8%") is met or not
        when with_printed.value_qualifier in ('over', 'more than', 'at least', 'at least another', 'just over')
            then case when with_printed.recomputed_value >= with_printed.published_value - with_printed.tolerance then 'match' else 'mismatch' end
        when with_printed.value_qualifier in ('under', 'less than', 'up to')
            then case when with_printed.recomputed_value <= with_printed.published_value + with_printed.tolerance then 'match' else 'mismatch' end
        -- an approximation in words ("approximately 80%", "nearly 200") is allowed 10% either side
        when with_printed.value_qualifier in ('approximately', 'nearly', 'around', 'almost', 'closer to')
            then case
                when abs(with_printed.published_value - with_printed.recomputed_value)
                    <= greatest(with_printed.tolerance, 0.1 * abs(with_printed.published_value)) then 'match'
                else 'mismatch'
            end
        when abs(with_printed.published_value - with_printed.recomputed_value) <= with_printed.tolerance + 0.000001 then 'match'
        else 'mismatch'
    end as status,
    coalesce(
        with_printed.reason,
        case when with_printed.recomputed_value is null or with_printed.published_value is null then 'a component is not printed' end
    ) as reason,
    with_printed.observation_id,
    with_printed.compared_observation_id
from with_printed
