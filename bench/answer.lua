-- wrk script: young people answering on their phones, one fresh browser per answer.
--
--   wrk -t4 -c4 -d12s -s bench/answer.lua http://127.0.0.1:8111/q/CODE -- 11
--
-- Run it with exactly one connection per thread (-t N -c N): wrk then alternates request() and
-- response() strictly on that connection, so each thread can pair its requests:
--   1. GET /q/CODE without a cookie; take the session cookie from Set-Cookie and the csrf_token
--      hidden input from the HTML (the field names of the questions too, on the first page);
--   2. POST the form with that cookie and valid answers to every question; 302/303 to
--      /q/CODE/danke means the answer was accepted. Then the next phone starts again at 1.
-- The argument after "--" (seconds, here 11) ends the answering a little before wrk stops: after it a
-- thread only GETs, so no POST is in flight when wrk cuts its connections, and every answer the server
-- stored was also seen accepted here (stored = accepted is then an exact check: no answer lost).
-- Per-thread counters are summed in done(), which prints one line "RESULT {json}".

local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *tp);
typedef struct {
   const unsigned char *next_in; unsigned int avail_in; unsigned long total_in;
   unsigned char *next_out; unsigned int avail_out; unsigned long total_out;
   const char *msg; void *state; void *zalloc; void *zfree; void *opaque;
   int data_type; unsigned long adler; unsigned long reserved;
} bench_z_stream;
const char *zlibVersion(void);
int inflateInit2_(bench_z_stream *strm, int window_bits, const char *version, int stream_size);
int inflate(bench_z_stream *strm, int flush);
int inflateEnd(bench_z_stream *strm);
]]
local zlib = ffi.load("z")
local inflated = ffi.new("unsigned char[?]", 1024 * 1024)

-- The page comes gzipped when the app compresses it (a phone sends Accept-Encoding: gzip).
local function gunzip(data)
   local stream = ffi.new("bench_z_stream")
   if zlib.inflateInit2_(stream, 15 + 16, zlib.zlibVersion(), ffi.sizeof(stream)) ~= 0 then return nil end
   stream.next_in, stream.avail_in = data, #data
   stream.next_out, stream.avail_out = inflated, 1024 * 1024
   local status = zlib.inflate(stream, 4)  -- Z_FINISH
   local size = tonumber(stream.total_out)
   zlib.inflateEnd(stream)
   if status ~= 1 then return nil end  -- Z_STREAM_END
   return ffi.string(inflated, size)
end
local timespec = ffi.new("bench_timespec")
local function now()
   ffi.C.clock_gettime(1, timespec)  -- CLOCK_MONOTONIC
   return tonumber(timespec.tv_sec) + tonumber(timespec.tv_nsec) / 1e9
end

local threads = {}

