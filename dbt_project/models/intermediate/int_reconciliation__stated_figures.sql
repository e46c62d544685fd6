-- Figures the reports' text derives from other figures (rises, falls, gaps, stated sums and shares),
-- recomputed from the captured operands named in the reference seed stated_figure_checks.
-- One row per check, in the shape fct_reconciliation unions.
with rules as (
    select * from {{ ref('stated_figure_checks') }}
),

figures as (
    select
        observation_id,
        case
            when source_table = 'headline_observations' then cell_id
            else source_table || ':' || cast(source_line as {{ dbt.type_string() }}) || ':' || source_column
        end as address,
        figure_role,
        value,
        printed_decimals,
        printed_text
    from {{ ref('int_observations__unioned') }}
    where value_status <> 'derived'
),

-- The addresses the rules name: only their figures are ranked (a few dozen, not every figure).
named as (
    select observation_key as address from rules
    union select operand_a from rules
    union select operand_b from rules
    union select operand_c from rules
    union select operand_d from rules
),

-- A table cell printing a share and a count is addressed once: the share is the operand.
addressed as (
    select * from (
        select
            figures.*,
            row_number() over (partition by figures.address order by case figures.figure_role when 'count' then 2 else 1 end) as pick
        from figures
        inner join named on figures.address = named.address
    ) as ranked
    where pick = 1
),

resolved as (
    select
        rules.*,
        target.observation_id,
        target.value as published_value,
        target.printed_decimals as target_decimals,
        a.value as a_value, a.printed_decimals as a_decimals,
        b.value as b_value, b.printed_decimals as b_decimals,
        c.value as c_value,
        d.value as d_value
    from rules
    inner join addressed as target on target.address = rules.observation_key
    left join addressed as a on a.address = rules.operand_a
    left join addressed as b on b.address = rules.operand_b
    left join addressed as c on c.address = rules.operand_c
    left join addressed as d on d.address = rules.operand_d
),

computed as (
    select
        resolved.*,
        case operation
            when 'difference' then a_value - b_value
            when 'absolute_difference' then abs(a_value - b_value)
            when 'percent_change' then (a_value - b_value) / nullif(b_value, 0) * 100
            when 'ratio_percent' then a_value / nullif(b_value, 0) * 100
            when 'sum' then a_value + coalesce(b_value, 0) + coalesce(c_value, 0) + coalesce(d_value, 0)
            when 'mean' then (a_value + coalesce(b_value, 0) + coalesce(c_value, 0) + coalesce(d_value, 0))
                / (1 + case when b_value is null then 0 else 1 end + case when c_value is null then 0 else 1 end
                     + case when d_value is null then 0 else 1 end)
            when 'equal' then a_value
        end as raw_value,
        {{ half_unit('target_decimals') }}
            + coalesce({{ half_unit('a_decimals') }}, 0) + coalesce({{ half_unit('b_decimals') }}, 0) as tolerance_points
    from resolved
)

select
    'stated_' || operation as check_type,
    observation_id,
    note as description,
    published_value,
    case
        when operation = 'not_checkable' then null
        when comparison = 'magnitude' then abs(raw_value)
        else raw_value
    end as recomputed_value,
    case
        -- a ratio of rounded operands carries their relative rounding, not their absolute one
        when operation in ('percent_change', 'ratio_percent') then {{ half_unit('target_decimals') }}
            + abs(coalesce(raw_value, 0)) * (
                coalesce({{ half_unit('a_decimals') }} / nullif(abs(a_value), 0), 0)
                + coalesce({{ half_unit('b_decimals') }} / nullif(abs(b_value), 0), 0))
        else tolerance_points
    end as tolerance,
    case when operation = 'not_checkable' then note end as reason
from computed
