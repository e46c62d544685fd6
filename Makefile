# Two commands matter on a fresh machine: `make run` and `make test`. Both create .venv when missing.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export DO_NOT_TRACK := 1
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export GX_ANALYTICS_ENABLED := false
export DAGSTER_DISABLE_TELEMETRY := 1
export DBT_PROFILES_DIR := $(CURDIR)
export DBT_PROJECT_DIR := $(CURDIR)
export DAGSTER_HOME := $(CURDIR)/.dagster_home

.PHONY: run test validate ui docs bench test-spark seed-properties install clean

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

# The optional spark extra (dbt-spark[session], pyspark), on top of the base install.
SPARK_STAMP := $(VENV)/.installed-spark
$(SPARK_STAMP): $(STAMP) pyproject.toml constraints.txt constraints-spark.txt
	$(BIN)/python -m pip install --quiet -c constraints.txt -c constraints-spark.txt -e ".[dev,spark]"
	@touch $(SPARK_STAMP)

install: $(STAMP)

## Run the whole pipeline headless through the Dagster job: validate, dbt build (with tests), exports, publish.
run: $(STAMP)
	@mkdir -p $(DAGSTER_HOME)
	$(BIN)/python -m orchestration.run

## Run the test suite (pytest; "no tests collected" is a failure).
test: $(STAMP)
	$(BIN)/python -m pytest

## Validate the seeds with Great Expectations only (writes data docs and an error report).
validate: $(STAMP)
	$(BIN)/python -m expectations.validate

## Dagster UI on http://127.0.0.1:3000
ui: $(STAMP)
	@mkdir -p $(DAGSTER_HOME)
	$(BIN)/dagster dev -m orchestration.definitions -h 127.0.0.1 -p 3000

## dbt docs site (lineage, column descriptions) in target/; served on http://127.0.0.1:8080
docs: $(STAMP)
	$(BIN)/dbt docs generate
	@echo "open target/index.html, or: $(BIN)/dbt docs serve --host 127.0.0.1 --port 8080"

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
		$(CURDIR)/$(BIN)/dbt build --target spark && \
		echo "dbt build on spark: $$(( $$(date +%s) - start ))s"
	@echo "== dbt seed + run on DuckDB (the reference)"
	SCORECARD_DUCKDB=$(SPARK_DIR)/reference.duckdb DBT_TARGET_PATH=$(SPARK_DIR)/target-duckdb DBT_LOG_PATH=$(SPARK_DIR)/logs-duckdb \
		$(BIN)/dbt --quiet build --target duckdb --resource-type seed --resource-type model
	@echo "== every mart: Spark vs DuckDB"
	SCORECARD_SPARK_COMPARE=1 SCORECARD_SPARK_DIR=$(SPARK_DIR) SCORECARD_DUCKDB=$(SPARK_DIR)/reference.duckdb SPARK_LOCAL_IP=127.0.0.1 \
		$(BIN)/python -m pytest -p no:cacheprovider -s -m spark tests/test_spark.py

seed-properties: $(STAMP)
	$(BIN)/python -m orchestration.seed_catalog --write-properties

clean:
	rm -rf warehouse exports target logs .dagster_home tests/artifacts
