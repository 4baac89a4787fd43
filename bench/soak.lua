-- soak.lua — wrk mix for bench/soak.sh (reads PCCC_TOKEN and BOX from the environment).
-- Each request is drawn at random: plans, geocoding, incident lists and
-- creation (a write), units, base-map hydrants in a 400 m box, who am I, health.
local token = os.getenv("PCCC_TOKEN")
local box = {}
for v in string.gmatch(os.getenv("BOX") or "105.8 21.0 105.9 21.1", "%S+") do box[#box + 1] = tonumber(v) end
local w, s, e, n = box[1], box[2], box[3], box[4]
local auth = { ["Authorization"] = "Bearer " .. token }
local json = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
local counter = 0

function setup(thread) thread:set("id", counter); counter = counter + 1 end
function init(args) math.randomseed(os.time() + id * 7919) end

local function pos()
  return w + math.random() * (e - w), s + math.random() * (n - s)
end

function request()
  local r = math.random(100)
  local lon, lat = pos()
  if r <= 35 then
    return wrk.format("GET", string.format("/api/v1/plan?lat=%.6f&lon=%.6f", lat, lon), auth)
  elseif r <= 45 then
    return wrk.format("GET", string.format("/api/v1/geocode?lat=%.6f&lon=%.6f&limit=5", lat, lon), auth)
  elseif r <= 60 then
    return wrk.format("GET", "/api/v1/incidents?limit=20", auth)
  elseif r <= 70 then
    return wrk.format("POST", "/api/v1/incidents", json,
      string.format('{"kind":"fire","lat":%.6f,"lon":%.6f,"note":"soak"}', lat, lon))
  elseif r <= 80 then
    return wrk.format("GET", "/api/v1/units?limit=50", auth)
  elseif r <= 90 then
    return wrk.format("GET", string.format("/api/v1/map/hydrants?bbox=%.6f,%.6f,%.6f,%.6f",
      lon, lat, lon + 0.004, lat + 0.004), auth)
  elseif r <= 95 then
    return wrk.format("GET", "/api/v1/session", auth)
  end
  return wrk.format("GET", "/healthz")
end

function done(summary, latency, requests)
  io.write(string.format("requests %d in %.1f s: %.0f req/s; p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("errors: connect %d, read %d, write %d, timeout %d, HTTP status >= 400: %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout, summary.errors.status))
end
