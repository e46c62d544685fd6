{{ stage_printed_table(
    'osc_2023_11_cmu__csc_budget',
    label_columns=['service'],
    value_columns=[
        'budget_gbp_m',
        'forecast_outturn_gbp_m',
        'variance_gbp_m',
        'variance_to_august_gbp_m'
    ]
) }}
