{#-
  Printed cells: every pattern the reports use, named once.

  printed_cell_pattern(text)         -> the pattern's name; an unknown pattern stops the query with an error
  printed_cell_columns(text, pattern) -> typed columns read from the cell, given its pattern, with the
                                        decimals printed on each figure (the precision every check uses)
  half_unit(decimals)                 -> half of the last printed digit's unit: the rounding a figure carries

  | pattern            | examples                                  | printed_percent | printed_number | other                         |
  |--------------------|-------------------------------------------|-----------------|----------------|-------------------------------|
  | blank              | ''                                        |                 |                | status unavailable            |
  | dash               | '-'                                       |                 |                | nil, as printed               |
  | unavailable        | 'N/a', 'Not Available', 'Currently Unavailable' |           |                | status unavailable            |
  | percent            | '8.2%', '-0.4%'                           | 8.2             |                |                               |
  | number             | '38,016', '-3.8'                          |                 | 38016          |                               |
  | spaced_thousands   | '4, 839' (a typing slip, as printed)      |                 | 4839           |                               |
  | percent_count      | '25.0% (697)', '12.1% (4, 839)'           | 25.0            | 697            |                               |
  | count_percent      | '1 33%'                                   | 33              | 1              |                               |
  | number_as_of       | '57 (as of 27/10/2023)'                   |                 | 57             | as_of_date 2023-10-27         |
  | at_least           | '240+'                                    |                 | 240            | qualifier 'at least'          |
  | qualified_percent  | 'just over 50%', 'approx. 15%'            | 50              |                | qualifier 'just over'         |
  | qualified_number   | 'Nearly 200', 'over 100', 'up to 5'       |                 | 200            | qualifier 'nearly'            |
  | number_with_unit   | '3 days'                                  |                 | 3              | printed_unit days             |
  | number_word        | 'Four', 'none', 'sixteen'                 |                 | 4              |                               |
  | fraction           | '2/3', 'a third', 'two-thirds', 'doubled' |                 | 0.667          | ratio                         |
  | money_millions     | '£1.2m'                                   |                 | 1.2            | printed_unit gbp_m            |
  | money              | '£12,000'                                 |                 | 12000          | printed_unit gbp              |
  A trailing '*' (provisional) is allowed after any numeric pattern: status provisional.
-#}

{%- macro _printed_number_regex(signed=true) -%}
    {{- ('-?' if signed else '') ~ '[0-9][0-9,]*([.][0-9]+)?' -}}
{%- endmacro -%}

{%- macro _printed_qualifiers() -%}
    {{- '(approximately|approx[.]|nearly|over|more than|less than|under|up to|at least another|at least|closer to|just over|around|almost)' -}}
{%- endmacro -%}

{%- macro _printed_words() -%}
    {{- return({'none': 0, 'one': 1, 'two': 2, 'three': 3, 'four': 4, 'five': 5, 'six': 6, 'seven': 7, 'eight': 8,
                'nine': 9, 'ten': 10, 'eleven': 11, 'twelve': 12, 'thirteen': 13, 'fourteen': 14, 'fifteen': 15,
                'sixteen': 16, 'seventeen': 17, 'eighteen': 18, 'nineteen': 19, 'twenty': 20}) -}}
{%- endmacro -%}

{#- Fractions in words as double expressions (a decimal literal over an integer is decimal division on Spark). -#}
{%- macro _printed_fractions() -%}
    {{- return({'a third': 'cast(1 as double) / 3', 'a quarter': 'cast(1 as double) / 4', 'half': 'cast(1 as double) / 2',
                'a half': 'cast(1 as double) / 2', 'two-thirds': 'cast(2 as double) / 3', 'two thirds': 'cast(2 as double) / 3',
                'three-quarters': 'cast(3 as double) / 4', 'doubled': 'cast(2 as double)'}) -}}
{%- endmacro -%}

{#- The cell text without a provisional marker, lower-cased. -#}
{% macro _printed_core(text) -%}
    lower(trim(replace({{ text }}, '*', '')))
{%- endmacro %}

{% macro printed_cell_pattern(text) -%}
    {%- set num = scorecard._printed_number_regex(true) -%}
    {%- set unum = scorecard._printed_number_regex(false) -%}
    {%- set q = scorecard._printed_qualifiers() -%}
    {%- set core = scorecard._printed_core(text) -%}
    case
        when {{ text }} is null or trim({{ text }}) = '' then 'blank'
        when trim({{ text }}) in ('-', '–') then 'dash'
        when lower(trim({{ text }})) in ('n/a', 'not available', 'currently unavailable') then 'unavailable'
        when {{ scorecard.regex_matches(core, '^' ~ num ~ '%$') }} then 'percent'
        when {{ scorecard.regex_matches(core, '^' ~ num ~ '$') }} then 'number'
        when {{ scorecard.regex_matches(core, '^[0-9]{1,3}(, [0-9]{3})+$') }} then 'spaced_thousands'
        when {{ scorecard.regex_matches(core, '^' ~ unum ~ '% [(][0-9][0-9, ]*[)]$') }} then 'percent_count'
        when {{ scorecard.regex_matches(core, '^' ~ unum ~ ' ' ~ unum ~ '%$') }} then 'count_percent'
        when {{ scorecard.regex_matches(core, '^' ~ unum ~ ' [(]as of [0-9]{2}/[0-9]{2}/[0-9]{4}[)]$') }} then 'number_as_of'
        when {{ scorecard.regex_matches(core, '^' ~ unum ~ '[+]$') }} then 'at_least'
        when {{ scorecard.regex_matches(core, '^' ~ q ~ ' ' ~ unum ~ '%$') }} then 'qualified_percent'
        when {{ scorecard.regex_matches(core, '^' ~ q ~ ' ' ~ unum ~ '$') }} then 'qualified_number'
        when {{ scorecard.regex_matches(core, '^' ~ unum ~ ' (days|weeks|hours|nights|months)$') }} then 'number_with_unit'
        when {{ core }} in ('{{ scorecard._printed_words().keys() | join("', '") }}') then 'number_word'
        when {{ scorecard.regex_matches(core, '^[0-9]+/[0-9]+$') }}
            or {{ core }} in ('{{ scorecard._printed_fractions().keys() | join("', '") }}') then 'fraction'
        when {{ scorecard.regex_matches(core, '^-?£' ~ unum ~ 'm$') }} then 'money_millions'
        when {{ scorecard.regex_matches(core, '^-?£' ~ unum ~ '$') }} then 'money'
        else {{ scorecard.raise_error("'unknown printed cell pattern: [' || " ~ text ~ " || ']'") }}
    end
{%- endmacro %}

{#- The first (n=0) or second (n=1) number in a cell, thousands separators removed, as a double. -#}
{% macro _nth_number(text, n) -%}
    {%- set num = scorecard._printed_number_regex(true) -%}
    {%- set cleaned = "replace(" ~ text ~ ", ', ', ',')" -%}
    {%- if n == 0 -%}
    cast(nullif(replace(regexp_extract({{ cleaned }}, '{{ num }}', 0), ',', ''), '') as double)
    {%- else -%}
    cast(nullif(replace(regexp_extract({{ cleaned }}, '^{{ num }}[^0-9]+({{ num }})', 2), ',', ''), '') as double)
    {%- endif -%}
{%- endmacro %}

{#- Typed columns for a cell whose pattern is already in `pattern`. -#}
{% macro printed_cell_columns(text, pattern) -%}
    {%- set core = scorecard._printed_core(text) -%}
    {%- set unsigned = "replace(replace(" ~ core ~ ", '£', ''), 'approx.', 'approx')" -%}
    case
        when {{ pattern }} in ('percent', 'percent_count', 'qualified_percent') then {{ scorecard._nth_number(unsigned, 0) }}
        when {{ pattern }} = 'count_percent' then {{ scorecard._nth_number(unsigned, 1) }}
    end as printed_percent,
    case
        when {{ pattern }} in ('number', 'spaced_thousands', 'number_as_of', 'at_least', 'count_percent', 'qualified_number',
                               'number_with_unit', 'money', 'money_millions') then {{ scorecard._nth_number(unsigned, 0) }}
        when {{ pattern }} = 'percent_count' then {{ scorecard._nth_number(unsigned, 1) }}
        when {{ pattern }} = 'number_word' then case {{ core }}
            {%- for word, value in scorecard._printed_words().items() %} when '{{ word }}' then {{ value }}{% endfor %} end
        when {{ pattern }} = 'fraction' then case
            {%- for word, value in scorecard._printed_fractions().items() %} when {{ core }} = '{{ word }}' then {{ value }}{% endfor %}
            else cast(regexp_extract({{ core }}, '^([0-9]+)/([0-9]+)$', 1) as double)
                 / cast(regexp_extract({{ core }}, '^([0-9]+)/([0-9]+)$', 2) as double) end
    end as printed_number,
    case
        when {{ pattern }} = 'number_as_of' then
            cast(concat(
                regexp_extract({{ text }}, '([0-9]{2})/([0-9]{2})/([0-9]{4})', 3), '-',
                regexp_extract({{ text }}, '([0-9]{2})/([0-9]{2})/([0-9]{4})', 2), '-',
                regexp_extract({{ text }}, '([0-9]{2})/([0-9]{2})/([0-9]{4})', 1)) as date)
    end as as_of_date,
    case
        when {{ pattern }} = 'at_least' then 'at least'
        when {{ pattern }} in ('qualified_percent', 'qualified_number')
            then replace(regexp_extract({{ core }}, '^{{ scorecard._printed_qualifiers() }} ', 1), 'approx.', 'approximately')
        when {{ pattern }} = 'fraction' then 'fraction: ' || {{ core }}
    end as value_qualifier,
    case
        when {{ pattern }} = 'money_millions' then 'gbp_m'
        when {{ pattern }} = 'money' then 'gbp'
        when {{ pattern }} = 'number_with_unit' then regexp_extract({{ core }}, ' ([a-z]+)$', 1)
    end as printed_unit,
    ({{ text }} like '%*') as is_provisional,
    case
        when {{ pattern }} in ('blank', 'unavailable') then 'unavailable'
        when {{ text }} like '%*' then 'provisional'
        else 'published'
    end as cell_status,
    case
        when {{ pattern }} in ('percent', 'percent_count', 'count_percent', 'qualified_percent')
            then {{ scorecard._decimals_of(text, '[.]([0-9]+) ?%') }}
    end as printed_percent_decimals,
    case
        when {{ pattern }} = 'percent_count' then {{ scorecard._decimals_of(text, '[(][0-9, ]*[.]([0-9]+)') }}
        when {{ pattern }} in ('number', 'spaced_thousands', 'number_as_of', 'at_least', 'count_percent', 'qualified_number',
                               'number_with_unit', 'money', 'money_millions', 'number_word', 'fraction')
            then {{ scorecard._decimals_of(text, '^[^0-9]*[0-9][0-9,]*[.]([0-9]+)') }}
    end as printed_number_decimals
{%- endmacro %}

{#- The number of digits captured by the first group of `regex` in `text` (0 when there are none). -#}
{% macro _decimals_of(text, regex) -%}
    cast(coalesce(length(nullif(regexp_extract({{ text }}, '{{ regex }}', 1), '')), 0) as integer)
{%- endmacro %}

{#- Half of the last printed digit's unit: 0.05 for a figure printed with one decimal ('8.2%'), 0.5 for
    none ('33%', '697'). The rounding a printed figure may carry: reconciliation's tolerance. -#}
{% macro half_unit(decimals) -%}
    (0.5 * power(10, -1 * {{ decimals }}))
{%- endmacro %}
