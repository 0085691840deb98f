// "Read aloud": speaks a question (or a result) with the browser's own speech synthesis, each part
// in its own language (lang attributes). A button is shown only where the browser has a voice for its
// text's language (many phones have none for Arabic or Dari, headless browsers none at all): a button
// that says nothing, or reads Arabic with a German voice, is worse than none. Without speech support or
// without JavaScript the buttons stay hidden (CSS).
(function () {
  "use strict";
  if (!("speechSynthesis" in window) || !window.SpeechSynthesisUtterance) return;
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
      } else if (node.nodeType === 1 && !SKIP[node.tagName] && node.getAttribute("aria-hidden") !== "true" &&
                 !node.hasAttribute("data-no-read")) {  // "no answer" is a way out, not a choice to hear
        for (var i = 0; i < node.childNodes.length; i++) walk(node.childNodes[i]);
      }
    })(root);
    return out;
  }

  function primary(tag) {
    return (tag || "").toLowerCase().split(/[-_]/)[0];
  }

  // Show each button whose text starts in a language the browser has a voice for.
  function showSpeakable() {
    var voices = typeof speechSynthesis.getVoices === "function" ? speechSynthesis.getVoices() || [] : [];
    var have = {};
    for (var i = 0; i < voices.length; i++) have[primary(voices[i].lang)] = true;
    document.querySelectorAll("button.read[data-read]").forEach(function (button) {
      var target = document.getElementById(button.getAttribute("data-read"));
      var first = target && parts(target)[0];
      button.classList.toggle("can-speak", !!(first && have[primary(first.lang)]));
    });
  }

  function start() {
    showSpeakable();
    // Chromium loads its voices later and says so with voiceschanged.
    if (typeof speechSynthesis.addEventListener === "function") {
      speechSynthesis.addEventListener("voiceschanged", showSpeakable);
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();

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
