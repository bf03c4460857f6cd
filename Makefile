# Two commands on a fresh machine with Python 3.11:  `make demo`  and  `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test lab chromium clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,dask]'
	touch $(STAMP)

demo: $(STAMP)  ## render every demo client's deliverables into reports/
	$(VENV)/bin/playbook batch

chromium:  ## Debian's Chromium (browser tests, PDF) and Firefox ESR (second browser): never a downloaded browser
	@{ command -v chromium && command -v firefox; } >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium firefox-esr >/dev/null; }

test: $(STAMP) chromium  ## the whole suite: unit, nbval, HTML structure, headless Chromium, `make lab`
	@$(PY) -c "import jupyterlab" 2>/dev/null || $(PY) -m pip install -q -e '.[lab]'
	$(PY) -m pytest -q --nbval-lax notebooks tests

lab: $(STAMP)  ## JupyterLab for live workshops: prints its URL to open (no browser is started; works as root)
	@$(PY) -c "import jupyterlab" 2>/dev/null || $(PY) -m pip install -q -e '.[lab]'
	$(VENV)/bin/jupyter lab notebooks/ --no-browser --ServerApp.ip=127.0.0.1 \
	  $$( [ "$$(id -u)" = 0 ] && echo --allow-root ) $(LAB_ARGS)

clean:
	rm -rf $(VENV) reports
