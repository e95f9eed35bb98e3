// The Lua scripts that change a class in Redis: each is one atomic step, so concurrent posts never lose an update.

/**
 * Join. KEYS: names, learners, learner hash, tokens, class. ARGV: name key, id, name, now, token hash, ttl, max.
 * Returns the learner hash as HGETALL does, or 'full' / 'taken'.
 */
export const JOIN_SCRIPT = `
if redis.call('SCARD', KEYS[2]) >= tonumber(ARGV[7]) then return 'full' end
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 'taken' end
redis.call('SADD', KEYS[2], ARGV[2])
redis.call('HSET', KEYS[3], 'name', ARGV[3], 'nameKey', ARGV[1], 'joinedAt', ARGV[4], 'tok', ARGV[5], 'version', 1)
redis.call('HSET', KEYS[4], ARGV[5], ARGV[2])
for i = 1, #KEYS do redis.call('EXPIRE', KEYS[i], ARGV[6]) end
return redis.call('HGETALL', KEYS[3])
`;

/**
 * Report. KEYS: learner hash, then keys whose time to live is refreshed. ARGV: lab, step key, now, record JSON, ttl.
 * The learner keeps the time they reached the step ("stepSince") while the step key stays the same.
 * Returns the learner hash as HGETALL does, or false when the learner was removed meanwhile.
 */
export const REPORT_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
local lab = ARGV[1]
local since = redis.call('HGET', KEYS[1], 'since:' .. lab)
if redis.call('HGET', KEYS[1], 'step:' .. lab) ~= ARGV[2] or not since then since = ARGV[3] end
redis.call('HSET', KEYS[1], 'rec:' .. lab, ARGV[4], 'step:' .. lab, ARGV[2], 'since:' .. lab, since, 'seen', ARGV[3], 'current', lab)
redis.call('HINCRBY', KEYS[1], 'version', 1)
for i = 1, #KEYS do redis.call('EXPIRE', KEYS[i], ARGV[5]) end
return redis.call('HGETALL', KEYS[1])
`;

/** Remove. KEYS: learner hash, names, learners, tokens. ARGV: id. Returns 1 when the learner existed. */
export const REMOVE_SCRIPT = `
local fields = redis.call('HMGET', KEYS[1], 'nameKey', 'tok')
redis.call('SREM', KEYS[3], ARGV[1])
if not fields[1] then return 0 end
if redis.call('HGET', KEYS[2], fields[1]) == ARGV[1] then redis.call('HDEL', KEYS[2], fields[1]) end
if fields[2] then redis.call('HDEL', KEYS[4], fields[2]) end
redis.call('DEL', KEYS[1])
return 1
`;
