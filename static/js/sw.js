// Answering without a connection (README). Served as /sw.js and registered by read-aloud.js with the
// scope of the page (/q/ or /k/). It touches only the answer form itself, GET and POST of /q/<code>
// and /k/<token>: never /team, nothing else. Online it changes nothing but keeps a copy of the empty
// form (not of a no-store page, except the kiosk's form, which is rendered empty). Offline it shows
// that copy with a fresh form id, and keeps a sent form in IndexedDB and answers with the copy and
// the page's "saved on this device" text. The queue is sent oldest first when the connection
// returns; the form id stores each answer once. A sent or refused answer is deleted at once.
"use strict";
var CACHE = "mitreden-form-1";
var FORM_PAGE = /^\/[qk]\/[^/]+$/;
var HEADER = "Mitreden-Queued"; // link.views: a queued answer is one of several from this device
var flushing = null;

function pathOf(request) {
  var url = new URL(request.url);
  var scope = new URL(self.registration.scope).pathname;
  return url.origin === location.origin && FORM_PAGE.test(url.pathname) &&
    url.pathname.indexOf(scope) === 0 ? url.pathname : null;
}

function store(name, mode, work) {
  return new Promise(function (resolve, reject) {
    var open = indexedDB.open("mitreden-offline", 1);
    open.onupgradeneeded = function () {
      open.result.createObjectStore("queue", { keyPath: "id", autoIncrement: true });
      open.result.createObjectStore("refused", { autoIncrement: true });
    };
    open.onerror = function () { reject(open.error); };
    open.onsuccess = function () {
      var db = open.result, tx = db.transaction(name, mode), request = work(tx.objectStore(name));
      tx.oncomplete = function () { db.close(); resolve(request && request.result); };
      tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
    };
  });
}

// The same format as answers.services.new_form_id: 16 random bytes, URL-safe base64, 22 characters.
function newFormId() {
  var bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode.apply(null, bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function headersOf(response) {
  var headers = new Headers(response.headers);
  ["Content-Encoding", "Content-Length", "ETag", "Set-Cookie"].forEach(function (h) { headers.delete(h); });
  return headers;
}

function assetsOf(html) {
  var found = {}, re = /(?:src|href)="(\/static\/[^"]+)"/g, match;
  while ((match = re.exec(html))) found[match[1]] = true;
  return Object.keys(found);
}

// Keep the empty form of this path and the static files it loads: the files first, so that a kept
// form is always one that shows with its styles and its script (a connection lost in between keeps
// the older copy, or none). Hashed names, so a new version is a new name; files no kept form loads
// are deleted. A page without the form (results, ended, answered) removes the copy. One keep at a
// time: another one's clean-up must not delete the files of a form not yet put.
var keeping = Promise.resolve();
function keep(path, response) {
  var noStore = /no-store/i.test(response.headers.get("Cache-Control") || "");
  if (response.status !== 200 || response.type !== "basic" || (noStore && path.indexOf("/k/") !== 0)) {
    return Promise.resolve();
  }
  var done = keeping.then(function () { return Promise.all([response.text(), caches.open(CACHE)]); })
    .then(function (both) {
      var html = both[0], cache = both[1];
      var kept = html.indexOf('<p id="offline-state"') < 0 ? cache.delete(path)
        : cache.keys().then(function (requests) {
          var have = requests.map(function (r) { return new URL(r.url).pathname; });
          return cache.addAll(assetsOf(html).filter(function (p) { return have.indexOf(p) < 0; }));
        }).then(function () { return cache.put(path, new Response(html, { headers: headersOf(response) })); });
      return kept.then(function () { return prune(cache); });
    });
  keeping = done.catch(function () {});
  return done;
}

// Delete the kept files that no kept form loads.
function prune(cache) {
  return cache.keys().then(function (requests) {
    var pages = requests.filter(function (r) { return FORM_PAGE.test(new URL(r.url).pathname); });
    return Promise.all(pages.map(function (r) { return cache.match(r).then(function (c) { return c.text(); }); }))
      .then(function (htmls) {
        var wanted = assetsOf(htmls.join(""));
        return Promise.all(requests.filter(function (r) {
          var p = new URL(r.url).pathname;
          return !FORM_PAGE.test(p) && wanted.indexOf(p) < 0;
        }).map(function (r) { return cache.delete(r); }));
      });
  });
}

function copyOf(path, saved) {
  return caches.open(CACHE).then(function (cache) { return cache.match(path); }).then(function (copy) {
    if (!copy) return null;
    return copy.text().then(function (html) {
      html = html.replace(/(name="form_id" value=")[^"]*/, "$1" + newFormId());
      if (saved) {
        html = html.replace(/<p id="offline-state"([^>]*) hidden([^>]*)><\/p>/, function (all, before, after) {
          return '<p id="offline-state" data-saved-here' + before + after + ">" +
            /data-saved="([^"]*)"/.exec(all)[1] + "</p>";
        });
      }
      return new Response(html, { headers: headersOf(copy) });
    });
  });
}

