<?php
/**
 * object-cache.php of the wordpress-ecs image: WordPress's object cache API on
 * Redis (Debian's php-redis), shared by every replica.
 *
 * Loaded by the stub wp-content/object-cache.php only when WPECS_REDIS_HOST is
 * set; without it WordPress keeps its own per-request cache. Settings
 * (README, container table):
 *   WPECS_REDIS_HOST       host name or address
 *   WPECS_REDIS_PORT       default 6379
 *   WPECS_REDIS_TLS        1: TLS with the server's certificate verified; default 0
 *   WPECS_REDIS_PASSWORD   AUTH password (or token), also as WPECS_REDIS_PASSWORD_FILE
 *   WPECS_REDIS_DATABASE   database number, default 0
 *   WPECS_REDIS_PREFIX     first part of every key; default "<DB_NAME>:<table prefix>",
 *                          so two sites sharing one server never see each other's keys
 * A malformed value stops the request with one log line naming the variable
 * (env.php's wpecs_config_error), like every other setting of the image.
 *
 * Keys: "<prefix>:<group>:<blog>:<key>", where <group> is rawurlencode()d (it
 * holds no ':', so flush_group() can match "<prefix>:<group>:*" exactly) and
 * <blog> is the current blog's id, or "g" for global groups (multisite: the
 * same key of two blogs are two entries; users and site options are shared).
 *
 * Values: integers as decimal strings, so incr/decr run atomically in Redis;
 * everything else serialize()d (which never looks like a bare integer). Every
 * key expires: after its own expiration, or after DEFAULT_TTL (a day).
 *
 * flush() removes this prefix's keys (SCAN + UNLINK), never the whole
 * database another site may share.
 *
 * Every result is also kept in memory for the rest of the request (objects
 * cloned, as WordPress's own cache does), so a key is read from Redis at most
 * once per request unless $force is passed.
 *
 * When Redis does not answer (connect 0.5 s, read 1 s) or refuses the
 * password, the request goes on with the in-memory cache alone: never a fatal
 * error. One log line per burst (at most one a minute per container, a time
 * stamp in the temporary folder), and no new connection attempt from this
 * container for a second, so a dead server does not add its timeout to every
 * request. Writes made while Redis was out of reach are not in Redis: the
 * first request that connects again flushes this site's keys, so no replica
 * keeps serving what those writes replaced.
 */

