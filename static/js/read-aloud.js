// "Read aloud": speaks a question (or a result) with the browser's own speech synthesis, each part
// in its own language (lang attributes). Loaded in <head> so that the buttons are shown from the first
// paint (no layout shift); without speech support or without JavaScript they stay hidden by CSS.
(function () {
  "use strict";
  if (!("speechSynthesis" in window) || !window.SpeechSynthesisUtterance) return;
  document.documentElement.classList.add("can-speak");
  var SKIP = { BUTTON: 1, TEXTAREA: 1, SELECT: 1, SCRIPT: 1, INPUT: 1 };

  function parts(root) {
    var out = [];
    (function walk(node) {
      if (node.nodeType === 3) {
        var text = node.nodeValue.trim();
        if (!text) return;
        var lang = node.parentNode.closest("[lang]").lang;
        var last = out[out.length - 1];
        if (last && last.lang === lang) last.text += " " + text;
        else out.push({ lang: lang, text: text });
      } else if (node.nodeType === 1 && !SKIP[node.tagName] && node.getAttribute("aria-hidden") !== "true") {
        for (var i = 0; i < node.childNodes.length; i++) walk(node.childNodes[i]);
      }
    })(root);
    return out;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-read]");
    var target = button && document.getElementById(button.getAttribute("data-read"));
    if (!target) return;
    speechSynthesis.cancel();
    parts(target).forEach(function (part) {
      var utterance = new SpeechSynthesisUtterance(part.text);
      utterance.lang = part.lang;
      speechSynthesis.speak(utterance);
    });
  });
})();
