{{ stage_printed_table(
    'osc_2023_11_scorecard__ehcp_provision',
    label_columns=['measure'],
    value_columns=[
        'ht_spring2_2022_23',
        'ht_summer1_2022_23',
        'ht_summer2_2022_23',
        'ht_autumn1_2023_24',
        'ay_2020_21',
        'ay_2021_22',
        'ay_2022_23'
    ]
) }}
