// Markers and outlines that travel as data (bourse/geo/maps.py, with_features): one GeoJSON layer per
// map, labels set as text (never as HTML), the tooltip opening on hover and on keyboard focus.
(function () {
  "use strict";
  document.querySelectorAll("script.map-features").forEach(function (block) {
    var map = window[block.dataset.map];
    if (!map) { return; }
    var data = JSON.parse(block.textContent);
    var layer = L.geoJSON(data, {
      style: function () { return { color: "#b5451b", weight: 2 }; },
      pointToLayer: function (feature, latlng) {
        var label = feature.properties.label;
        var text = document.createElement("span");
        text.textContent = label;
        return L.marker(latlng, { keyboard: true, title: label }).bindTooltip(text, { sticky: true });
      }
    }).addTo(map);
    var points = layer.getLayers().filter(function (l) { return l instanceof L.Marker; });
    if (data.fit && points.length > 1) {
      map.fitBounds(L.featureGroup(points).getBounds(), { maxZoom: 17, padding: [30, 30] });
    }
  });
})();
