-- Grain: one row per label or value column of a captured figure table: its printed header and group,
-- and, for a value column, the period and unit its cells are printed in, from the seed's declaration.
select
    source_table,
    column_name,
    column_role,
    column_position,
    printed_header,
    printed_group,
    period_label,
    period_type,
    period_start,
    period_end,
    statistic,
    area_name,
    bare_number_kind as number_unit,
    provisional as is_provisional_column
from {{ ref('stg_declarations__columns') }}
