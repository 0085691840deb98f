// The kiosk's thank-you page: a visible countdown, then the empty form for the next person. Replaces
// this page in the history, so that Back never leads towards the last child's answers. Without
// JavaScript the page's refresh and the "Next person" link do the same.
(function () {
  "use strict";
  var next = document.getElementById("kiosk-next");
  var number = document.getElementById("kiosk-countdown");
  var text = document.getElementById("kiosk-countdown-text");
  if (!next || !number || !text) return;
  var texts = text.getAttribute("data-texts").split("|");
  var left = parseInt(number.textContent, 10);
  var go = function () { window.location.replace(next.href); };
  next.addEventListener("click", function (event) {
    event.preventDefault();
    go();
  });
  var timer = window.setInterval(function () {
    left -= 1;
    if (left <= 0) {
      window.clearInterval(timer);
      go();
      return;
    }
    number.textContent = String(left);
    text.textContent = texts[left] || "";
  }, 1000);
})();
