-- Starts the lease of a live registration again and replaces its value.
-- KEYS[1] the mesh's ids, KEYS[2] the meshes. ARGV: mesh id, registration id, node id, value (JSON), lease (ms),
-- key prefix of the mesh, how long the owner is kept (ms). Answers {'ok', expiry ms} or {'unknown'} or
-- {'other-node'}.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local lease = tonumber(ARGV[5])
local expires = now + lease
local prefix = ARGV[6]
local regKey = prefix .. 'reg:' .. ARGV[2]
local score = redis.call('ZSCORE', KEYS[1], ARGV[2])
if (not score) or tonumber(score) <= now or redis.call('EXISTS', regKey) == 0 then
  return {'unknown'}
end
-- Every live registration has its node's key pointing at it: another answer means another node's registration.
local nodeKey = prefix .. 'node:' .. ARGV[3]
if redis.call('GET', nodeKey) ~= ARGV[2] then
  return {'other-node'}
end
redis.call('SET', regKey, ARGV[4], 'PX', lease)
redis.call('PEXPIRE', nodeKey, lease)
redis.call('PEXPIRE', prefix .. 'owner:' .. ARGV[3], tonumber(ARGV[7]))
redis.call('ZADD', KEYS[1], expires, ARGV[2])
redis.call('ZADD', KEYS[2], 'GT', expires, ARGV[1])
for _, key in ipairs(KEYS) do
  if redis.call('PTTL', key) < lease then redis.call('PEXPIRE', key, lease) end
end
return {'ok', string.format('%.0f', expires)}
