-- wrk script: GET the URL given on the command line, like a phone (gzip accepted, no cookie).
-- At the end it prints one line "RESULT {json}" that bench/answer_path.sh reads.
--   wrk -t2 -c16 -d12s -s bench/get.lua http://127.0.0.1:8111/q/CODE

wrk.method = "GET"
wrk.headers["Accept-Encoding"] = "gzip"
wrk.headers["Accept-Language"] = "de-DE,de;q=0.9"
wrk.headers["User-Agent"] = "Mozilla/5.0 (Linux; Android 14) mitreden-bench"

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   wrong = 0  -- responses that are not 200 (wrk itself counts only status > 399)
   gzipped = 0  -- responses that came gzip-compressed
end

function response(status, headers, body)
   if status ~= 200 then
      wrong = wrong + 1
   end
   if (headers["Content-Encoding"] or headers["content-encoding"]) == "gzip" then
      gzipped = gzipped + 1
   end
end

function done(summary, latency, requests)
   local wrong_total, gzipped_total = 0, 0
   for _, thread in ipairs(threads) do
      wrong_total = wrong_total + (thread:get("wrong") or 0)
      gzipped_total = gzipped_total + (thread:get("gzipped") or 0)
   end
   local e = summary.errors
   local seconds = summary.duration / 1e6
   io.write(string.format(
      'RESULT {"requests": %d, "seconds": %.3f, "rps": %.1f, "p50_ms": %.2f, "p99_ms": %.2f, ' ..
      '"max_ms": %.2f, "socket_errors": %d, "timeouts": %d, "status_errors": %d, "not_200": %d, ' ..
      '"bytes": %d, "gzipped": %d}\n',
      summary.requests, seconds, summary.requests / seconds,
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
      e.connect + e.read + e.write, e.timeout, e.status, wrong_total, summary.bytes, gzipped_total))
end
