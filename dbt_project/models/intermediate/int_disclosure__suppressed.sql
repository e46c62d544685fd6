-- Disclosure control of the printed figures (the rule: README "Disclosure control"): one row per
-- figure the public exports must show as 'c', with why.
-- 1. primary: a count of children from 1 to the threshold (macro suppression_threshold);
-- 2. secondary: in a group (int_disclosure__groups) where exactly one member is hidden, the others
--    would give it away by subtraction, so the smallest non-zero component is hidden too (a zero,
--    else the total, when no non-zero component is left); repeated pass by pass until nothing changes
--    (disclosure_passes() passes; the test assert_disclosure_converged checks the last one hid nothing);
-- 3. derived: a share computed from a hidden count.
{%- set threshold = suppression_threshold() %}
{%- set passes = disclosure_passes() %}
with figures as (
    select * from {{ ref('int_disclosure__figures') }}
),

members as (
    select groups.group_id, groups.figure_key, groups.member_role, figures.value
    from {{ ref('int_disclosure__groups') }} as groups
    inner join figures
        on groups.figure_key = figures.figure_key
),

pass_0 as (
    select figure_key, 'primary' as suppression, 0 as suppressed_in_pass
    from figures
    where is_child_count and value >= 1 and value <= {{ threshold }}
),
{%- for i in range(1, passes + 1) %}

revealing_{{ i }} as (
    select members.group_id
    from members
    left join pass_{{ i - 1 }} as hidden
        on members.figure_key = hidden.figure_key
    group by members.group_id
    having sum(case when hidden.figure_key is not null then 1 else 0 end) = 1
        and sum(case when members.member_role = 'total' then 1 else 0 end) > 0
),

picked_{{ i }} as (
    select figure_key from (
        select
            members.figure_key,
            row_number() over (
                partition by members.group_id
                order by
                    case when members.member_role = 'component' and members.value <> 0 then 0
                         when members.member_role = 'component' then 1 else 2 end,
                    members.value,
                    members.figure_key
            ) as pick
        from members
        inner join revealing_{{ i }}
            on members.group_id = revealing_{{ i }}.group_id
        left join pass_{{ i - 1 }} as hidden
            on members.figure_key = hidden.figure_key
        where hidden.figure_key is null
    ) as ranked
    where pick = 1
),

pass_{{ i }} as (
    select * from pass_{{ i - 1 }}
    union all
    select distinct figure_key, 'secondary' as suppression, {{ i }} as suppressed_in_pass from picked_{{ i }}
){%- if not loop.last %},{% endif %}
{%- endfor %}

select figure_key, suppression, suppressed_in_pass, {{ threshold }} as threshold
from pass_{{ passes }}
union all
select shares.figure_key, 'derived' as suppression, {{ passes + 1 }} as suppressed_in_pass, {{ threshold }} as threshold
from figures as shares
inner join pass_{{ passes }} as hidden
    on shares.share_of = hidden.figure_key
where shares.figure_role = 'share'
    and shares.figure_key not in (select figure_key from pass_{{ passes }})
