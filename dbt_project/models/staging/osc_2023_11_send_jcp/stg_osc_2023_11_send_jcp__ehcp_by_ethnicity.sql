{{ stage_printed_table(
    'osc_2023_11_send_jcp__ehcp_by_ethnicity',
    label_columns=['characteristic'],
    value_columns=[
        'ay_2015_16',
        'ay_2016_17',
        'ay_2017_18',
        'ay_2018_19',
        'ay_2019_20',
        'ay_2020_21',
        'ay_2021_22'
    ]
) }}
