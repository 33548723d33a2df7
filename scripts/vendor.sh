#!/usr/bin/env bash
# Copies the front-end libraries Bourse serves itself (never from a CDN) from the npm
# registry into static/vendor/. The result is committed; run this only to upgrade them.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
( cd "$tmp" && npm init -y >/dev/null && npm install --silent leaflet@1.9.4 leaflet.markercluster@1.5.3 \
    @geoman-io/leaflet-geoman-free@2.20.2 chart.js@4.4.6 swagger-ui-dist@5.35.0 )
rm -rf static/vendor/leaflet static/vendor/leaflet.markercluster static/vendor/leaflet-geoman static/vendor/chart.js static/vendor/swagger-ui
mkdir -p static/vendor/leaflet static/vendor/leaflet.markercluster static/vendor/leaflet-geoman static/vendor/chart.js \
         static/vendor/swagger-ui
cp -r "$tmp/node_modules/leaflet/dist/leaflet.js" "$tmp/node_modules/leaflet/dist/leaflet.css" \
      "$tmp/node_modules/leaflet/dist/images" "$tmp/node_modules/leaflet/LICENSE" static/vendor/leaflet/
cp "$tmp/node_modules/leaflet.markercluster/dist/"{leaflet.markercluster.js,MarkerCluster.css,MarkerCluster.Default.css} \
   "$tmp/node_modules/leaflet.markercluster/MIT-LICENCE.txt" static/vendor/leaflet.markercluster/
# Drawing and editing perimeters and zones on the map (the register's perimeter page).
cp "$tmp/node_modules/@geoman-io/leaflet-geoman-free/dist/"{leaflet-geoman.js,leaflet-geoman.css} \
   "$tmp/node_modules/@geoman-io/leaflet-geoman-free/LICENSE" static/vendor/leaflet-geoman/
# The observatory's charts: canvas drawing, no eval (the CSP forbids it), exported as PNG.
cp "$tmp/node_modules/chart.js/dist/chart.umd.js" "$tmp/node_modules/chart.js/LICENSE.md" static/vendor/chart.js/
# The API's reference page (/api/v1/docs): Swagger UI reading /api/v1/openapi.json, started by static/js/api-reference.js.
cp "$tmp/node_modules/swagger-ui-dist/"{swagger-ui-bundle.js,swagger-ui.css,LICENSE,NOTICE} static/vendor/swagger-ui/
echo "static/vendor updated"
