// The kiosk's thank-you page: a visible countdown, then the empty form for the next person. Replaces
// this page in the history, so that Back never leads towards the last child's answers. The countdown
// can be stopped (WCAG 2.2.1). Without JavaScript the "Next person" link does the same, by a tap.
(function () {
  "use strict";
  var next = document.getElementById("kiosk-next");
  var timer = document.getElementById("kiosk-timer");
  var number = document.getElementById("kiosk-countdown");
  var text = document.getElementById("kiosk-countdown-text");
  var stop = document.getElementById("kiosk-stop");
  if (!next || !timer || !number || !text || !stop) return;
  var texts = text.getAttribute("data-texts").split("|");
  var left = parseInt(timer.getAttribute("data-seconds"), 10);
  var go = function () { window.location.replace(next.href); };
  next.addEventListener("click", function (event) {
    event.preventDefault();
    go();
  });
  timer.hidden = false;
  var ticking = window.setInterval(function () {
    left -= 1;
    if (left <= 0) {
      window.clearInterval(ticking);
      go();
      return;
    }
    number.textContent = String(left);
    text.textContent = texts[left] || "";
  }, 1000);
  stop.addEventListener("click", function () {
    window.clearInterval(ticking);
    timer.hidden = true;
    next.focus();
  });
})();
