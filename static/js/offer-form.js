// The offer and question forms work without this script; it only makes them shorter to use:
// - "Whole Stadtbezirk" ticks or unticks all of a Bezirk's Ortsteile, and follows them (the server adds
//   a ticked Bezirk's Ortsteile on its own too);
// - the question form hides the groups of fields that the chosen kind of question does not use.
(function () {
  "use strict";
  var each = function (selector, root, fn) {
    Array.prototype.forEach.call((root || document).querySelectorAll(selector), fn);
  };

  each("fieldset[data-bezirk]", null, function (group) {
    var whole = group.querySelector("input[data-whole]");
    var members = Array.prototype.slice.call(group.querySelectorAll("input[type=checkbox]:not([data-whole])"));
    var follow = function () {
      var ticked = members.filter(function (box) { return box.checked; }).length;
      whole.checked = ticked === members.length;
      whole.indeterminate = ticked > 0 && ticked < members.length;
    };
    whole.addEventListener("change", function () {
      members.forEach(function (box) { box.checked = whole.checked; });
      whole.indeterminate = false;
    });
    members.forEach(function (box) { box.addEventListener("change", follow); });
    follow();
  });

  var kind = document.querySelector("select[data-kind-select]");
  if (kind) {
    var show = function () {
      each(".kind-group[data-kinds]", null, function (group) {
        group.hidden = group.getAttribute("data-kinds").split(" ").indexOf(kind.value) < 0;
      });
    };
    kind.addEventListener("change", show);
    show();
  }
}());
