// The site menu is a <details>: open on a wide screen, folded behind "เมนู" on a phone (it works without this
// script too, folded or not as the person chooses).
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 40.01rem)");
  function fit() {
    document.querySelectorAll("details.menu").forEach(function (menu) { menu.open = wide.matches; });
  }
  document.addEventListener("DOMContentLoaded", fit);
  wide.addEventListener("change", fit);
})();