function setup(thread)
   thread:set("id", #threads + 1)
   table.insert(threads, thread)
end

local path
local common = {
   ["Accept-Encoding"] = "gzip",
   ["Accept-Language"] = "de-DE,de;q=0.9",
   ["User-Agent"] = "Mozilla/5.0 (Linux; Android 14) mitreden-bench",
}

function init(args)
   path = wrk.path
   answer_seconds = tonumber(args[1]) or math.huge
   started = nil
   math.randomseed(1000 + id)
   -- counters read by done() through thread:get
   gets, posts, accepted = 0, 0, 0
   gzipped = 0         -- answer pages that came gzip-compressed
   get_failed = 0      -- GET not 200, or no cookie / token in it
   post_rejected = 0   -- POST answered with anything but a redirect to the thank-you page
   statuses = ""       -- the unexpected statuses, for the report
   -- state of this thread's single connection
   pending = nil       -- "get" or "post": what the last request was
   cookie, token = nil, nil
   fields = nil        -- parsed from the first form: list of {name=, kind=, values=}
end

local function urlencode(s)
   return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

-- Read the questions of the form once: every input, textarea and select with its possible values.
local function parse_form(body)
   local order, by_name = {}, {}
   local function add(name, kind, value)
      local f = by_name[name]
      if not f then
         f = {name = name, kind = kind, values = {}}
         by_name[name] = f
         table.insert(order, f)
      end
      if value then table.insert(f.values, value) end
      return f
   end
   for tag in body:gmatch("<input[^>]*>") do
      local kind = tag:match('type="(%w+)"')
      local name = tag:match('name="([^"]+)"')
      if name and name ~= "csrf_token" then
         if kind == "number" then
            add(name, "number").max = tonumber(tag:match('max="(%d+)"'))
         else
            add(name, kind, tag:match('value="([^"]*)"'))
         end
      end
   end
   for tag in body:gmatch("<textarea[^>]*>") do
      add(tag:match('name="([^"]+)"'), "textarea")
   end
   for name, options in body:gmatch('<select[^>]-name="([^"]+)"[^>]*>(.-)</select>') do
      local f = add(name, "select")
      for value in options:gmatch('<option value="([^"]+)"') do table.insert(f.values, value) end
   end
   return order
end

local texts = {"Mehr Sport wäre cool", "Länger offen bitte!", "Ein Kicker fehlt", "Mehr Ausflüge im Sommer"}

-- One young person's answers: something valid for every question (required or not).
local function answers()
   local parts = {"csrf_token=" .. urlencode(token)}
   local dots_given = {}
   for _, f in ipairs(fields) do
      local n = #f.values
      if f.kind == "radio" or f.kind == "select" then
         table.insert(parts, f.name .. "=" .. urlencode(f.values[math.random(n)]))
      elseif f.kind == "checkbox" then
         local first = math.random(n)
         table.insert(parts, f.name .. "=" .. urlencode(f.values[first]))
         if n > 1 and math.random(2) == 1 then
            table.insert(parts, f.name .. "=" .. urlencode(f.values[first % n + 1]))
         end
      elseif f.kind == "number" then
         -- dot voting q5-o9: give one point to the first option of each question, 0 elsewhere
         local question = f.name:match("^(q%d+)%-o%d+$") or f.name
         local value = "0"
         if not dots_given[question] and (f.max or 0) >= 1 then
            value, dots_given[question] = "1", true
         end
         table.insert(parts, f.name .. "=" .. value)
      elseif f.kind == "textarea" then
         table.insert(parts, f.name .. "=" .. urlencode(texts[math.random(#texts)]))
      end
   end
   return table.concat(parts, "&")
end

function request()
   local t = now()
   started = started or t
   if t - started >= answer_seconds then
      cookie, token = nil, nil  -- answering is over: only GETs until wrk stops
   end
   if cookie and token then
      pending = "post"
      local headers = {
         ["Cookie"] = cookie,
         ["Content-Type"] = "application/x-www-form-urlencoded",
         ["Origin"] = "http://" .. wrk.host .. ":" .. wrk.port,
         ["Referer"] = "http://" .. wrk.host .. ":" .. wrk.port .. path,
      }
      for k, v in pairs(common) do headers[k] = v end
      local body = answers()
      cookie, token = nil, nil  -- one answer per phone: the next request starts a new one
      posts = posts + 1
      return wrk.format("POST", path, headers, body)
   end
   pending = "get"
   gets = gets + 1
   return wrk.format("GET", path, common)
end

local function unexpected(status)
   if #statuses < 200 then statuses = statuses .. pending .. ":" .. status .. " " end
end

function response(status, headers, body)
   if pending == "get" then
      local encoding = headers["Content-Encoding"] or headers["content-encoding"]
      if encoding == "gzip" then
         gzipped = gzipped + 1
         body = gunzip(body) or ""
      end
      local set_cookie = headers["Set-Cookie"] or headers["set-cookie"]
      local session = set_cookie and set_cookie:match("(session=[^;]+)")
      local csrf = body:match('name="csrf_token" value="([^"]+)"')
      if status == 200 and session and csrf then
         if not fields then fields = parse_form(body) end
         cookie, token = session, csrf
      else
         get_failed = get_failed + 1
         unexpected(status)
      end
   elseif pending == "post" then
      local location = headers["Location"] or headers["location"] or ""
      if (status == 302 or status == 303) and location:find("/danke", 1, true) then
         accepted = accepted + 1
      else
         post_rejected = post_rejected + 1
         unexpected(status)
      end
   end
   pending = nil
end

function done(summary, latency, requests)
   local t = {gets = 0, posts = 0, accepted = 0, get_failed = 0, post_rejected = 0, gzipped = 0}
   local seen = ""
   for _, thread in ipairs(threads) do
      for k in pairs(t) do t[k] = t[k] + (thread:get(k) or 0) end
      seen = seen .. (thread:get("statuses") or "")
   end
   local e = summary.errors
   local seconds = summary.duration / 1e6
   local answering = math.min(seconds, threads[1]:get("answer_seconds"))
   io.write(string.format(
      'RESULT {"requests": %d, "seconds": %.3f, "rps": %.1f, "p50_ms": %.2f, "p99_ms": %.2f, ' ..
      '"max_ms": %.2f, "socket_errors": %d, "timeouts": %d, "status_errors": %d, "gets": %d, "posts": %d, ' ..
      '"accepted": %d, "answer_seconds": %.3f, "answers_per_s": %.1f, "get_failed": %d, "post_rejected": %d, ' ..
      '"posts_unanswered": %d, "gzipped_pages": %d, "unexpected": "%s"}\n',
      summary.requests, seconds, summary.requests / seconds,
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
      e.connect + e.read + e.write, e.timeout, e.status, t.gets, t.posts, t.accepted, answering,
      t.accepted / answering, t.get_failed, t.post_rejected, t.posts - t.accepted - t.post_rejected, t.gzipped, seen))
end
