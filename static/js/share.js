// The thank-you page's "Share or copy the link": the phone's share sheet where there is one, else the
// clipboard. Only a help: the link is on the page as text and as a link to bookmark.
(function () {
  "use strict";
  var button = document.getElementById("share-link");
  var link = button && document.getElementById(button.getAttribute("data-share"));
  if (!link || !(navigator.share || (navigator.clipboard && navigator.clipboard.writeText))) return;
  var status = document.getElementById("share-status");
  button.hidden = false;
  button.addEventListener("click", function () {
    if (navigator.share) {
      navigator.share({ title: button.getAttribute("data-title"), url: link.href }).catch(function () {});
      return;
    }
    navigator.clipboard.writeText(link.href).then(function () {
      status.textContent = button.getAttribute("data-copied");
    }, function () {});
  });
})();
