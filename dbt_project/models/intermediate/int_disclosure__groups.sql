-- The groups of printed counts that give each other away: one row per member (a figure may be in
-- several groups). A group is a total and its components: the rows of a printed block above its total
-- row (reference seed row_meanings, is_total_row), and the columns of a row that add up to another
-- (the row_total rules of reference seed table_checks). role: total or component.
with figures as (
    select * from {{ ref('int_disclosure__figures') }} where figure_role = 'count'
),

rules as (
    select * from {{ ref('table_checks') }} where rule = 'row_total'
),

block_members as (
    select members.figure_key, members.source_table, members.report_id, members.source_column,
        min(totals.source_line) as total_line
    from figures as members
    inner join figures as totals
        on totals.source_table = members.source_table
        and totals.report_id = members.report_id
        and totals.source_column = members.source_column
        and totals.is_total_row
        and totals.source_line > members.source_line
    where not members.is_total_row
    group by members.figure_key, members.source_table, members.report_id, members.source_column
),

row_groups as (
    select 'row|' || totals.figure_key as group_id, totals.figure_key, 'total' as member_role
    from figures as totals
    where totals.is_total_row
        and exists (
            select 1 from block_members
            where block_members.source_table = totals.source_table and block_members.report_id = totals.report_id
                and block_members.source_column = totals.source_column and block_members.total_line = totals.source_line
        )
    union all
    select 'row|' || totals.figure_key as group_id, block_members.figure_key, 'component' as member_role
    from block_members
    inner join figures as totals
        on totals.source_table = block_members.source_table
        and totals.report_id = block_members.report_id
        and totals.source_column = block_members.source_column
        and totals.source_line = block_members.total_line
),

column_groups as (
    select distinct 'col|' || rules.check_id || '|' || totals.figure_key as group_id, totals.figure_key, 'total' as member_role
    from rules
    inner join figures as totals
        on totals.source_table = rules.source_table
        and totals.source_column = rules.result_column
    union all
    select 'col|' || rules.check_id || '|' || totals.figure_key as group_id, parts.figure_key, 'component' as member_role
    from rules
    inner join figures as totals
        on totals.source_table = rules.source_table
        and totals.source_column = rules.result_column
    inner join figures as parts
        on parts.source_table = totals.source_table
        and parts.report_id = totals.report_id
        and parts.source_line = totals.source_line
        and parts.source_column = rules.part_column
)

select * from row_groups
union all
select * from column_groups
