-- Figures stated in running text, in the same shape as table figures (one row per stated figure).
with headlines as (
    select * from {{ ref('stg_reports__headline_observations') }}
)

select
    {{ surrogate_key(['observation_key']) }} as observation_id,
    observation_key as cell_id,
    'stated' as figure_role,
    measure as metric_id,
    area as area_name,
    cohort,
    'all' as phase,
    breakdown,
    case
        when {{ regex_matches('measure', '_(change|difference)$') }} then 'change'
        when {{ regex_matches('measure', '_target$') }} then 'target'
        else 'level'
    end as statistic,
    period_label,
    period_type,
    period_start,
    period_end,
    coalesce(printed_percent, printed_number) as value,
    case when printed_percent is not null then printed_percent_decimals else printed_number_decimals end as printed_decimals,
    unit,
    cell_status as value_status,
    value_qualifier,
    as_of_date,
    cast(null as {{ dbt.type_string() }}) as derivation,
    false as is_total_row,
    report_id,
    source_table,
    source_line,
    observation_key as source_column,
    cell_text as printed_text,
    sentence
from headlines
