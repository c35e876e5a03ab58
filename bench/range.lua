-- bench/range.lua: wrk script for the sanboot pattern: Range GETs of a
-- fixed size at random offsets of one file, on keep-alive connections.
-- Set by the environment: BENCH_PATH, BENCH_SIZE (file bytes), BENCH_CHUNK.
local path = os.getenv("BENCH_PATH")
local size = tonumber(os.getenv("BENCH_SIZE"))
local chunk = tonumber(os.getenv("BENCH_CHUNK") or "2048")
local blocks = math.floor(size / chunk)

function setup(thread)
	thread:set("seed", math.random(1, 1000000))
end

function init(args)
	math.randomseed(seed)
end

function request()
	local off = math.random(0, blocks - 1) * chunk
	return wrk.format("GET", path, {
		["Range"] = string.format("bytes=%d-%d", off, off + chunk - 1)
	})
end

function done(summary, latency, requests)
	io.write(string.format("RESULT %.0f %d %d\n",
		summary.requests / (summary.duration / 1e6),
		summary.errors.status + summary.errors.connect +
		summary.errors.read + summary.errors.write + summary.errors.timeout,
		latency:percentile(99)))
end
