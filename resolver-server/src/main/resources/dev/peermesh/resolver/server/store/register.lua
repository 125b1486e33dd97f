-- Registers a node, replacing its earlier registration in the mesh. Atomic, so limits hold across servers.
-- KEYS[1] the mesh's ids (sorted set: registration id scored by expiry, ms), KEYS[2] the meshes (sorted set:
-- mesh id scored by its latest expiry). ARGV: mesh id, node id, new registration id, value (JSON), lease (ms),
-- max registrations per mesh, max meshes, key prefix of the mesh ("peermesh:{mesh}:"), owner (hash of the client's
-- registration secret, '' for none), how long the owner is kept (ms: the lease and the owner retention). A live
-- registration of the node is replaced only by the owner it was made with, and a node id whose registration ended
-- is taken again only by its owner while the owner key lives.
-- Answers {'ok', expiry ms} or {'not-owner'} or {'mesh-full'} or {'too-many-meshes'}. Time is the Redis server's, one
-- for all servers.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local lease = tonumber(ARGV[5])
local expires = now + lease
local prefix = ARGV[8]
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local nodeKey = prefix .. 'node:' .. ARGV[2]
local ownerKey = prefix .. 'owner:' .. ARGV[2]
local previous = redis.call('GET', nodeKey)
local owner = redis.call('GET', ownerKey)
if owner and owner ~= ARGV[9] then
  return {'not-owner'}
end
if previous then
  if not owner then
    return {'not-owner'} -- made without a secret: replaced by nobody
  end
  redis.call('DEL', prefix .. 'reg:' .. previous)
  redis.call('ZREM', KEYS[1], previous)
else
  if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[6]) then
    return {'mesh-full'}
  end
  if not redis.call('ZSCORE', KEYS[2], ARGV[1]) and redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[7]) then
    return {'too-many-meshes'}
  end
end
redis.call('SET', prefix .. 'reg:' .. ARGV[3], ARGV[4], 'PX', lease)
redis.call('SET', nodeKey, ARGV[3], 'PX', lease)
if ARGV[9] ~= '' then
  redis.call('SET', ownerKey, ARGV[9], 'PX', tonumber(ARGV[10]))
end
redis.call('ZADD', KEYS[1], expires, ARGV[3])
redis.call('ZADD', KEYS[2], 'GT', expires, ARGV[1])
-- The sorted sets vanish by themselves a lease after the last write, like the registrations in them.
for _, key in ipairs(KEYS) do
  if redis.call('PTTL', key) < lease then redis.call('PEXPIRE', key, lease) end
end
return {'ok', string.format('%.0f', expires)}
