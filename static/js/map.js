// The planning map: the Ortsteil under the pointer or the keyboard focus is named in the line under the
// map (each area also has a <title> tooltip and an accessible name; the table below has every number).
(function () {
  "use strict";
  var map = document.querySelector(".choropleth");
  var readout = document.getElementById("map-readout");
  if (!map || !readout) { return; }
  function show(event) {
    var area = event.target.closest("[data-code]");
    if (area) { readout.textContent = area.getAttribute("aria-label"); }
  }
  map.addEventListener("focusin", show);
  map.addEventListener("mouseover", show);
  readout.hidden = false;
})();
