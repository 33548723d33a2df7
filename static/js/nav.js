// The site menu on narrow screens: hidden behind a "Menu" button, opened and closed with it.
// Without this script the menu simply shows in full (the page stays usable).
(function () {
  "use strict";
  var nav = document.querySelector("[data-nav]");
  if (!nav) { return; }
  var button = nav.querySelector("[data-nav-toggle]");
  var menu = document.getElementById(button.getAttribute("aria-controls"));
  nav.classList.add("nav-collapsible");
  button.hidden = false;

  function setOpen(open) {
    nav.classList.toggle("open", open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && nav.classList.contains("open")) {
      setOpen(false);
      button.focus();
    }
  });
  menu.addEventListener("focusout", function (event) {
    // Leaving the open menu with Tab closes it on phones, as a tap elsewhere would.
    if (nav.classList.contains("open") && !nav.contains(event.relatedTarget)) { setOpen(false); }
  });
})();
