-- Every rule of the reference seed stated_figure_checks must reach its figure and its operands.
select rules.check_id
from {{ ref('stated_figure_checks') }} as rules
left join {{ ref('int_reconciliation__stated_figures') }} as checks
    on checks.description = rules.note
where checks.observation_id is null