if (!class_exists('WPECS_Object_Cache')) {

	class WPECS_Object_Cache {
		/** Seconds to wait for the TCP (and TLS) connection. */
		const CONNECT_TIMEOUT = 0.5;
		/** Seconds to wait for an answer to a command. */
		const READ_TIMEOUT = 1.0;
		/** Seconds between two "Redis unreachable" log lines of one container. */
		const LOG_INTERVAL = 60;
		/** Seconds without a new connection attempt after a failure. */
		const RETRY_INTERVAL = 1;
		/** Keys per SCAN step when flushing. */
		const SCAN_COUNT = 1000;
		/**
		 * Seconds a key without an expiration of its own is kept. Every key
		 * thus has one, so ElastiCache's default eviction policy
		 * (volatile-lru: only keys that expire) can make room from any of
		 * them when memory is full, instead of refusing writes.
		 */
		const DEFAULT_TTL = 86400;

		/** @var array Results of this request: derived key => value. */
		public $cache = array();
		/** @var array Groups shared by every blog of a network. */
		public $global_groups = array();
		/** @var array Groups kept in memory only. */
		public $non_persistent_groups = array();
		public $cache_hits = 0;
		public $cache_misses = 0;
		/** @var int Redis commands sent (stats()). */
		public $redis_calls = 0;

		private $settings;
		private $blog_id = 1;
		private $multisite = false;
		/** @var Redis|null|false null: not connected yet; false: out of reach for this request. */
		private $redis = null;
		private $state_dir;

		/**
		 * @param array $settings host, port, tls, password, database, prefix; optional
		 *                        state_dir (where the log and retry time stamps live)
		 */
		public function __construct(array $settings) {
			$this->settings = $settings + array(
				'port' => 6379, 'tls' => false, 'password' => '', 'database' => 0,
				'prefix' => 'wp', 'state_dir' => sys_get_temp_dir(),
			);
			$this->state_dir = rtrim($this->settings['state_dir'], '/');
			$this->multisite = function_exists('is_multisite') && is_multisite();
			// A single site is blog 1 whatever $blog_id says at this point of
			// the load (nothing has set it yet), so every entry point (pages,
			// wp-init's PHP on the command line) uses the same keys.
			if ($this->multisite && function_exists('get_current_blog_id')) {
				$this->blog_id = (int) get_current_blog_id();
			}
		}

		/**
		 * The settings from the environment (see the file comment); a malformed
		 * one stops the request through wpecs_config_error().
		 */
		public static function settings_from_env() {
			$host = getenv_docker('WPECS_REDIS_HOST', '');
			if ($host === '' || !preg_match('/^[A-Za-z0-9._-]+$|^\[?[0-9A-Fa-f:.]+\]?$/', $host)) {
				wpecs_config_error('WPECS_REDIS_HOST', 'must be a host name or an address');
			}
			$port = getenv_docker('WPECS_REDIS_PORT', '6379');
			if (!preg_match('/^[0-9]{1,5}$/', $port) || (int) $port < 1 || (int) $port > 65535) {
				wpecs_config_error('WPECS_REDIS_PORT', 'must be a port number (1-65535)');
			}
			$tls = getenv_docker('WPECS_REDIS_TLS', '0');
			if (!in_array($tls, array('', '0', '1'), true)) {
				wpecs_config_error('WPECS_REDIS_TLS', 'must be 1 (TLS) or 0 / empty (plain TCP)');
			}
			$database = getenv_docker('WPECS_REDIS_DATABASE', '0');
			if (!preg_match('/^[0-9]{1,4}$/', $database)) {
				wpecs_config_error('WPECS_REDIS_DATABASE', 'must be a database number (0, 1, ...)');
			}
			$prefix = getenv_docker('WPECS_REDIS_PREFIX', '');
			if ($prefix === '') {
				$prefix = (defined('DB_NAME') ? DB_NAME : 'wordpress') . ':'
					. (isset($GLOBALS['table_prefix']) ? $GLOBALS['table_prefix'] : 'wp_');
			}
			if (strlen($prefix) > 128 || preg_match('/[\s*?\[\]\\\\]/', $prefix)) {
				wpecs_config_error('WPECS_REDIS_PREFIX', 'must be at most 128 characters, without spaces or * ? [ ] \\');
			}
			return array(
				'host' => trim($host, '[]'),
				'port' => (int) $port,
				'tls' => $tls === '1',
				'password' => getenv_docker('WPECS_REDIS_PASSWORD', ''),
				'database' => (int) $database,
				'prefix' => $prefix,
			);
		}

		// --- Connection -------------------------------------------------------

		/** The connection, or null when Redis is out of reach for this request. */
		private function redis() {
			if ($this->redis === null) {
				$this->redis = $this->connect();
			}
			return $this->redis === false ? null : $this->redis;
		}

		private function connect() {
			if (!class_exists('Redis')) {
				$this->report('the php-redis extension is not loaded');
				return false;
			}
			$retry = $this->state_dir . '/wpecs-redis-retry';
			$last = @filemtime($retry);
			if ($last !== false && time() - $last < self::RETRY_INTERVAL) {
				return false;
			}
			$host = $this->settings['host'];
			$context = array();
			if ($this->settings['tls']) {
				$context = array('stream' => array('verify_peer' => true, 'verify_peer_name' => true, 'peer_name' => $host));
				$host = 'tls://' . $host;
			}
			try {
				$redis = new Redis();
				// php-redis also raises PHP warnings (TLS handshake, refused
				// connection) on every attempt: the one rate-limited line below
				// says it instead.
				$ok = @$redis->connect($host, $this->settings['port'], self::CONNECT_TIMEOUT, null, 0, self::READ_TIMEOUT, $context);
				if (!$ok) {
					$error = error_get_last();
					throw new RedisException($this->settings['tls'] && $error && preg_match('/SSL|crypto/i', $error['message'])
						? 'TLS failed (certificate not trusted, or the server does not speak TLS)' : 'connection refused');
				}
				if ($this->settings['password'] !== '' && !@$redis->auth($this->settings['password'])) {
					throw new RedisException('the password was refused');
				}
				if ($this->settings['database'] !== 0 && !$redis->select($this->settings['database'])) {
					throw new RedisException('database ' . $this->settings['database'] . ' was refused');
				}
				$this->redis_calls++;
			} catch (Exception $e) {
				@touch($retry);
				$this->report($this->describe($e));
				return false;
			}
			// Back after an outage in which this container wrote: what those
			// writes replaced may still be in Redis.
			$dirty = $this->state_dir . '/wpecs-redis-dirty';
			if (@file_exists($dirty)) {
				@unlink($dirty);
				$this->redis = $redis;
				$this->delete_matching($this->pattern(''));
				if ($this->redis === false) {
					return false;
				}
			}
			return $redis;
		}

		/** A command failed after connecting: no more Redis for this request. */
		private function lost(Exception $e) {
			$this->redis = false;
			@touch($this->state_dir . '/wpecs-redis-retry');
			$this->report($this->describe($e));
		}

		private function describe(Exception $e) {
			$message = $e->getMessage();
			if (stripos($message, 'WRONGPASS') !== false || stripos($message, 'NOAUTH') !== false
					|| stripos($message, 'invalid password') !== false || stripos($message, 'password was refused') !== false) {
				return 'the password was refused (WPECS_REDIS_PASSWORD)';
			}
			return $message === '' ? get_class($e) : $message;
		}

		/** One log line per burst: at most one per LOG_INTERVAL per container. */
		private function report($why) {
			$stamp = $this->state_dir . '/wpecs-redis-logged';
			$last = @filemtime($stamp);
			if ($last !== false && time() - $last < self::LOG_INTERVAL) {
				return;
			}
			@touch($stamp);
			error_log(sprintf('wordpress-ecs: object cache: Redis at %s:%d unavailable (%s); serving from the per-request cache',
				$this->settings['host'], $this->settings['port'], str_replace(array("\r", "\n"), ' ', $why)));
		}

		/** A write to a persistent group that could not be sent to Redis. */
		private function wrote_without_redis() {
			@touch($this->state_dir . '/wpecs-redis-dirty');
		}

		/** True when Redis answered every command so far (tests, stats()). */
		public function is_connected() {
			return $this->redis() !== null;
		}

		// --- Keys and values --------------------------------------------------

		private function key($key, $group) {
			$blog = isset($this->global_groups[$group]) ? 'g' : (string) $this->blog_id;
			return $this->settings['prefix'] . ':' . rawurlencode($group) . ':' . $blog . ':' . $key;
		}

		/** SCAN pattern of one group ('' = every group), glob characters escaped. */
		private function pattern($group) {
			$escape = static function ($s) {
				return addcslashes($s, '*?[]\\');
			};
			return $escape($this->settings['prefix']) . ':' . ($group === '' ? '' : $escape(rawurlencode($group)) . ':') . '*';
		}

		private static function encode($value) {
			return is_int($value) ? (string) $value : serialize($value);
		}

		private static function decode($raw) {
			if (preg_match('/^-?[0-9]+$/', $raw)) {
				return (int) $raw;
			}
			return unserialize($raw);
		}

		private function persistent($group) {
			return !isset($this->non_persistent_groups[$group]);
		}

		private static function group($group) {
			return ($group === '' || $group === null) ? 'default' : (string) $group;
		}

		/** WordPress's rule: an integer, or a string that is not empty once trimmed. */
		private function valid_key($key) {
			if (is_int($key) || (is_string($key) && trim($key) !== '')) {
				return true;
			}
			if (function_exists('_doing_it_wrong')) {
				_doing_it_wrong(__CLASS__ . '::' . debug_backtrace(DEBUG_BACKTRACE_IGNORE_ARGS, 2)[1]['function'],
					is_string($key) ? 'Cache key must not be an empty string.' : 'Cache key must be an integer or a non-empty string, ' . gettype($key) . ' given.',
					'6.1.0');
			}
			return false;
		}

		private function remember($derived, $value) {
			$this->cache[$derived] = is_object($value) ? clone $value : $value;
		}

		/** Writes one key: $mode null (set), 'NX' (add) or 'XX' (replace). */
		private function write($key, $value, $group, $expire, $mode) {
			$group = self::group($group);
			$derived = $this->key($key, $group);
			$expire = (int) $expire > 0 ? (int) $expire : self::DEFAULT_TTL;
			if ($this->persistent($group)) {
				$redis = $this->redis();
				if ($redis !== null) {
					$options = array('ex' => $expire);
					if ($mode !== null) {
						$options[] = $mode;
					}
					try {
						$this->redis_calls++;
						$ok = $redis->set($derived, self::encode($value), $options);
					} catch (Exception $e) {
						$this->lost($e);
						return $this->write_runtime($derived, $value, $mode, true);
					}
					if ($ok) {
						$this->remember($derived, $value);
					}
					return (bool) $ok;
				}
			}
			return $this->write_runtime($derived, $value, $mode, $this->persistent($group));
		}

		private function write_runtime($derived, $value, $mode, $persistent) {
			$exists = array_key_exists($derived, $this->cache);
			if (($mode === 'NX' && $exists) || ($mode === 'XX' && !$exists)) {
				return false;
			}
			if ($persistent) {
				$this->wrote_without_redis();
			}
			$this->remember($derived, $value);
			return true;
		}

		// --- The API ----------------------------------------------------------

		public function add($key, $data, $group = 'default', $expire = 0) {
			if ((function_exists('wp_suspend_cache_addition') && wp_suspend_cache_addition()) || !$this->valid_key($key)) {
				return false;
			}
			if (array_key_exists($this->key($key, self::group($group)), $this->cache)) {
				return false;
			}
			return $this->write($key, $data, $group, $expire, 'NX');
		}

		public function add_multiple(array $data, $group = '', $expire = 0) {
			$values = array();
			foreach ($data as $key => $value) {
				$values[$key] = $this->add($key, $value, $group, $expire);
			}
			return $values;
		}

		public function replace($key, $data, $group = 'default', $expire = 0) {
			if (!$this->valid_key($key)) {
				return false;
			}
			return $this->write($key, $data, $group, $expire, 'XX');
		}

		public function set($key, $data, $group = 'default', $expire = 0) {
			if (!$this->valid_key($key)) {
				return false;
			}
			return $this->write($key, $data, $group, $expire, null);
		}

		public function set_multiple(array $data, $group = '', $expire = 0) {
			$group = self::group($group);
			$values = array();
			$send = array();
			foreach ($data as $key => $value) {
				if (!$this->valid_key($key)) {
					$values[$key] = false;
					continue;
				}
				$values[$key] = true;
				$send[$key] = $value;
			}
			if (!$send) {
				return $values;
			}
			$redis = $this->persistent($group) ? $this->redis() : null;
			if ($redis !== null) {
				$expire = (int) $expire > 0 ? (int) $expire : self::DEFAULT_TTL;
				try {
					$this->redis_calls++;
					$pipe = $redis->multi(Redis::PIPELINE);
					foreach ($send as $key => $value) {
						$pipe->set($this->key($key, $group), self::encode($value), array('ex' => $expire));
					}
					$results = array_values($pipe->exec());
				} catch (Exception $e) {
					$this->lost($e);
					$redis = null;
				}
			}
			$i = 0;
			foreach ($send as $key => $value) {
				if ($redis !== null) {
					$values[$key] = !empty($results[$i++]);
				} elseif ($this->persistent($group)) {
					$this->wrote_without_redis();
				}
				if ($values[$key]) {
					$this->remember($this->key($key, $group), $value);
				}
			}
			return $values;
		}

		public function get($key, $group = 'default', $force = false, &$found = null) {
			if (!$this->valid_key($key)) {
				$found = false;
				return false;
			}
			$group = self::group($group);
			$derived = $this->key($key, $group);
			// $force reads Redis again; without Redis this request's copy is the best there is.
			if (array_key_exists($derived, $this->cache) && (!$force || !$this->persistent($group) || $this->redis() === null)) {
				$found = true;
				$this->cache_hits++;
				$value = $this->cache[$derived];
				return is_object($value) ? clone $value : $value;
			}
			$redis = $this->persistent($group) ? $this->redis() : null;
			if ($redis !== null) {
				try {
					$this->redis_calls++;
					$raw = $redis->get($derived);
				} catch (Exception $e) {
					$this->lost($e);
					$raw = false;
				}
				if (is_string($raw)) {
					$value = self::decode($raw);
					$found = true;
					$this->cache_hits++;
					$this->remember($derived, $value);
					return $value;
				}
			}
			$found = false;
			$this->cache_misses++;
			return false;
		}

		public function get_multiple($keys, $group = 'default', $force = false) {
			$group = self::group($group);
			$values = array();
			$fetch = array();
			foreach ($keys as $key) {
				if (!$this->valid_key($key)) {
					$values[$key] = false;
					continue;
				}
				$derived = $this->key($key, $group);
				if (array_key_exists($derived, $this->cache) && (!$force || !$this->persistent($group) || $this->redis() === null)) {
					$this->cache_hits++;
					$value = $this->cache[$derived];
					$values[$key] = is_object($value) ? clone $value : $value;
				} else {
					$values[$key] = false;
					$fetch[$key] = $derived;
				}
			}
			$redis = ($fetch && $this->persistent($group)) ? $this->redis() : null;
			$raws = array();
			if ($redis !== null) {
				try {
					$this->redis_calls++;
					$raws = $redis->mget(array_values($fetch));
				} catch (Exception $e) {
					$this->lost($e);
				}
			}
			$i = 0;
			foreach ($fetch as $key => $derived) {
				$raw = is_array($raws) && isset($raws[$i]) ? $raws[$i] : false;
				$i++;
				if (is_string($raw)) {
					$values[$key] = self::decode($raw);
					$this->cache_hits++;
					$this->remember($derived, $values[$key]);
				} else {
					$this->cache_misses++;
				}
			}
			return $values;
		}

		public function delete($key, $group = 'default', $deprecated = false) {
			if (!$this->valid_key($key)) {
				return false;
			}
			$result = $this->delete_multiple(array($key), $group);
			return $result[$key];
		}

		public function delete_multiple(array $keys, $group = '') {
			$group = self::group($group);
			$values = array();
			$send = array();
			foreach ($keys as $key) {
				if (!$this->valid_key($key)) {
					$values[$key] = false;
					continue;
				}
				$derived = $this->key($key, $group);
				$values[$key] = array_key_exists($derived, $this->cache);
				unset($this->cache[$derived]);
				$send[$key] = $derived;
			}
			if (!$send || !$this->persistent($group)) {
				return $values;
			}
			$redis = $this->redis();
			if ($redis === null) {
				$this->wrote_without_redis();
				return $values;
			}
			try {
				$this->redis_calls++;
				$pipe = $redis->multi(Redis::PIPELINE);
				foreach ($send as $derived) {
					$pipe->del($derived);
				}
				$results = array_values($pipe->exec());
			} catch (Exception $e) {
				$this->lost($e);
				$this->wrote_without_redis();
				return $values;
			}
			$i = 0;
			foreach ($send as $key => $derived) {
				$values[$key] = $values[$key] || !empty($results[$i]);
				$i++;
			}
			return $values;
		}

		/**
		 * Adds $offset (negative for decr): WordPress's rules (a missing key:
		 * false; a value that is not numeric counts as 0; never below 0), done
		 * in one Lua script so replicas counting at once lose no step.
		 */
		private function offset($key, $offset, $group) {
			if (!$this->valid_key($key)) {
				return false;
			}
			$group = self::group($group);
			$derived = $this->key($key, $group);
			$redis = $this->persistent($group) ? $this->redis() : null;
			if ($redis !== null) {
				$script = <<<'LUA'
local v = redis.call('GET', KEYS[1])
if not v then return false end
local n = 0
if string.match(v, '^%-?%d+$') then n = tonumber(v) else return {v} end
n = n + tonumber(ARGV[1])
if n < 0 then n = 0 end
redis.call('SET', KEYS[1], tostring(n), 'KEEPTTL')
return n
LUA;
				try {
					$this->redis_calls++;
					$redis->clearLastError();
					$result = $redis->eval($script, array($derived, (string) (int) $offset), 1);
					if ($result === false && $redis->getLastError() !== null) {
						throw new RedisException($redis->getLastError());
					}
				} catch (Exception $e) {
					$this->lost($e);
					return $this->offset_runtime($derived, $offset, true);
				}
				if ($result === false) {
					unset($this->cache[$derived]);
					return false;
				}
				if (is_array($result)) {
					// Not an integer in Redis (a float, a numeric string): compute here.
					$value = self::decode($result[0]);
					$value = max(0, (is_numeric($value) ? $value : 0) + $offset);
					try {
						$this->redis_calls++;
						$redis->set($derived, self::encode($value), array('XX', 'KEEPTTL'));
					} catch (Exception $e) {
						$this->lost($e);
					}
					$this->remember($derived, $value);
					return $value;
				}
				$this->remember($derived, (int) $result);
				return (int) $result;
			}
			return $this->offset_runtime($derived, $offset, $this->persistent($group));
		}

		private function offset_runtime($derived, $offset, $persistent) {
			if (!array_key_exists($derived, $this->cache)) {
				return false;
			}
			$value = $this->cache[$derived];
			$value = max(0, (is_numeric($value) ? $value : 0) + $offset);
			if ($persistent) {
				$this->wrote_without_redis();
			}
			$this->cache[$derived] = $value;
			return $value;
		}

		public function incr($key, $offset = 1, $group = 'default') {
			return $this->offset($key, (int) $offset, $group);
		}

		public function decr($key, $offset = 1, $group = 'default') {
			return $this->offset($key, -(int) $offset, $group);
		}

		/** Every key of this site (this prefix), not the whole Redis database. */
		public function flush() {
			$this->cache = array();
			if ($this->redis() === null) {
				$this->wrote_without_redis();
				return true;
			}
			return $this->delete_matching($this->pattern(''));
		}

		public function flush_runtime() {
			$this->cache = array();
			return true;
		}

		/** One group, on every blog of the network (as WordPress's own cache does). */
		public function flush_group($group) {
			$group = self::group($group);
			$start = $this->settings['prefix'] . ':' . rawurlencode($group) . ':';
			foreach (array_keys($this->cache) as $derived) {
				if (strncmp($derived, $start, strlen($start)) === 0) {
					unset($this->cache[$derived]);
				}
			}
			if (!$this->persistent($group)) {
				return true;
			}
			if ($this->redis() === null) {
				$this->wrote_without_redis();
				return true;
			}
			return $this->delete_matching($this->pattern($group));
		}

		/** SCAN and UNLINK, so a big cache never blocks Redis the way KEYS would. */
		private function delete_matching($pattern) {
			$redis = $this->redis;
			try {
				$redis->setOption(Redis::OPT_SCAN, Redis::SCAN_RETRY);
				$iterator = null;
				do {
					$this->redis_calls++;
					$keys = $redis->scan($iterator, $pattern, self::SCAN_COUNT);
					if ($keys) {
						$this->redis_calls++;
						$redis->unlink($keys);
					}
				} while ($iterator > 0);
			} catch (Exception $e) {
				$this->lost($e);
				$this->wrote_without_redis();
			}
			return true;
		}

		public function add_global_groups($groups) {
			foreach ((array) $groups as $group) {
				$this->global_groups[$group] = true;
			}
		}

		public function add_non_persistent_groups($groups) {
			foreach ((array) $groups as $group) {
				$this->non_persistent_groups[$group] = true;
			}
		}

		public function switch_to_blog($blog_id) {
			if ($this->multisite) {
				$this->blog_id = (int) $blog_id;
			}
		}

		/** Deprecated in WordPress 3.5: drops what this request holds for the current blog. */
		public function reset() {
			$this->cache = array();
		}

		public function close() {
			if ($this->redis instanceof Redis) {
				try {
					$this->redis->close();
				} catch (Exception $e) {
					// Closing a dead connection: nothing to do.
				}
			}
			$this->redis = null;
			return true;
		}

		public function stats() {
			echo '<p><strong>Cache hits:</strong> ' . (int) $this->cache_hits . '<br />';
			echo '<strong>Cache misses:</strong> ' . (int) $this->cache_misses . '<br />';
			echo '<strong>Redis commands:</strong> ' . (int) $this->redis_calls . '</p>';
		}
	}
}

