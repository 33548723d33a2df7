// A field that only applies after another answer (the frontage needed, once frontage matters) is
// shown, and required, only then: the form asks for it before sending, not after.
(function () {
  "use strict";
  document.querySelectorAll("[data-show-if]").forEach(function (box) {
    var control = document.getElementById(box.getAttribute("data-show-if"));
    var hidden = box.getAttribute("data-unless");
    if (!control) { return; }
    var inputs = box.querySelectorAll("input, select, textarea");
    function apply() {
      var shown = control.value !== hidden;
      box.hidden = !shown;
      inputs.forEach(function (input) { input.required = shown; });
    }
    control.addEventListener("change", apply);
    apply();
  });
})();
