// Dot voting: "3 points left" under the hint while a young person shares out the points. Only a help:
// the server checks the total (answers.services), and without JavaScript the hint alone is shown.
(function () {
  "use strict";
  function update(box, out) {
    var total = 0;
    box.querySelectorAll("input[type=number]").forEach(function (input) {
      var value = parseInt(input.value, 10);
      if (value > 0) total += value;
    });
    var left = parseInt(box.getAttribute("data-points"), 10) - total;
    var texts = out.getAttribute("data-left").split("|");
    out.textContent = left < 0 ? out.getAttribute("data-over") : texts[left];
    out.classList.toggle("error", left < 0);
  }
  document.querySelectorAll(".dots[data-points]").forEach(function (box) {
    var out = box.previousElementSibling;
    if (!out || !out.hasAttribute("data-left")) return;
    out.hidden = false;
    update(box, out);
    box.addEventListener("input", function () { update(box, out); });
  });
})();
