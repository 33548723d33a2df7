// Leaflet speaks the page's language: control titles, marker labels, the popup's close button,
// and a metric scale only. Loaded after Leaflet, before the maps are made.
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }
  var STRINGS = {
    fr: { zoomIn: "Zoom avant", zoomOut: "Zoom arrière", marker: "Marqueur", close: "Fermer la fenêtre" },
    en: { zoomIn: "Zoom in", zoomOut: "Zoom out", marker: "Marker", close: "Close popup" }
  };
  var lang = (document.documentElement.lang || "fr").slice(0, 2);
  var t = STRINGS[lang] || STRINGS.fr;

  L.Control.Zoom.mergeOptions({ zoomInTitle: t.zoomIn, zoomOutTitle: t.zoomOut });
  L.Control.Scale.mergeOptions({ imperial: false, metric: true });
  L.Marker.mergeOptions({ alt: t.marker });
  L.Control.Attribution.mergeOptions({ prefix: '<a href="https://leafletjs.com">Leaflet</a>' });

  var initLayout = L.Popup.prototype._initLayout;
  L.Popup.include({
    _initLayout: function () {
      initLayout.call(this);
      if (this._closeButton) { this._closeButton.setAttribute("aria-label", t.close); }
    }
  });
})();
