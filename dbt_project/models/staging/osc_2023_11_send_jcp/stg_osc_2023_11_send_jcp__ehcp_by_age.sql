{{ stage_printed_table(
    'osc_2023_11_send_jcp__ehcp_by_age',
    label_columns=['age_band'],
    value_columns=[
        'jan_2022_no',
        'jan_2022_pct'
    ]
) }}