function page(request, path) {
  return fetch(request).then(function (response) {
    keep(path, response.clone()).catch(function () {});
    return response;
  }, function (error) {
    return copyOf(path, false).then(function (copy) { if (!copy) throw error; return copy; });
  });
}

function save(request, path) {
  var body = request.clone().text();
  return fetch(request).catch(function (error) {
    return body.then(function (text) {
      return store("queue", "readwrite", function (queue) { return queue.add({ path: path, body: text }); });
    }).then(function () {
      if (self.registration.sync) self.registration.sync.register("answers").catch(function () {});
      return copyOf(path, true);
    }).then(function (copy) { if (!copy) throw error; return copy; });
  });
}

function refuse(entry) {
  return store("queue", "readwrite", function (queue) { return queue.delete(entry.id); }).then(function () {
    return store("refused", "readwrite", function (refused) { return refused.add(1); });
  }).then(function () { return true; });
}

// After a lost session (a closed browser) the CSRF token no longer fits: the 400 page is the form
// again with a token of the new session, so one more try with it.
function withToken(entry, html) {
  var token = /name="csrf_token" value="([^"]+)"/.exec(html), body = new URLSearchParams(entry.body);
  if (!token) return null;
  body.set("csrf_token", token[1]);
  return { id: entry.id, path: entry.path, body: body.toString() };
}

// true: go on with the next one; false: stop and try again later (offline, 429, 5xx).
function send(entry, again) {
  var headers = { "Content-Type": "application/x-www-form-urlencoded" };
  headers[HEADER] = "1";
  return fetch(entry.path, {
    method: "POST", body: entry.body, credentials: "same-origin", redirect: "manual", headers: headers
  }).then(function (response) {
    var status = response.type === "opaqueredirect" ? 303 : response.status;
    // Thanked (stored now, or stored before: the form id): a redirect, or a thank-you page itself.
    var page = status === 200 || status === 400 ? response.text() : Promise.resolve("");
    return page.then(function (html) {
      if ((status >= 300 && status < 400) || (status === 200 && html.indexOf("data-answer-stored") >= 0)) {
        return store("queue", "readwrite", function (queue) { return queue.delete(entry.id); })
          .then(function () { return true; });
      }
      if (status === 429 || status >= 500) return false;
      var fresh = status === 400 && !again && withToken(entry, html);
      return fresh ? send(fresh, true) : refuse(entry); // another page (ended), 4xx: never stored
    });
  }, function () { return false; });
}

function flush() {
  if (!flushing) {
    flushing = store("queue", "readonly", function (queue) { return queue.getAll(); }).then(function (entries) {
      var scope = new URL(self.registration.scope).pathname;
      return entries.filter(function (e) { return e.path.indexOf(scope) === 0; }).reduce(function (go, entry) {
        return go.then(function (on) { return on && send(entry); });
      }, Promise.resolve(true));
    }).catch(function () {}).then(function () { flushing = null; });
  }
  return flushing;
}

function status(seen) {
  return Promise.all([
    store("queue", "readonly", function (queue) { return queue.count(); }),
    store("refused", seen ? "readwrite" : "readonly", function (r) { return seen ? r.clear() : r.count(); })
  ]).then(function (counts) { return { waiting: counts[0], refused: seen ? 0 : counts[1] }; });
}

self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n !== CACHE && n.indexOf("mitreden-") === 0; })
      .map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }).then(flush));
});

self.addEventListener("fetch", function (event) {
  var path = pathOf(event.request), url = new URL(event.request.url);
  if (!path && event.request.method === "GET" && url.origin === location.origin &&
      url.pathname.indexOf("/static/") === 0) { // a file the form loads: from the copy, if kept
    event.respondWith(caches.match(url.pathname).then(function (kept) { return kept || fetch(event.request); }));
    return;
  }
  if (!path) return; // not ours: the browser fetches it as if there were no worker
  if (event.request.method === "GET") event.respondWith(page(event.request, path));
  else if (event.request.method === "POST") event.respondWith(save(event.request, path));
  else return;
  event.waitUntil(flush());
});

self.addEventListener("sync", function (event) { event.waitUntil(flush()); });

// From the page script: {type: "page", path} once loaded (keep a copy if there is none yet),
// {type: "flush"} when online and every few seconds, {type: "seen"} after showing "refused".
self.addEventListener("message", function (event) {
  var data = event.data || {}, port = event.ports[0];
  var path = data.path && FORM_PAGE.test(data.path) ? data.path : null;
  var first = data.type === "page" && path ? caches.open(CACHE).then(function (cache) {
    return cache.match(path).then(function (copy) {
      return copy || fetch(path, { credentials: "same-origin" }).then(function (r) { return keep(path, r); });
    });
  }).catch(function () {}) : Promise.resolve();
  event.waitUntil(first.then(flush).then(function () { return status(data.type === "seen"); })
    .then(function (state) { if (port) port.postMessage(state); }));
});
