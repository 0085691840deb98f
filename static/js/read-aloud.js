// Answering without a connection: on the answer form of /q/ and /k/, register the service worker
// (/sw.js, README) after the page has loaded, so the first visit makes no extra request before it,
// and show how many answers wait on this device. The texts come from the page (#offline-state).
(function () {
  "use strict";
  var scope = (location.pathname.match(/^\/[qk]\//) || [])[0];
  if (!scope || !("serviceWorker" in navigator)) return;
  window.addEventListener("load", function () {
    var state = document.getElementById("offline-state");
    if (!state) return;
    var forms = JSON.parse(state.getAttribute("data-waiting"));
    var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang) : null;
    var saved = state.hasAttribute("data-saved-here") ? state.textContent + " " : "";
    var waited = !!saved, refused = false;
    function show(now) {
      var text = "";
      if (now.waiting) {
        text = saved + (forms[plural ? plural.select(now.waiting) : "other"] || forms.other)
          .replace("%(num)d", now.waiting);
        waited = true;
      } else if (waited) {
        text = state.getAttribute("data-sent");
      }
      if (now.refused) ask("seen"); // shown once: the worker forgets them
      refused = refused || !!now.refused;
      if (refused) text += " " + state.getAttribute("data-refused");
      if (text && text !== state.textContent) state.textContent = text;
      state.hidden = !text;
    }
    function ask(type) {
      navigator.serviceWorker.ready.then(function (registration) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (event) { show(event.data); };
        registration.active.postMessage({ type: type, path: location.pathname }, [channel.port2]);
      });
    }
    // Offline the update check fails and register() rejects, but the installed worker still runs.
    navigator.serviceWorker.register("/sw.js", { scope: scope }).catch(function () {});
    ask("page");
    window.addEventListener("online", function () { // the worker may come online a moment later
      [0, 1000, 3000].forEach(function (ms) { setTimeout(ask, ms, "flush"); });
    });
    setInterval(function () { ask("flush"); }, 10000);
  });
  // A page from the browser's back-forward cache must not send its old form id for a new answer.
  window.addEventListener("pageshow", function (event) {
    var id = document.querySelector('input[name="form_id"]');
    if (!event.persisted || !id || navigator.onLine) return;
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    id.value = btoa(String.fromCharCode.apply(null, bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  });
})();

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
