// Register map: the units of the visible box, from the page's JSON endpoint with the list's
// filters, as dots coloured by state (drawn on a canvas: thousands stay smooth on a phone).
// Labels go in as text, never as HTML.
(function () {
  "use strict";
  var config = document.getElementById("register-map-config");
  if (!config || !window.L) { return; }
  var map = window[config.dataset.map];
  var note = document.querySelector("[data-register-map-note]");
  var labels = JSON.parse(config.dataset.labels);
  var renderer = L.canvas({ padding: 0.3 });
  var layer = L.layerGroup().addTo(map);
  var pending = null;

  function colour(state) {
    var probe = document.createElement("span");
    probe.className = "state-dot state-" + (state || "unknown");
    document.body.appendChild(probe);
    var value = getComputedStyle(probe).backgroundColor;
    probe.remove();
    return value;
  }
  var colours = {};
  ["occupied", "vacant", "works", "gone", "unknown"].forEach(function (s) { colours[s] = colour(s); });

  function popup(unit) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = config.dataset.unitUrl.replace(/\/0$/, "/" + unit.id);
    link.textContent = unit.label || ("#" + unit.id);
    var state = document.createElement("div");
    state.textContent = labels[unit.state] || "—";
    box.append(link, state);
    return box;
  }

  // Too many units for dots: one circle per grid cell, its size the number of units, its colour
  // the share of them vacant; a tap zooms in.
  function cell(row) {
    var units = row[2], vacantShare = row[3] / units;
    var size = units < 100 ? 30 : units < 1000 ? 38 : 46;
    var marker = L.marker([row[1], row[0]], {
      keyboard: true, title: units + " · " + Math.round(vacantShare * 100) + " %",
      icon: L.divIcon({ className: "grid-cluster register-cell" + (vacantShare >= 1 / 7 ? " is-high" : ""),
                        html: "<span>" + Number(units) + "</span>", iconSize: [size, size] })
    });
    marker.on("click", function () { map.setView([row[1], row[0]], map.getZoom() + 2); });
    marker.addTo(layer);
  }

  function load() {
    var b = map.getBounds();
    var bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(5); });
    var url = config.dataset.url + (config.dataset.url.indexOf("?") < 0 ? "?" : "&") + "bbox=" + bbox.join(",");
    if (pending) { pending.abort(); }
    pending = new AbortController();
    fetch(url, { headers: { Accept: "application/json" }, signal: pending.signal })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        layer.clearLayers();
        note.textContent = data.clustered ? config.dataset.msgZoom : "";
        if (data.clustered) { data.cells.forEach(cell); return; }
        data.units.forEach(function (row) {
          var unit = { id: row[0], lon: row[1], lat: row[2], state: row[3], label: row[4] };
          L.circleMarker([unit.lat, unit.lon], {
            renderer: renderer, radius: 6, weight: 1, color: "#fff", fillOpacity: 0.9,
            fillColor: colours[unit.state || "unknown"]
          }).bindPopup(function () { return popup(unit); }).addTo(layer);
        });
      })
      .catch(function (error) { if (error.name !== "AbortError") { note.textContent = ""; } });
  }
  map.on("moveend", load);
  load();
})();
