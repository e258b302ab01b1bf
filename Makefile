# inception-edu — every task is one command. `make lab` opens the course, `make test` runs
# everything CI runs. Both set up .venv first (once; again only when pyproject.toml changes).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
JOBS ?= 2
# Where pip gets torch and torchvision. Empty: PyPI, whose Linux wheel bundles NVIDIA's CUDA
# libraries (about 6 GB in .venv). https://download.pytorch.org/whl/cpu: the CPU-only build.
# Remembered in $(VENV)/.torch-index, so later runs and reinstalls keep the choice.
TORCH_INDEX_USED := $(shell cat $(VENV)/.torch-index 2>/dev/null)
TORCH_INDEX ?= $(TORCH_INDEX_USED)
# The threads the lectures' stored numbers were computed with (`make regen`); `make lab`'s
# kernels get them too. One thread per process also lets notebooks and tests run in parallel.
LECTURE_ENV := OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONHASHSEED=0
# Tests and regen keep progress bars out of logs and stored outputs (INCEPTION_EDU_QUIET).
TEST_ENV := $(LECTURE_ENV) INCEPTION_EDU_FAST=1 INCEPTION_EDU_QUIET=1
# Your copy of the lectures, which `make lab` opens: git-ignored, created from notebooks/ (which
# stays pristine), never overwritten except by `make reset`.
WORKSPACE ?= workspace
LECTURES := $(notdir $(wildcard notebooks/*.ipynb))
# JupyterLab refuses to run as root unless told to (containers, cloud notebooks).
LAB_ARGS ?= $(if $(filter 0,$(shell id -u)),--allow-root,)
NBVAL := --nbval-lax --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: setup lab workspace reset test test-notebooks lint format regen data clean FORCE

setup: $(STAMP)

# A TORCH_INDEX other than the one .venv was set up with installs torch again, from there.
ifneq ($(TORCH_INDEX),$(TORCH_INDEX_USED))
$(STAMP): FORCE
endif

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; v = sys.version_info; sys.exit(0 if v >= (3, 10) else f"inception-edu needs Python >= 3.10; $(PYTHON) is {v.major}.{v.minor}. Run: make PYTHON=python3.11 ...")'
	@if [ ! -f $(STAMP) ]; then \
	  echo "inception-edu: first setup. pip installs into $(VENV): PyTorch and torchvision, JupyterLab,"; \
	  echo "  timm, fvcore, torchinfo, matplotlib, ipywidgets and the test tools (pytest, nbval, ruff)."; \
	  if [ -z "$(TORCH_INDEX)" ]; then \
	    echo "  It is big: on Linux, PyPI's torch comes with NVIDIA's CUDA libraries, so $(VENV) grows to"; \
	    echo "  about 6 GB and the download takes a while. No NVIDIA GPU? Stop (Ctrl-C) and run instead:"; \
	    echo "      make setup TORCH_INDEX=https://download.pytorch.org/whl/cpu"; \
	  else \
	    echo "  torch and torchvision come from $(TORCH_INDEX)."; \
	  fi; \
	fi
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
ifneq ($(TORCH_INDEX),)
	$(BIN)/python -m pip install --index-url $(TORCH_INDEX) \
		$(if $(filter-out $(TORCH_INDEX_USED),$(TORCH_INDEX)),--force-reinstall --no-deps) torch torchvision
endif
	$(BIN)/python -m pip install $(if $(wildcard $(STAMP)),--quiet) -e ".[dev]"
	@echo '$(TORCH_INDEX)' >$(VENV)/.torch-index
	@touch $(STAMP)
	@echo "inception-edu: environment ready in $(VENV)"

# The lectures link to ../docs/ and ../results/ (beside notebooks/). JupyterLab serves only
# workspace/, so a lecture's copy links to workspace/docs/ and workspace/results/ instead, which
# `make lab` and `make workspace` refresh from the repository every time.
LINKS := sed -e 's|\.\./docs/|docs/|g' -e 's|\.\./results/|results/|g'
WORKSPACE_DOCS := mkdir -p $(WORKSPACE)/docs $(WORKSPACE)/results && cp docs/*.md $(WORKSPACE)/docs/ && cp results/README.md $(WORKSPACE)/results/

## Open the course in JupyterLab, in workspace/ (your copy of the lectures; autosaved).
lab: export OMP_NUM_THREADS := 1
lab: export MKL_NUM_THREADS := 1
lab: export PYTHONHASHSEED := 0
lab: setup $(addprefix $(WORKSPACE)/,$(LECTURES))
	@$(WORKSPACE_DOCS)
	$(BIN)/jupyter lab $(LAB_ARGS) --ServerApp.root_dir=$(WORKSPACE) \
		--LabApp.default_url=/lab/tree/00_start_here.ipynb \
		--LabApp.app_settings_dir=.jupyter/settings

## Create workspace/, or add the lectures it lacks, without opening JupyterLab.
workspace: $(addprefix $(WORKSPACE)/,$(LECTURES))
	@$(WORKSPACE_DOCS)

# A lecture missing from workspace/ is copied; one already there is never overwritten (an
# order-only prerequisite: a newer notebooks/ copy does not make it out of date).
$(WORKSPACE)/%.ipynb: | notebooks/%.ipynb
	@mkdir -p $(@D)
	@$(LINKS) notebooks/$*.ipynb > $@
	@echo "$(WORKSPACE)/: added $*.ipynb"

## Put workspace/ lectures back to the pristine ones: all, or one with `make reset LECTURE=05`.
## Each replaced copy is kept in workspace/.replaced/ until that lecture's next reset.
reset:
	@found=; same=0; \
	for src in notebooks/$(if $(LECTURE),$(LECTURE)_* notebooks/$(LECTURE)[a-c]_*,*).ipynb; do \
	  [ -f "$$src" ] || continue; found=1; name=$${src#notebooks/}; dst="$(WORKSPACE)/$$name"; \
	  if [ ! -f "$$dst" ]; then \
	    mkdir -p "$(WORKSPACE)" && $(LINKS) "$$src" > "$$dst" && echo "$$dst: copied (it was missing)"; \
	  elif $(LINKS) "$$src" | cmp -s - "$$dst"; then \
	    same=$$((same + 1)); \
	  else \
	    mkdir -p "$(WORKSPACE)/.replaced" && cp "$$dst" "$(WORKSPACE)/.replaced/$$name" && \
	    $(LINKS) "$$src" > "$$dst" && \
	    echo "$$dst: replaced by $$src (your version: $(WORKSPACE)/.replaced/$$name)"; \
	  fi || exit 1; \
	done; \
	[ -n "$$found" ] || { echo "reset: no lecture notebooks/$(LECTURE)_*.ipynb; LECTURE is its two-digit number, e.g. LECTURE=05 (LECTURE=12 resets 12a, 12b and 12c)" >&2; exit 1; }; \
	[ $$same = 0 ] || echo "reset: $$same lecture(s) already pristine, left as they are"

## Lint, unit tests and every notebook under nbval (what .ci/run calls).
test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check inception_edu tests
	$(TEST_ENV) $(BIN)/python -m pytest -n $(JOBS) --dist loadscope $(NBVAL) tests notebooks

## Only the notebooks under nbval (CI runs them once more with an empty data root).
test-notebooks: setup
	$(TEST_ENV) $(BIN)/python -m pytest -n $(JOBS) --dist loadscope $(NBVAL) notebooks

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check inception_edu tests

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format inception_edu tests

## Re-execute every lecture in place to refresh its stored outputs (CPU, pinned threads,
## full settings: INCEPTION_EDU_FAST is off here and on in `make test`).
regen: setup
	$(LECTURE_ENV) INCEPTION_EDU_QUIET=1 $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.timeout=600 --ExecutePreprocessor.record_timing=False \
		notebooks/*.ipynb

## Download the datasets into the data root ($$INCEPTION_EDU_DATA, default data/).
data: setup
	$(BIN)/python -m inception_edu data download

## Remove .venv and the caches (your workspace/ stays).
clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis *.egg-info
