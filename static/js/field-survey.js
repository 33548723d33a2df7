// The survey on a phone: taps are sent without leaving the page (the card says what was recorded),
// "Where am I?" lists the units around the phone, and a tap on the map places a new unit.
// Without JavaScript every button is a plain form submission and the page comes back.
(function () {
  "use strict";
  var config = document.getElementById("register-map-config");
  var map = config && window[config.dataset.map];

  document.querySelectorAll("[data-walk-form]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.hasAttribute("data-add-form")) { return; }  // a new unit: the page comes back with it listed
      event.preventDefault();
      var data = new FormData(form);
      if (event.submitter && event.submitter.name) { data.set(event.submitter.name, event.submitter.value); }
      fetch(form.action, { method: "POST", body: data, headers: { Accept: "application/json" } })
        .then(function (response) { return response.json().then(function (body) { return [response.ok, body]; }); })
        .then(function (result) {
          var card = form.closest(".walk-unit");
          var line = card.querySelector("[data-state-line]");
          if (!result[0]) { line.textContent = result[1].error.message; return; }
          card.classList.add("is-seen");
          line.textContent = "✓ " + result[1].message;
          var details = form.querySelector("details");
          if (details) { details.open = false; }
          var count = document.querySelector("[data-seen-count]");
          if (count) { count.textContent = result[1].seen_text; }
        })
        .catch(function () { form.submit(); });
    });
  });

  if (!map) { return; }
  var listHere = document.querySelector("[data-list-here]");
  map.on("moveend", function () {
    var c = map.getCenter();
    var url = new URL(listHere.href, window.location.href);
    url.searchParams.set("lon", c.lng.toFixed(6));
    url.searchParams.set("lat", c.lat.toFixed(6));
    listHere.href = url.toString();
  });

  var locate = document.querySelector("[data-locate]");
  if (navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (position) {
        var url = new URL(listHere.href, window.location.href);
        url.searchParams.set("lon", position.coords.longitude.toFixed(6));
        url.searchParams.set("lat", position.coords.latitude.toFixed(6));
        window.location.href = url.toString();
      });
    });
  }

  var add = document.querySelector("[data-add-form]");
  var picked = null;
  map.on("click", function (event) {
    add.querySelector("[name=lat]").value = event.latlng.lat.toFixed(6);
    add.querySelector("[name=lon]").value = event.latlng.lng.toFixed(6);
    if (picked) { picked.setLatLng(event.latlng); } else { picked = L.marker(event.latlng).addTo(map); }
    document.getElementById("add-unit").scrollIntoView({ behavior: "smooth", block: "start" });
    add.querySelector("[name=address]").focus({ preventScroll: true });
  });
})();
