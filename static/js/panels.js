// On a phone, panels marked data-fold-on-phone (the search filters, the map) start folded, so the
// results come first; opening one that holds a map lets Leaflet measure its new size.
(function () {
  "use strict";
  var phone = window.matchMedia("(max-width: 800px)").matches;
  document.querySelectorAll("details[data-fold-on-phone]").forEach(function (panel) {
    if (phone) { panel.open = false; }
    panel.addEventListener("toggle", function () {
      if (panel.open) { window.dispatchEvent(new Event("resize")); }
    });
  });
})();
