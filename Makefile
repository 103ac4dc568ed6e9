# returnstats — `make run` does the whole demo, `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SCALE ?= 0.1
SEED ?= 42
FROM ?= 2024-Q1
TO ?= 2025-Q4
DEMO := data/demo
DB ?= warehouse/returnstats.duckdb
HUB_DB ?= warehouse/hub.duckdb
EXPORTS := exports
REPORTS := reports
HUB_EXPORTS := exports-eu
export GX_ANALYTICS_ENABLED := false
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

.PHONY: install run demo lint test chromium java analyst-client bench clean

install: $(VENV)/.installed

# Re-installs only when the lock file or the project metadata change.
$(VENV)/.installed: requirements.lock pyproject.toml setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip==25.3
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

demo: install
	rm -rf $(DEMO) $(EXPORTS) $(REPORTS) $(HUB_EXPORTS)
	$(BIN)/returnstats generate --out $(DEMO) --scale $(SCALE) --seed $(SEED) --from $(FROM) --to $(TO) --flawed-rows
	# exit 1: loaded, with the demo's three flawed rows quarantined (as intended: --flawed-rows)
	$(BIN)/returnstats ingest $(DEMO) --db $(DB) || [ $$? -eq 1 ]
	$(BIN)/returnstats build --db $(DB)
	$(BIN)/returnstats validate --db $(DB)
	$(BIN)/returnstats export --all-quarters --out $(EXPORTS) --db $(DB)
	for year in $$(seq $(firstword $(subst -, ,$(FROM))) $(firstword $(subst -, ,$(TO)))); do \
	  $(BIN)/returnstats export --year $$year --out $(EXPORTS)/$$year --db $(DB) && \
	  $(BIN)/returnstats report --year $$year --out $(REPORTS)/$$year --db $(DB) || exit 1; \
	done
	# The Commission hub receives the 31 countries' files and builds the EU figures from them.
	$(BIN)/returnstats hub receive $(EXPORTS) --db $(HUB_DB)
	$(BIN)/returnstats hub build --db $(HUB_DB)
	$(BIN)/returnstats hub status --db $(HUB_DB)
	for year in $$(seq $(firstword $(subst -, ,$(FROM))) $(firstword $(subst -, ,$(TO)))); do \
	  $(BIN)/returnstats hub export --year $$year --out $(HUB_EXPORTS)/$$year --db $(HUB_DB) && \
	  $(BIN)/returnstats report --year $$year --hub --hub-db $(HUB_DB) --out $(REPORTS)/hub-$$year || exit 1; \
	done

run: demo
	@echo "Demo complete: warehouse $(DB), transmission files in $(EXPORTS)/, assessment packs in $(REPORTS)/,"
	@echo "hub $(HUB_DB) with the EU files in $(HUB_EXPORTS)/. The national dashboard: returnstats dashboard --db $(DB)"
	$(BIN)/returnstats dashboard --hub --hub-db $(HUB_DB)

# Browser tests drive Debian's Chromium (no browser download): install it when missing.
chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# Spark (`build --engine spark`, the parity test) runs on a Java runtime: Debian's when none is found.
java:
	@command -v java >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless; }

# An analyst's DuckDB 1.x client (the oldest storage format the serving files promise), kept
# apart from the project's DuckDB 2: the test that opens the serving files with it.
ANALYST_CLIENT := .venv-duckdb1
analyst-client: $(ANALYST_CLIENT)/.installed
$(ANALYST_CLIENT)/.installed: requirements-duckdb1.lock
	test -x $(ANALYST_CLIENT)/bin/python || $(PYTHON) -m venv $(ANALYST_CLIENT)
	$(ANALYST_CLIENT)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-duckdb1.lock
	touch $@

# Python style and errors (ruff, configured in pyproject.toml), then the dbt models' SQL (SQLFluff with
# the dbt templater, configured in .sqlfluff); run by .ci/run before the tests. dbt's target/ and logs/
# and the profile's DuckDB files go to a throwaway folder (the profile attaches the warehouse read-only,
# so an empty one is made there). macros/ is not listed: the dbt templater skips macro files, and
# sqlfluff reports nothing inside the SQL a macro renders into a model.
lint: install
	$(BIN)/ruff check .
	tmp=$$(mktemp -d /tmp/returnstats-sqlfluff.XXXXXX) && trap 'rm -rf "$$tmp"' EXIT && \
	$(BIN)/python -c 'import duckdb, sys; duckdb.connect(sys.argv[1]).close()' "$$tmp/returnstats.duckdb" && \
	DBT_TARGET_PATH="$$tmp/dbt_target" DBT_LOG_PATH="$$tmp/dbt_logs" \
	RETURNSTATS_DB="$$tmp/returnstats.duckdb" RETURNSTATS_BUILD_DB="$$tmp/returnstats.build.duckdb" \
	$(BIN)/sqlfluff lint --processes 2 models/

test: install chromium java analyst-client
	$(BIN)/python -m pytest -q --durations=30

# Scale 1 and 10, three runs each; adding a quarter to 8 (scale 1) and 40 (scale 10) quarters; the build
# on Spark beside DuckDB at scale 1 (BENCH_SPARK_SCALES); the demo dashboard's first paint (BENCH_SCALES=1
# BENCH_REPEATS=1 BENCH_INCREMENTAL=1:8 for a quick look; BENCH_SCALES= runs none of the scales, and
# BENCH_SPARK_SCALES= no Spark build; BENCH_RESUME=1 reuses an incremental scenario's loaded history).
bench: demo chromium java
	$(BIN)/python bench/run.py $(if $(BENCH_SCALES),--scales $(BENCH_SCALES)) $(if $(BENCH_REPEATS),--repeats $(BENCH_REPEATS)) \
	  $(if $(BENCH_INCREMENTAL),--incremental $(BENCH_INCREMENTAL)) $(if $(BENCH_RESUME),--resume) \
	  $(if $(BENCH_SPARK_SCALES),--spark-scales $(BENCH_SPARK_SCALES))

clean:
	rm -rf warehouse data exports exports-eu reports .pytest_cache dbt_target logs
