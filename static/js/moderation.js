// Keyboard shortcuts for the moderation queue (the page works without them, by Tab and Enter):
// j / k next / previous answer, x tick, a approve, r reject, o open to redact.
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll(".mod-item"));
  if (!items.length) { return; }
  var actions = {
    x: "input[type=checkbox]",
    a: "button[value^='approve:']",
    r: "button[value^='reject:']",
    o: "a.open"
  };
  function currentIndex() {
    var item = document.activeElement && document.activeElement.closest(".mod-item");
    return items.indexOf(item);
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    if (target.isContentEditable || /^(textarea|select)$/i.test(target.tagName) ||
        (/^input$/i.test(target.tagName) && target.type !== "checkbox")) { return; }
    var index = currentIndex();
    if (event.key === "j" || event.key === "k") {
      var next = index < 0 ? 0 : index + (event.key === "j" ? 1 : -1);
      items[Math.max(0, Math.min(items.length - 1, next))].focus();
    } else if (actions[event.key] && index >= 0) {
      items[index].querySelector(actions[event.key]).click();
    } else {
      return;
    }
    event.preventDefault();
  });
}());