// --- WordPress's functions (wp-includes/cache.php's contract) ---------------------

function wp_cache_init() {
	$GLOBALS['wp_object_cache'] = new WPECS_Object_Cache(WPECS_Object_Cache::settings_from_env());
}

function wp_cache_add($key, $data, $group = '', $expire = 0) {
	return $GLOBALS['wp_object_cache']->add($key, $data, $group, (int) $expire);
}

function wp_cache_add_multiple(array $data, $group = '', $expire = 0) {
	return $GLOBALS['wp_object_cache']->add_multiple($data, $group, (int) $expire);
}

function wp_cache_replace($key, $data, $group = '', $expire = 0) {
	return $GLOBALS['wp_object_cache']->replace($key, $data, $group, (int) $expire);
}

function wp_cache_set($key, $data, $group = '', $expire = 0) {
	return $GLOBALS['wp_object_cache']->set($key, $data, $group, (int) $expire);
}

function wp_cache_set_multiple(array $data, $group = '', $expire = 0) {
	return $GLOBALS['wp_object_cache']->set_multiple($data, $group, (int) $expire);
}

function wp_cache_get($key, $group = '', $force = false, &$found = null) {
	return $GLOBALS['wp_object_cache']->get($key, $group, $force, $found);
}

function wp_cache_get_multiple($keys, $group = '', $force = false) {
	return $GLOBALS['wp_object_cache']->get_multiple($keys, $group, $force);
}

