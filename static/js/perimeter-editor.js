/* The perimeter page: Leaflet-Geoman draws on the map, this keeps the form's GeoJSON in step.
   Each shape is a feature whose properties say what it is: {kind: "perimeter"} or
   {kind: "zone", name: "Rue du Lait"}. Without JavaScript the GeoJSON field works alone. */
(function () {
  "use strict";
  var form = document.querySelector("[data-perimeter-editor]");
  if (!form || !window.L) { return; }
  var map = window[form.getAttribute("data-map")];
  var group = window.drawnItems;
  var textarea = form.querySelector("textarea[name=drawing]");
  var modes = form.querySelector("[data-drawing-mode]");
  var zoneName = document.getElementById("zone-name");
  if (!map || !map.pm || !group || !textarea) { return; }
  modes.hidden = false;
  var lang = document.documentElement.lang === "en" ? "en" : "fr";
  map.pm.setLang(lang);
  map.pm.setGlobalOptions({ layerGroup: group, allowSelfIntersection: false });

  var STYLES = {
    perimeter: { color: "#1f4e79", weight: 3, fillOpacity: 0.08 },
    zone: { color: "#b5835a", weight: 2, dashArray: "6 4", fillOpacity: 0.15 }
  };

  function dress(layer) {
    var properties = (layer.feature && layer.feature.properties) || {};
    layer.setStyle(STYLES[properties.kind === "zone" ? "zone" : "perimeter"]);
    layer.unbindTooltip();
    if (properties.kind === "zone" && properties.name) {
      layer.bindTooltip(properties.name, { permanent: false });
    }
  }

  function save() {
    var collection = group.toGeoJSON();
    textarea.value = collection.features.length ? JSON.stringify(collection) : "";
  }

  function load() {
    if (!textarea.value.trim()) { return; }
    var data;
    try { data = JSON.parse(textarea.value); } catch (error) { return; }  // the server says what is wrong
    L.geoJSON(data).eachLayer(function (layer) {
      group.addLayer(layer);
      dress(layer);
    });
    if (group.getLayers().length) { map.fitBounds(group.getBounds(), { padding: [20, 20] }); }
  }

  map.on("pm:create", function (event) {
    var zone = form.querySelector("input[name=mode]:checked").value === "zone";
    var feature = event.layer.toGeoJSON();
    feature.properties = zone ? { kind: "zone", name: zoneName.value.trim() } : { kind: "perimeter" };
    event.layer.feature = feature;
    dress(event.layer);
    save();
  });
  map.on("pm:remove", save);
  group.on("pm:edit pm:dragend", save);
  zoneName.addEventListener("input", function () {
    form.querySelector("input[name=mode][value=zone]").checked = true;
  });
  load();
})();
