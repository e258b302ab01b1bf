# inception-edu — every task is one command. `make lab` opens the course, `make test` runs
# everything CI runs. Both set up .venv first (once; again only when pyproject.toml changes).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
JOBS ?= 2
# One thread per process: notebooks and tests run in parallel on small machines.
TEST_ENV := OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONHASHSEED=0 INCEPTION_EDU_FAST=1
# JupyterLab refuses to run as root unless told to (containers, cloud notebooks).
LAB_ARGS ?= $(if $(filter 0,$(shell id -u)),--allow-root,)
NBVAL := --nbval-lax --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: setup lab test lint format regen data clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; v = sys.version_info; sys.exit(0 if v >= (3, 10) else f"inception-edu needs Python >= 3.10; $(PYTHON) is {v.major}.{v.minor}. Run: make PYTHON=python3.11 ...")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)
	@echo "inception-edu: environment ready in $(VENV)"

## Open the course in JupyterLab at its start page.
lab: setup
	$(BIN)/jupyter lab $(LAB_ARGS) --ServerApp.root_dir=. \
		--LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb

## Lint, unit tests and every notebook under nbval (what .ci/run calls).
test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check inception_edu tests
	$(TEST_ENV) $(BIN)/python -m pytest -n $(JOBS) --dist loadscope $(NBVAL) tests notebooks

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check inception_edu tests

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format inception_edu tests

## Re-execute every lecture in place to refresh its stored outputs (CPU, pinned threads,
## full settings: INCEPTION_EDU_FAST is off here and on in `make test`).
regen: setup
	OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONHASHSEED=0 $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.timeout=600 --ExecutePreprocessor.record_timing=False \
		notebooks/*.ipynb

## Download the datasets into the data root ($$INCEPTION_EDU_DATA, default data/).
data: setup
	$(BIN)/python -m inception_edu data download

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis *.egg-info
