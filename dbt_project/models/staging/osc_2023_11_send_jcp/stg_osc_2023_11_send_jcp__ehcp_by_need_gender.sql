{{ stage_printed_table(
    'osc_2023_11_send_jcp__ehcp_by_need_gender',
    label_columns=['primary_sen_need'],
    value_columns=[
        'ay_2021_22_all_no',
        'ay_2021_22_female_no',
        'ay_2021_22_female_pct',
        'ay_2021_22_male_no',
        'ay_2021_22_male_pct'
    ]
) }}
