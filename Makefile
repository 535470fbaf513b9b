# xephang: `make demo` runs a whole hall, `make test` runs the tests.
# Both install what they need first: a few Debian packages (scripts/install-system-packages.sh)
# and a virtual environment in .venv with the pinned Python packages.
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: all setup system-packages test demo bench clean

all: test

system-packages:
	@scripts/install-system-packages.sh

$(VENV)/.installed: pyproject.toml constraints.txt
	@echo "xephang: creating the virtual environment in $(VENV) and installing pinned packages"
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -c constraints.txt -e '.[test]'
	@touch $@

setup: system-packages $(VENV)/.installed

test: setup
	$(PY) -m pytest -q

demo: setup
	$(VENV)/bin/xephang demo

bench: setup
	$(PY) -m bench

clean:
	rm -rf $(VENV) build *.egg-info
