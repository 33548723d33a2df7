# The two commands a newcomer needs:  make run  and  make test  (see README.md).
VENV ?= .venv
FLASK = BOURSE_ENV=$${BOURSE_ENV:-development} $(VENV)/bin/flask --app wsgi

.PHONY: run test lint bootstrap bootstrap-test demo translations-extract translations-update vendor bench

# The web process and one job worker (Procfile), stopped together with Ctrl-C.
run: bootstrap demo
	BOURSE_ENV=$${BOURSE_ENV:-development} $(VENV)/bin/honcho start -f Procfile

test: bootstrap-test
	$(VENV)/bin/bandit -q -r bourse -c pyproject.toml
	BOURSE_ENV=development $(VENV)/bin/flask --app wsgi assets compress
	BOURSE_REQUIRE_ALL_BACKENDS=1 $(VENV)/bin/python -m pytest -n 2 --dist worksteal

# Maintainers: pyflakes-level checks (unused imports, undefined names).
lint:
	$(VENV)/bin/ruff check --select F,E9 --exclude migrations bourse tests bench

bootstrap:
	scripts/bootstrap.sh run

bootstrap-test:
	scripts/bootstrap.sh test

demo:
	$(FLASK) assets compress
	$(FLASK) db upgrade
	$(FLASK) seed-demo

# Maintainers: refresh the translation catalogue after changing visible strings.
translations-extract:
	$(VENV)/bin/pybabel extract --no-location --sort-output -F babel.cfg -k _l -o bourse/translations/messages.pot .

translations-update: translations-extract
	$(VENV)/bin/pybabel update --no-fuzzy-matching -i bourse/translations/messages.pot -d bourse/translations

# Maintainers: copy front-end libraries from npm into static/vendor (committed).
vendor:
	scripts/vendor.sh
