# Two commands matter: `make run` and `make test`. Everything else is what they build on.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
REQS_HASH := $(shell cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)
STAMP := $(VENV)/.installed-$(REQS_HASH)
ENSURE := scripts/ensure-debian-package.sh
# npm ci empties node_modules first, so a stamp inside it is gone whenever the install is partial.
NPM_STAMP := node_modules/.installed

.PHONY: run test setup venv system-packages node-packages messages chromium db bench twonode lint format check clean

run: setup db ## set everything up and serve the portal with its job worker
	scripts/serve.sh

# The suite without the browser tests runs on two processes (pytest-xdist; TEST_WORKERS= for one).
TEST_WORKERS ?= -n 2

test: setup chromium ## set everything up and run the whole suite (DATABASE_URL picks the database)
	$(BIN)/python -m pytest --ignore=tests/e2e $(TEST_WORKERS) $(PYTEST_ARGS)
	# The browser tests restore a serialized demo database between tests; they run in their
	# own session so the rest of the suite's transactional tests cannot disturb those restores.
	$(BIN)/python -m pytest tests/e2e $(PYTEST_ARGS)

setup: venv system-packages node-packages messages

# Our Chinese for the Wagtail admin strings its own catalogue leaves in English (see locale/zh_Hans/LC_MESSAGES/django.po).
MESSAGES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))

messages: $(MESSAGES) ## compile locale/*.po (GNU gettext's msgfmt)

locale/%.mo: locale/%.po
	$(ENSURE) "command -v msgfmt" gettext
	msgfmt --check-format -o $@ $<

venv: $(STAMP)

node-packages: $(NPM_STAMP) ## browser libraries (cropperjs) from package-lock.json, served by STATICFILES_DIRS

$(NPM_STAMP): package.json package-lock.json
	$(ENSURE) "command -v npm" npm
	npm ci --no-audit --no-fund
	touch $@

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $@

system-packages: ## the CJK font and the libraries WeasyPrint needs
	$(ENSURE) "fc-list | grep -qi 'Noto Serif CJK'" fonts-noto-cjk
	$(ENSURE) "$(BIN)/python -c 'import weasyprint'" libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0

chromium: ## Debian's Chromium, for the browser tests (Playwright's own download does not work offline)
	$(ENSURE) "test -x /usr/bin/chromium" chromium

db: venv ## migrate, load the demo data and make the test signing CA outside the repo (idempotent)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py make_signing_ca
	$(BIN)/python manage.py seed_demo

bench: setup ## server time and query counts at realistic sizes, PDF render time, a load run against gunicorn, pages as ratios to bare Django; see docs/benchmarks.md
	$(ENSURE) "command -v wrk" wrk
	$(BIN)/python bench/run.py $(BENCH_ARGS)
	$(BIN)/python bench/ratios.py $(RATIO_ARGS)

twonode: setup ## two gunicorn nodes on one PostgreSQL, one Redis and moto's S3: sessions, files, rate limits, jobs across nodes (docs/deploy.md)
	$(BIN)/python bench/twonode.py $(TWONODE_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: venv
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf .test-media .test-private bench/out
