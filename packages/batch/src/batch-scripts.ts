// The Lua scripts of a batch's lifecycle: each change of state is one atomic step in Redis.

// Writes a new batch's meta (and its lease when ARGV[3], the upload id, is set); shared by claim and replace.
const CREATE = `
redis.call('HSET', KEYS[1], 'state', 'receiving', 'source', ARGV[6], 'chunkSize', ARGV[7], 'createdAt', ARGV[8])
if ARGV[2] ~= '' then redis.call('HSET', KEYS[1], 'owner', ARGV[2]) end
redis.call('EXPIRE', KEYS[1], ARGV[5])
if ARGV[3] ~= '' then
  redis.call('HSET', KEYS[1], 'upload', ARGV[3])
  redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[4])
  redis.call('SADD', KEYS[3], ARGV[1])
end
return 1
`;

/**
 * Claims a batch id. KEYS: meta, lease, receiving set. ARGV: batchId, owner hash ('' for none), upload id
 * ('' for no lease), lease ms, ttl s, source, chunk size, createdAt. Returns 1 when created, else
 * `[state, owner, chunksQueued, leaseExists]` of the batch that holds the id.
 */
export const CLAIM_BATCH = `
local state = redis.call('HGET', KEYS[1], 'state')
if state then
  return {state, redis.call('HGET', KEYS[1], 'owner') or '', redis.call('HGET', KEYS[1], 'chunksQueued') or '0', redis.call('EXISTS', KEYS[2])}
end
${CREATE}`;

/**
 * Replaces a failed batch by a new one of the same owner. KEYS: meta, lease, receiving set, input, results,
 * failures. ARGV: as {@link CLAIM_BATCH}. Returns 1 when replaced, 0 when the batch is no longer failed or
 * changed owner in between.
 */
export const REPLACE_FAILED_BATCH = `
if redis.call('HGET', KEYS[1], 'state') ~= 'failed' or (redis.call('HGET', KEYS[1], 'owner') or '') ~= ARGV[2] then return 0 end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[4], KEYS[5], KEYS[6])
${CREATE}`;

/**
 * Keeps an upload's lease. KEYS: meta, lease. ARGV: upload id, lease ms. Returns 1, or 0 when the batch is no
 * longer receiving for this upload (it was failed, cancelled, replaced or expired): the uploader stops.
 */
export const RENEW_LEASE = `
if redis.call('HGET', KEYS[1], 'state') ~= 'receiving' or redis.call('HGET', KEYS[1], 'upload') ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
return 1
`;

/**
 * Ends receiving: totals known, lease released. KEYS: meta, lease, receiving set. ARGV: batchId, upload id
 * ('' for none), total rows, chunk count. Returns 1, or 0 when the batch was no longer receiving for this upload.
 */
export const FINISH_RECEIVING = `
local upload = redis.call('HGET', KEYS[1], 'upload') or ''
if redis.call('HGET', KEYS[1], 'state') ~= 'receiving' or upload ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], 'state', 'queued', 'totalRows', ARGV[3], 'chunkCount', ARGV[4])
redis.call('DEL', KEYS[2])
redis.call('SREM', KEYS[3], ARGV[1])
return 1
`;

/**
 * Fails a batch that is receiving: records the reason and how many chunk jobs may exist (for a later
 * replacement to remove), deletes its pending input rows (workers skip its chunks) and its lease.
 * KEYS: meta, input, results, lease, receiving set. ARGV: batchId, reason, 'abandoned' (only when the lease
 * is gone) or 'now'. Returns 1 when failed here, else 0.
 */
export const FAIL_RECEIVING = `
local state = redis.call('HGET', KEYS[1], 'state')
if ARGV[3] == 'abandoned' and state == 'receiving' and redis.call('EXISTS', KEYS[4]) == 1 then return 0 end
if state ~= 'receiving' then
  redis.call('SREM', KEYS[5], ARGV[1])
  return 0
end
local top = -1
for _, key in ipairs({KEYS[2], KEYS[3]}) do
  for _, field in ipairs(redis.call('HKEYS', key)) do
    local n = tonumber(field)
    if n and n > top then top = n end
  end
end
redis.call('HSET', KEYS[1], 'state', 'failed', 'error', ARGV[2], 'chunksQueued', top + 1)
redis.call('DEL', KEYS[2], KEYS[4])
redis.call('SREM', KEYS[5], ARGV[1])
return 1
`;
