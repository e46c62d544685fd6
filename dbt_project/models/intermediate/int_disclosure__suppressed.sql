-- Disclosure control of the printed figures (the rule: README "Disclosure control"): one row per
-- figure the public exports must show as 'c', with why.
-- 1. primary: a count of children from 1 to the threshold (macro suppression_threshold);
-- 2. secondary: in a group (int_disclosure__groups) where exactly one member is hidden, the others
--    would give it away by subtraction, so the smallest non-zero component is hidden too (a zero,
--    else the total, when no non-zero component is left); repeated pass by pass until nothing changes
--    (disclosure_passes() passes; the test assert_disclosure_converged checks the last one hid nothing);
-- 3. derived: a share computed from a hidden count.
-- Each pass reads the one before it exactly once (window functions over one relation of group
-- members), so an engine that inlines CTEs (Spark) plans the passes in a line, not a tree.
{%- set threshold = suppression_threshold() %}
{%- set passes = disclosure_passes() %}
with figures as (
    select * from {{ ref('int_disclosure__figures') }}
),

primary_hidden as (
    select figure_key
    from figures
    where is_child_count and value >= 1 and value <= {{ threshold }}
),

-- one row per member of a group, with whether the figure is hidden, why and in which pass
state_0 as (
    select
        groups.group_id,
        groups.figure_key,
        groups.member_role,
        figures.value,
        primary_hidden.figure_key is not null as is_hidden,
        case when primary_hidden.figure_key is not null then 'primary' end as suppression,
        case when primary_hidden.figure_key is not null then 0 end as suppressed_in_pass
    from {{ ref('int_disclosure__groups') }} as groups
    inner join figures
        on groups.figure_key = figures.figure_key
    left join primary_hidden
        on groups.figure_key = primary_hidden.figure_key
),
{%- for i in range(1, passes + 1) %}

-- pass {{ i }}: the groups that give away exactly one hidden member (and have a total) ...
counted_{{ i }} as (
    select
        state_{{ i - 1 }}.*,
        sum(case when is_hidden then 1 else 0 end) over (partition by group_id) as hidden_in_group,
        max(case when member_role = 'total' then 1 else 0 end) over (partition by group_id) as has_total,
        row_number() over (
            partition by group_id, is_hidden
            order by
                case when member_role = 'component' and value <> 0 then 0
                     when member_role = 'component' then 1 else 2 end,
                value,
                figure_key
        ) as pick_order
    from state_{{ i - 1 }}
),

-- ... hide their smallest visible member, in every group that figure belongs to
picked_{{ i }} as (
    select
        counted_{{ i }}.*,
        max(case when not is_hidden and hidden_in_group = 1 and has_total = 1 and pick_order = 1 then 1 else 0 end)
            over (partition by figure_key) as is_picked
    from counted_{{ i }}
),

state_{{ i }} as (
    select
        group_id,
        figure_key,
        member_role,
        value,
        is_hidden or is_picked = 1 as is_hidden,
        case when not is_hidden and is_picked = 1 then 'secondary' else suppression end as suppression,
        case when not is_hidden and is_picked = 1 then {{ i }} else suppressed_in_pass end as suppressed_in_pass
    from picked_{{ i }}
),
{%- endfor %}

hidden as (
    select figure_key, 'primary' as suppression, 0 as suppressed_in_pass
    from primary_hidden
    union all
    select distinct figure_key, suppression, suppressed_in_pass
    from state_{{ passes }}
    where suppression = 'secondary'
)

select figure_key, suppression, suppressed_in_pass, {{ threshold }} as threshold
from hidden
union all
select shares.figure_key, 'derived' as suppression, {{ passes + 1 }} as suppressed_in_pass, {{ threshold }} as threshold
from figures as shares
inner join hidden
    on shares.share_of = hidden.figure_key
where shares.figure_role = 'share'
    and shares.figure_key not in (select already.figure_key from hidden as already)
