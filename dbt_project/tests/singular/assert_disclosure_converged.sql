-- Secondary suppression reached a fixed point: the last of the unrolled passes hid nothing more (else
-- raise disclosure_passes() in macros/disclosure.sql). Rows returned are figures the last pass hid.
select figure_key, suppression, suppressed_in_pass
from {{ ref('int_disclosure__suppressed') }}
where suppression = 'secondary'
    and suppressed_in_pass = {{ disclosure_passes() }}
