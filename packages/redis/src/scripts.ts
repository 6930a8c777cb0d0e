/**
 * Lua scripts: each Store operation is one atomic round trip. Connection slots are a hash of
 * process id → count; a process that dies stops refreshing its liveness key and its slots stop
 * counting (they are pruned on the next acquire), so a crash never leaks capacity for long.
 */

/** KEYS[1] bucket; ARGV: cost, capacity, refillPerSec. Returns { ok 0|1, retryAfterMs }. */
export const CONSUME = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local cost, cap, rate = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1]) or cap
local at = tonumber(b[2]) or now
tokens = math.min(cap, tokens + (now - at) * rate / 1000)
local ok, retry = 1, 0
if tokens < cost then
  ok = 0
  retry = math.ceil((cost - tokens) / rate * 1000)
else
  tokens = tokens - cost
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((cap - tokens) / rate * 1000) + 1000)
return { ok, retry }
`

/** KEYS[1] window; ARGV: windowMs. Returns { count, pttl }. */
export const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return { n, ttl }
`

/** Sum the live processes' slots of KEYS[1], pruning dead ones; ARGV[1] liveness key prefix. */
const LIVE_TOTAL = `
local total = 0
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
  if redis.call('EXISTS', ARGV[1] .. fields[i]) == 1 then
    total = total + tonumber(fields[i + 1])
  else
    redis.call('HDEL', KEYS[1], fields[i])
  end
end
`

/** KEYS[1] slots; ARGV: liveness prefix, process id, limit (0: none). Returns 1 taken / 0 full. */
export const ACQUIRE = `${LIVE_TOTAL}
local limit = tonumber(ARGV[3])
if limit > 0 and total >= limit then return 0 end
redis.call('HINCRBY', KEYS[1], ARGV[2], 1)
return 1
`

/** KEYS[1] slots; ARGV: liveness prefix. Returns the live count. */
export const COUNT = `${LIVE_TOTAL}
return total
`

/** KEYS[1] slots; ARGV: process id. */
export const RELEASE = `
local n = redis.call('HINCRBY', KEYS[1], ARGV[1], -1)
if n <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
return n
`

/**
 * Rebuild this process's slots under a new process id. KEYS: slot keys…, new liveness key, old
 * liveness key; ARGV: new id, processTtlMs, 1 on the last chunk (drop the old id), counts….
 * The old id's fields stop counting with its liveness key and are pruned on the next acquire.
 */
export const SYNC = `
local n = #KEYS - 2
redis.call('SET', KEYS[n + 1], '1', 'PX', ARGV[2])
for i = 1, n do redis.call('HSET', KEYS[i], ARGV[1], ARGV[i + 3]) end
if ARGV[3] == '1' then redis.call('DEL', KEYS[n + 2]) end
return n
`

/** KEYS[1] liveness key; ARGV[1] processTtlMs. Returns 1 when the key was still there. */
export const REFRESH = `
local had = redis.call('EXISTS', KEYS[1])
redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
return had
`
