-- Removes a registration if it is there; drops the mesh from the meshes when it has no live registration left.
-- KEYS[1] the mesh's ids, KEYS[2] the meshes. ARGV: mesh id, registration id, key prefix of the mesh.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local prefix = ARGV[3]
local regKey = prefix .. 'reg:' .. ARGV[2]
local value = redis.call('GET', regKey)
if value then
  local nodeKey = prefix .. 'node:' .. cjson.decode(value)['nodeId']
  if redis.call('GET', nodeKey) == ARGV[2] then
    redis.call('DEL', nodeKey) -- the owner key stays for its retention: the node id is still its owner's
  end
  redis.call('DEL', regKey)
end
redis.call('ZREM', KEYS[1], ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[2], ARGV[1])
end
return 1
