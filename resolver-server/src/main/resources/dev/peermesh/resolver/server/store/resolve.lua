-- A random sample of at most ARGV[1] live registrations (their JSON values; the caller shuffles the order).
-- KEYS[1] the mesh's ids. ARGV: max, key prefix of the mesh.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local ids = redis.call('ZRANDMEMBER', KEYS[1], tonumber(ARGV[1]))
local values = {}
for _, id in ipairs(ids) do
  local value = redis.call('GET', ARGV[2] .. 'reg:' .. id)
  if value then
    values[#values + 1] = value
  else
    redis.call('ZREM', KEYS[1], id)
  end
end
return values
