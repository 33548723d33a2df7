// Location picker: click or drag the marker to set the position; "Find on the map" asks the
// app's own geocoding endpoint (never a third party from the browser).
(function () {
  "use strict";
  var box = document.querySelector("[data-location-picker]");
  if (!box) return;
  var map = window[box.dataset.map];
  var lat = document.getElementById("lat");
  var lon = document.getElementById("lon");
  var address = document.getElementById("address");
  var town = document.getElementById("town");
  var status = document.getElementById("geocode-status");
  var marker = null;

  function setPoint(latlng, pan) {
    lat.value = latlng.lat.toFixed(6);
    lon.value = latlng.lng.toFixed(6);
    if (!marker) {
      marker = L.marker(latlng, { draggable: true, keyboard: true, title: box.dataset.markerTitle }).addTo(map);
      marker.on("dragend", function () { setPoint(marker.getLatLng(), false); });
    } else {
      marker.setLatLng(latlng);
    }
    if (pan) map.setView(latlng, Math.max(map.getZoom(), 17));
  }

  if (lat.value && lon.value) setPoint(L.latLng(parseFloat(lat.value), parseFloat(lon.value)), true);
  map.on("click", function (e) { setPoint(e.latlng, false); status.textContent = box.dataset.msgPlaced; });

  document.getElementById("geocode-button").addEventListener("click", function () {
    var query = address.value.trim();
    if (query.length < 3) { status.textContent = box.dataset.msgShort; return; }
    status.textContent = box.dataset.msgSearching;
    var url = box.dataset.geocodeUrl + "?q=" + encodeURIComponent(query);
    if (town && town.selectedOptions.length) url += "&town=" + encodeURIComponent(town.value);
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        if (!res.ok) { status.textContent = box.dataset.msgDown; return; }
        var found = res.body.results || [];
        if (!found.length) { status.textContent = box.dataset.msgNone; return; }
        setPoint(L.latLng(found[0].lat, found[0].lon), true);
        address.value = found[0].label;  // the address as the lookup knows it, which is what gets saved
        status.textContent = box.dataset.msgFound + " " + found[0].label;
      })
      .catch(function () { status.textContent = box.dataset.msgDown; });
  });
})();
