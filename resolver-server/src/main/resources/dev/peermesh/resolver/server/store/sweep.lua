-- Removes expired registration ids and meshes left without one; answers {meshes, registrations} still live.
-- Bounded by max-meshes. KEYS[1] the meshes. ARGV: key prefix ("peermesh:").
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local meshes = redis.call('ZRANGE', KEYS[1], 0, -1)
local live = 0
local registrations = 0
for _, mesh in ipairs(meshes) do
  local ids = ARGV[1] .. '{' .. mesh .. '}:ids'
  redis.call('ZREMRANGEBYSCORE', ids, '-inf', now)
  local count = redis.call('ZCARD', ids)
  if count == 0 then
    redis.call('ZREM', KEYS[1], mesh)
  else
    live = live + 1
    registrations = registrations + count
  end
end
return {live, registrations}
