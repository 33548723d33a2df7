// Search map: loads the premises of the visible area from the JSON API (no marker is embedded
// in the page), clusters them, and builds popups from text only (never as HTML).
(function () {
  "use strict";
  var config = document.getElementById("premises-map-config");
  if (!config) return;
  var map = window[config.dataset.map];
  var cluster = null;
  map.eachLayer(function (layer) { if (layer instanceof L.MarkerClusterGroup) cluster = layer; });
  if (!cluster) { cluster = L.markerClusterGroup(); map.addLayer(cluster); }
  var gridLayer = L.layerGroup().addTo(map);
  var pending = null;

  function euro(n) { return new Intl.NumberFormat(document.documentElement.lang, { maximumFractionDigits: 0 }).format(n); }

  function popupContent(id, marker) {
    // Leaflet asks again on every update(): the box is made, and fetched, once per marker.
    if (marker.popupBox) { return marker.popupBox; }
    var box = marker.popupBox = document.createElement("div");
    box.className = "map-popup";
    box.textContent = "…";
    fetch(config.dataset.api + "/" + id, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (f) {
        var p = f.properties;
        var title = document.createElement("a");
        title.href = p.url; title.textContent = p.title; title.className = "popup-title";
        var line = document.createElement("div");
        line.textContent = p.sales_area_m2 + " " + config.dataset.msgArea +
          (p.rent_per_year != null ? " · " + euro(p.rent_per_year) + " " + config.dataset.msgYear : "");
        var address = document.createElement("div");
        address.textContent = p.address;
        var more = document.createElement("a");
        more.href = p.url; more.textContent = config.dataset.msgDetails;
        box.textContent = "";
        box.append(title, address, line, more);
        // The popup measured its box while it held "…": measure again now the text is in.
        var popup = marker.getPopup();
        if (popup && popup.isOpen()) { popup.update(); }
      });
    return box;
  }

  function markerFor(feature) {
    var c = feature.geometry.coordinates, p = feature.properties;
    var label = p.a + " " + config.dataset.msgArea + (p.r != null ? " · " + euro(p.r) + " " + config.dataset.msgYear : "");
    if (p.tb) label = config.dataset.msgTestBoutique + " · " + label;
    var marker = L.marker([c[1], c[0]], { keyboard: true, title: label, alt: label });
    marker.premisesId = p.id;
    marker.bindPopup(function () { return popupContent(p.id, marker); }, { minWidth: 200, maxWidth: 300 });
    return marker;
  }

  function gridMarker(feature) {
    var c = feature.geometry.coordinates, n = feature.properties.count;
    var size = n < 100 ? 36 : n < 1000 ? 44 : 54;
    return L.marker([c[1], c[0]], {
      keyboard: true, title: String(n),
      icon: L.divIcon({ className: "grid-cluster", html: "<span>" + Number(n) + "</span>", iconSize: [size, size] })
    }).on("click", function () { map.setView([c[1], c[0]], map.getZoom() + 2); });
  }

  // The box snapped outward to the server's fixed cells (bourse/geo/cells.py, same rule): maps a few
  // pixels apart send the same URL, which the browser and a proxy can answer from their cache.
  function span(low, high, step) {
    var first = Math.floor(low / step + 1e-6);
    return [first, Math.max(first, Math.ceil(high / step - 1e-6) - 1)];
  }

  function snapped(box) {
    for (var level = 14; level >= 0; level--) {
      var step = 4 / Math.pow(2, level), x = span(box[0], box[2], step), y = span(box[1], box[3], step);
      if (level === 0 || (x[1] - x[0] < 25 && y[1] - y[0] < 25)) {
        return [Math.max(-180, x[0] * step), Math.max(-90, y[0] * step),
                Math.min(180, (x[1] + 1) * step), Math.min(90, (y[1] + 1) * step)];
      }
    }
  }

  function load() {
    var b = map.getBounds();
    var bbox = snapped([Math.max(-180, b.getWest()), Math.max(-90, b.getSouth()),
                        Math.min(180, b.getEast()), Math.min(90, b.getNorth())]).join(",");
    var url = config.dataset.api + "?bbox=" + bbox + (config.dataset.query ? "&" + config.dataset.query : "");
    if (pending) pending.abort();
    pending = new AbortController();
    fetch(url, { signal: pending.signal, headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) {
        cluster.clearLayers(); gridLayer.clearLayers();
        if (data.clustered) data.features.forEach(function (f) { gridLayer.addLayer(gridMarker(f)); });
        else cluster.addLayers(data.features.map(markerFor));
        map.getContainer().dataset.loaded = String(data.total);
      })
      .catch(function (e) { if (e.name !== "AbortError") console.warn(config.dataset.msgError, e); });
  }

  map.on("moveend", load);
  load();

  // "Search in this map area": the visible box becomes the list's filter, in the URL.
  var areaForm = document.getElementById("search-area-form");
  if (areaForm) areaForm.addEventListener("submit", function () {
    var b = map.getBounds();
    document.getElementById("search-area-bbox").value = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]
      .map(function (v, i) { return Math.max(i % 2 ? -90 : -180, Math.min(i % 2 ? 90 : 180, v)).toFixed(5); }).join(",");
  });
})();
