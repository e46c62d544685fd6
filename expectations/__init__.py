"""Great Expectations validation of the seeds (the printed report tables) before dbt loads them.

Public API (nothing here imports great_expectations at import time; Dagster may import these modules):

- `expectations.validate.validate_seeds(seeds_dir=None, report_dir=None) -> ValidationResult`
- `expectations.suites.build_suites(seeds_dir=None) -> dict[str, ExpectationSuite]`
- `expectations.spec.seed_specs(seeds_dir=None) -> list[SeedSpec]`
- `expectations.bad_input.break_seed(seeds_dir, case) -> Breakage` (the test breakages, reusable)

`python -m expectations.validate [--seeds DIR] [--report-dir DIR]` is the command line (`make validate`).
"""
