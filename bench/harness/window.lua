-- wrk script for bench/run: counts the responses that arrive within a window of the run, so that the
-- ramp-up at its start (every connection waiting for its first response at once) is left out of req/s.
--   wrk ... -s window.lua URL -- <ramp seconds> <window seconds>
-- done() prints "window <responses> <responses with status >= 400>".
local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock, bench_timespec *ts);
]])
local CLOCK_MONOTONIC = 1
local timespec = ffi.new("bench_timespec")

local function now()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, timespec)
  return tonumber(timespec.tv_sec) + tonumber(timespec.tv_nsec) * 1e-9
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  window_start = now() + tonumber(args[1])
  window_end = window_start + tonumber(args[2])
  counted = 0
  failed = 0
end

function response(status, headers, body)
  local t = now()
  if t >= window_start and t < window_end then
    counted = counted + 1
    if status >= 400 then
      failed = failed + 1
    end
  end
end

function done(summary, latency, requests)
  local total, total_failed = 0, 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("counted")
    total_failed = total_failed + thread:get("failed")
  end
  io.write(string.format("window %d %d\n", total, total_failed))
end