function wp_cache_delete($key, $group = '') {
	return $GLOBALS['wp_object_cache']->delete($key, $group);
}

function wp_cache_delete_multiple(array $keys, $group = '') {
	return $GLOBALS['wp_object_cache']->delete_multiple($keys, $group);
}

function wp_cache_incr($key, $offset = 1, $group = '') {
	return $GLOBALS['wp_object_cache']->incr($key, $offset, $group);
}

function wp_cache_decr($key, $offset = 1, $group = '') {
	return $GLOBALS['wp_object_cache']->decr($key, $offset, $group);
}

function wp_cache_flush() {
	return $GLOBALS['wp_object_cache']->flush();
}

function wp_cache_flush_runtime() {
	return $GLOBALS['wp_object_cache']->flush_runtime();
}

function wp_cache_flush_group($group) {
	return $GLOBALS['wp_object_cache']->flush_group($group);
}

function wp_cache_supports($feature) {
	return in_array($feature, array('add_multiple', 'set_multiple', 'get_multiple', 'delete_multiple',
		'flush_runtime', 'flush_group'), true);
}

function wp_cache_close() {
	return $GLOBALS['wp_object_cache']->close();
}

function wp_cache_add_global_groups($groups) {
	$GLOBALS['wp_object_cache']->add_global_groups($groups);
}

function wp_cache_add_non_persistent_groups($groups) {
	$GLOBALS['wp_object_cache']->add_non_persistent_groups($groups);
}

function wp_cache_switch_to_blog($blog_id) {
	$GLOBALS['wp_object_cache']->switch_to_blog($blog_id);
}

function wp_cache_reset() {
	if (function_exists('_deprecated_function')) {
		_deprecated_function(__FUNCTION__, '3.5.0', 'wp_cache_switch_to_blog()');
	}
	$GLOBALS['wp_object_cache']->reset();
}
