# Two commands matter on a fresh machine: `make run` and `make test`. Both create .venv when missing.
# The environment every command runs with (telemetry off, the project's dbt profile and Dagster home)
# is declared once, in scorecard/env.py: Python entry points apply it, other commands run through it.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
WITH_ENV := $(BIN)/python -m scorecard.env

.PHONY: run test test-slow lint validate ui docs bench test-spark catalog capture fingerprint-reports serve-bi stop-bi install clean

# uv (pinned in constraints.txt) installs the pinned set in seconds; pip only installs uv.
UV := $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python
$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt uv
	$(UV) -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

# The optional spark extra (dbt-spark[session], pyspark), on top of the base install.
SPARK_STAMP := $(VENV)/.installed-spark
$(SPARK_STAMP): $(STAMP) pyproject.toml constraints.txt constraints-spark.txt
	$(UV) -c constraints.txt -c constraints-spark.txt -e ".[dev,spark]"
	@touch $(SPARK_STAMP)

install: $(STAMP)

## The pipeline, headless, through the Dagster job: gate, dbt build (with tests), exports, publish.
## Stops at once when the published warehouse is current; FORCE=1 rebuilds anyway. UNCHECKED=1 runs
## without the source reports and marks everything it publishes "not checked against the source reports".
run: $(STAMP)
	$(if $(UNCHECKED),SCORECARD_UNCHECKED=1) $(BIN)/python -m orchestration.run $(if $(FORCE),--force)

## The test suite (pytest): everything but the tests marked slow, which CI runs as well (make test-slow).
test: $(STAMP)
	$(BIN)/python -m pytest -m "not slow and not spark"

## The slow tests: every bad input through the real job, concurrent and failed publishes, change detection
## in a copy of the project, make capture against the hand captures, the Dagster webserver and command line.
test-slow: $(STAMP)
	$(BIN)/python -m pytest -m "slow and not spark"

## Linters, zero findings: ruff (Python) and sqlfluff (the dbt models, through the Jinja templater).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(WITH_ENV) sqlfluff lint dbt_project --disable-progress-bar

## The validation gate alone: declarations, structure, provenance, fingerprints, Great Expectations.
validate: $(STAMP)
	$(BIN)/python -m expectations.validate

## Regenerate the dbt staging models from the seed declarations (make capture does it too).
catalog: $(STAMP)
	$(BIN)/python -m scorecard.staging --write

## Draft seeds from a report's text (capture guide: seeds/README.md):
## make capture REPORT=<text file> REPORT_ID=<id> [LINES=a-b] [OUT=dir] [REUSE_FROM=dir]
capture: $(STAMP)
	@test -n "$(REPORT)" -a -n "$(REPORT_ID)" || { echo "usage: make capture REPORT=<text file> REPORT_ID=<id> [LINES=a-b] [OUT=dir]"; exit 2; }
	$(BIN)/python -m capture --report "$(REPORT)" --report-id "$(REPORT_ID)" $(if $(LINES),--lines $(LINES)) $(if $(OUT),--out "$(OUT)") $(if $(REUSE_FROM),--reuse-from "$(REUSE_FROM)")

## Record the report files' fingerprints in seeds/reports.csv, after a deliberate re-capture.
fingerprint-reports: $(STAMP)
	$(BIN)/python -m expectations.fingerprints --refresh

## Dagster UI on http://127.0.0.1:3000
ui: $(STAMP)
	$(WITH_ENV) dagster dev -m orchestration.definitions -h 127.0.0.1 -p 3000

## dbt docs site (lineage, column descriptions) in target/; served on http://127.0.0.1:8080
docs: $(STAMP)
	$(WITH_ENV) dbt docs generate
	@echo "open target/index.html, or: $(WITH_ENV) dbt docs serve --host 127.0.0.1 --port 8080"

## PostgreSQL for BI tools on 127.0.0.1:54329: start it when needed and publish the marts and metrics into it.
serve-bi: $(STAMP)
	$(BIN)/python -m bi serve

stop-bi: $(STAMP)
	$(BIN)/python -m bi stop

## Benchmarks (not part of make test): writes bench/results/<date>.json
bench: $(STAMP)
	$(BIN)/python -m bench.run

## Seeds, models and every dbt test on a local Spark (dbt-spark, method: session), then every mart compared
## with a DuckDB build of the same commit. Everything it writes is under warehouse/spark/ (git-ignored).
SPARK_DIR := $(CURDIR)/warehouse/spark
test-spark: $(SPARK_STAMP)
	@command -v java >/dev/null || { echo "make test-spark needs Java 17 (apt-get install openjdk-17-jre-headless)"; exit 1; }
	rm -rf $(SPARK_DIR) && mkdir -p $(SPARK_DIR)
	@echo "== dbt build on Spark (local, method: session)"
	@cd $(SPARK_DIR) && start=$$(date +%s) && \
		SCORECARD_TARGET=spark SCORECARD_SPARK_DIR=$(SPARK_DIR) SPARK_LOCAL_IP=127.0.0.1 \
		DBT_TARGET_PATH=$(SPARK_DIR)/target DBT_LOG_PATH=$(SPARK_DIR)/logs \
		$(CURDIR)/$(WITH_ENV) dbt build --target spark && \
		echo "dbt build on spark: $$(( $$(date +%s) - start ))s"
	@echo "== dbt seed + run on DuckDB (the reference)"
	SCORECARD_DUCKDB=$(SPARK_DIR)/reference.duckdb DBT_TARGET_PATH=$(SPARK_DIR)/target-duckdb DBT_LOG_PATH=$(SPARK_DIR)/logs-duckdb \
		$(WITH_ENV) dbt --quiet build --target duckdb --resource-type seed --resource-type model
	@echo "== every mart: Spark vs DuckDB"
	SCORECARD_SPARK_COMPARE=1 SCORECARD_SPARK_DIR=$(SPARK_DIR) SCORECARD_DUCKDB=$(SPARK_DIR)/reference.duckdb SPARK_LOCAL_IP=127.0.0.1 \
		$(BIN)/python -m pytest -p no:cacheprovider -s -m spark tests/test_spark.py

clean:
	-@test -x $(BIN)/python && $(BIN)/python -m bi stop
	rm -rf warehouse exports target logs .dagster_home tests/artifacts
