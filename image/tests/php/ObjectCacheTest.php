<?php
use PHPUnit\Framework\TestCase;

/**
 * The image's object cache (image/files/object-cache.php) against a real
 * redis-server. A "request" is a new WPECS_Object_Cache: what one request
 * wrote, the next one (on any replica) must read from Redis.
 */
final class ObjectCacheTest extends TestCase {
	/** @var TestRedisServer */
	private static $server;
	/** @var Redis */
	private $raw;
	private $state;
	private $log;

	public static function setUpBeforeClass(): void {
		self::$server = new TestRedisServer('pw-' . bin2hex(random_bytes(8)));
	}

	public static function tearDownAfterClass(): void {
		self::$server = null;
	}

	protected function setUp(): void {
		$this->raw = self::$server->client();
		$this->raw->flushAll();
		$this->state = sys_get_temp_dir() . '/wpecs-cache-state.' . bin2hex(random_bytes(4));
		mkdir($this->state, 0700);
		$this->log = $this->state . '/php.log';
		ini_set('error_log', $this->log);
		$GLOBALS['wpecs_test_multisite'] = false;
		$GLOBALS['wpecs_test_blog_id'] = 1;
		$GLOBALS['wpecs_test_suspend'] = false;
		$GLOBALS['wpecs_test_wrong'] = array();
	}

	protected function tearDown(): void {
		ini_restore('error_log');
		foreach (glob($this->state . '/{,.}[!.]*', GLOB_BRACE) as $f) {
			unlink($f);
		}
		rmdir($this->state);
	}

	private function request(array $settings = array()) {
		$cache = new WPECS_Object_Cache(self::$server->settings($settings + array('state_dir' => $this->state)));
		$cache->add_global_groups(array('users', 'site-options'));
		$cache->add_non_persistent_groups(array('counts', 'plugins'));
		return $cache;
	}

	private function logLines() {
		return is_file($this->log) ? array_values(array_filter(explode("\n", file_get_contents($this->log)))) : array();
	}

	public function testValuesOfEveryTypeComeBackFromRedisInTheNextRequest(): void {
		$object = new stdClass();
		$object->title = 'Hello';
		$values = array('int' => 42, 'negative' => -7, 'numeric string' => '5', 'string' => 'text',
			'float' => 1.5, 'array' => array('a' => 1, 'b' => array(2)), 'object' => $object,
			'false' => false, 'null' => null, 'empty' => '', 'zero' => 0);
		$writer = $this->request();
		foreach ($values as $key => $value) {
			$this->assertTrue($writer->set($key, $value, 'posts'));
		}
		$reader = $this->request();
		foreach ($values as $key => $value) {
			$found = null;
			$got = $reader->get($key, 'posts', false, $found);
			$this->assertTrue($found, $key);
			$this->assertEquals($value, $got, $key);
			$this->assertSame(gettype($value), gettype($got), $key);
		}
		$this->assertSame(count($values), $reader->redis_calls - 1, 'one GET per key (plus the connection)');
	}

	public function testAMissIsFalseAndNotFound(): void {
		$found = null;
		$this->assertFalse($this->request()->get('nothing', 'posts', false, $found));
		$this->assertFalse($found);
	}

	public function testARequestReadsAKeyFromRedisOnceAndForceReadsAgain(): void {
		$cache = $this->request();
		$cache->set('k', 'one');
		$this->raw->set('test:default:1:k', serialize('changed elsewhere'));
		$this->assertSame('one', $cache->get('k'), 'the per-request copy');
		$this->assertSame('changed elsewhere', $cache->get('k', '', true), '$force reads Redis');
		$this->raw->set('test:default:1:k', serialize('again'));
		$cache->flush_runtime();
		$this->assertSame('again', $cache->get('k'), 'after flush_runtime Redis is read again');
	}

	public function testObjectsAreCopiesSoACallerCannotChangeTheCache(): void {
		$cache = $this->request();
		$o = new stdClass();
		$o->v = 1;
		$cache->set('o', $o);
		$o->v = 2;
		$this->assertSame(1, $cache->get('o')->v);
		$cache->get('o')->v = 3;
		$this->assertSame(1, $cache->get('o')->v);
	}

	public function testAddOnlyWhenAbsentEvenIfAnotherReplicaAddedIt(): void {
		$a = $this->request();
		$b = $this->request();
		$this->assertTrue($a->add('k', 'a'));
		$this->assertFalse($a->add('k', 'again'), 'present in this request');
		$this->assertFalse($b->add('k', 'b'), 'present in Redis (NX)');
		$this->assertSame('a', $this->request()->get('k'));
		$a->delete('k');
		$this->assertTrue($b->add('k', 'b'));
		$GLOBALS['wpecs_test_suspend'] = true;
		$this->assertFalse($this->request()->add('other', 'x'), 'wp_suspend_cache_addition()');
	}

	public function testReplaceOnlyWhenPresent(): void {
		$cache = $this->request();
		$this->assertFalse($cache->replace('k', 'x'));
		$this->assertFalse($this->request()->get('k'));
		$cache->set('k', 'one');
		$this->assertTrue($this->request()->replace('k', 'two'));
		$this->assertSame('two', $this->request()->get('k'));
	}

	public function testExpirationIsSetInRedis(): void {
		$cache = $this->request();
		$cache->set('ttl', 'v', 'transient', 100);
		$cache->add('ttl-add', 'v', 'transient', 50);
		$cache->set('forever', 'v', 'transient');
		$this->assertGreaterThan(90, $this->raw->ttl('test:transient:1:ttl'));
		$this->assertLessThanOrEqual(100, $this->raw->ttl('test:transient:1:ttl'));
		$this->assertLessThanOrEqual(50, $this->raw->ttl('test:transient:1:ttl-add'));
		$this->assertGreaterThan(86000, $this->raw->ttl('test:transient:1:forever'), 'a day by default, so volatile-lru may evict it');
		$this->assertLessThanOrEqual(86400, $this->raw->ttl('test:transient:1:forever'));
		$cache->set('short', 'v', 'transient', 1);
		usleep(2100000);
		$this->assertFalse($this->request()->get('short', 'transient'), 'expired');
	}

	public function testMultipleVariants(): void {
		$cache = $this->request();
		$this->assertSame(array('a' => true, 'b' => true, 7 => true), $cache->set_multiple(array('a' => 1, 'b' => array(2), 7 => 'seven'), 'g'));
		$this->assertSame(array('a' => false, 'c' => true), $this->request()->add_multiple(array('a' => 'no', 'c' => 3), 'g'));
		$next = $this->request();
		$this->assertSame(array('b' => array(2), 'x' => false, 'a' => 1, 7 => 'seven', 'c' => 3),
			$next->get_multiple(array('b', 'x', 'a', 7, 'c'), 'g'));
		$this->assertSame(2, $next->redis_calls, 'one MGET after the connection');
		$this->assertSame(array('a' => true, 'x' => false), $this->request()->delete_multiple(array('a', 'x'), 'g'));
		$this->assertSame(array('a' => false, 'b' => array(2)), $this->request()->get_multiple(array('a', 'b'), 'g'));
		$ttl = $this->request();
		$ttl->set_multiple(array('t' => 1), 'g', 60);
		$this->assertGreaterThan(0, $this->raw->ttl('test:g:1:t'));
	}

	public function testIncrDecrFollowWordPressRules(): void {
		$cache = $this->request();
		$this->assertFalse($cache->incr('missing'));
		$this->assertFalse($cache->decr('missing'));
		$cache->set('n', 5, 'default', 100);
		$this->assertSame(8, $this->request()->incr('n', 3));
		$this->assertSame(7, $this->request()->decr('n'));
		$this->assertSame(0, $this->request()->decr('n', 10), 'never below 0');
		$this->assertGreaterThan(0, $this->raw->ttl('test:default:1:n'), 'the expiration is kept');
		$cache->set('text', 'abc');
		$this->assertSame(2, $this->request()->incr('text', 2), 'not numeric counts as 0');
		$cache->set('numeric', '10');
		$this->assertSame(11, $this->request()->incr('numeric'));
		$this->assertSame(11, $this->request()->get('numeric'));
	}

	public function testIncrFromTwoReplicasLosesNoStep(): void {
		$this->request()->set('hits', 0);
		$a = $this->request();
		$b = $this->request();
		for ($i = 0; $i < 50; $i++) {
			$a->incr('hits');
			$b->incr('hits');
		}
		$this->assertSame(100, $this->request()->get('hits'));
	}

	public function testFlushGroupRemovesOneGroupOnEveryBlog(): void {
		$GLOBALS['wpecs_test_multisite'] = true;
		$cache = $this->request();
		$cache->set('k', 'a1', 'a');
		$cache->set('k', 'b1', 'b');
		$cache->set('k', 'ab', 'a:b');
		$cache->switch_to_blog(2);
		$cache->set('k', 'a2', 'a');
		$this->assertTrue($cache->flush_group('a'));
		$this->assertFalse($cache->get('k', 'a'), 'the per-request copies go too');
		$cache->switch_to_blog(1);
		$this->assertFalse($cache->get('k', 'a'));
		$next = $this->request();
		$this->assertFalse($next->get('k', 'a'));
		$next->switch_to_blog(2);
		$this->assertFalse($next->get('k', 'a'));
		$next->switch_to_blog(1);
		$this->assertSame('b1', $next->get('k', 'b'));
		$this->assertSame('ab', $next->get('k', 'a:b'), 'a group whose name starts like another stays');
		$this->assertTrue(wp_cache_supports('flush_group'));
	}

	public function testFlushRemovesThisSiteOnly(): void {
		$this->request()->set('k', 'mine');
		$other = $this->request(array('prefix' => 'other-site'));
		$other->set('k', 'theirs');
		$this->assertTrue($this->request()->flush());
		$this->assertFalse($this->request()->get('k'));
		$this->assertSame('theirs', $this->request(array('prefix' => 'other-site'))->get('k'));
	}

	public function testNonPersistentGroupsStayInTheRequest(): void {
		$cache = $this->request();
		$cache->set('k', 1, 'counts');
		$this->assertSame(1, $cache->get('k', 'counts'));
		$this->assertSame(1, $cache->get('k', 'counts', true), '$force cannot read what Redis never had');
		$this->assertSame(2, $cache->incr('k', 1, 'counts'));
		$this->assertFalse($this->request()->get('k', 'counts'));
		$this->assertSame(array(), $this->raw->keys('*'));
	}

	public function testMultisiteSeparatesBlogsButSharesGlobalGroups(): void {
		$GLOBALS['wpecs_test_multisite'] = true;
		$cache = $this->request();
		$cache->set('k', 'blog 1', 'posts');
		$cache->set('u', 'shared', 'users');
		$cache->switch_to_blog(2);
		$this->assertFalse($cache->get('k', 'posts'));
		$this->assertSame('shared', $cache->get('u', 'users'));
		$cache->set('k', 'blog 2', 'posts');
		$GLOBALS['wpecs_test_blog_id'] = 2;
		$this->assertSame('blog 2', $this->request()->get('k', 'posts'));
		$GLOBALS['wpecs_test_blog_id'] = 1;
		$this->assertSame('blog 1', $this->request()->get('k', 'posts'));
	}

	public function testInvalidKeysAreRefusedLikeWordPressDoes(): void {
		$cache = $this->request();
		$this->assertFalse($cache->set('', 'x'));
		$this->assertFalse($cache->get(' '));
		$this->assertFalse($cache->add(null, 'x'));
		$this->assertSame(array('' => false, 'ok' => true), $cache->set_multiple(array('' => 1, 'ok' => 2)));
		$this->assertCount(4, $GLOBALS['wpecs_test_wrong']);
	}

	public function testWordPressFunctionsFromTheEnvironmentWithThePasswordFromAFile(): void {
		$file = $this->state . '/password';
		file_put_contents($file, self::$server->password . "\n");
		$this->withEnv(array('WPECS_REDIS_HOST' => '127.0.0.1', 'WPECS_REDIS_PORT' => (string) self::$server->port,
			'WPECS_REDIS_PASSWORD_FILE' => $file, 'WPECS_REDIS_DATABASE' => '3', 'WPECS_REDIS_PREFIX' => 'site'), function () {
			wp_cache_init();
			wp_cache_add_global_groups('users');
			$this->assertTrue(wp_cache_set('k', 'v', 'posts'));
			$this->assertTrue(wp_cache_add('k2', 'v2'));
			$this->assertTrue(wp_cache_replace('k2', 'v3'));
			$this->assertSame(array('k' => 'v'), wp_cache_get_multiple(array('k'), 'posts'));
			$this->assertSame(array('a' => true), wp_cache_add_multiple(array('a' => 1)));
			$this->assertSame(array('b' => true), wp_cache_set_multiple(array('b' => 1)));
			$this->assertSame(2, wp_cache_incr('b'));
			$this->assertSame(1, wp_cache_decr('b'));
			$this->assertSame(array('b' => true), wp_cache_delete_multiple(array('b')));
			$this->assertTrue(wp_cache_delete('a'));
			$this->assertTrue(wp_cache_flush_runtime());
			$this->assertSame('v', wp_cache_get('k', 'posts'));
			$this->assertTrue(wp_cache_flush_group('posts'));
			$this->assertTrue(wp_cache_close());
			$this->assertSame('v3', wp_cache_get('k2'), 'reconnects after close');
			$this->assertTrue(wp_cache_flush());
		});
		$this->raw->select(3);
		$this->assertSame(array(), $this->raw->keys('*'), 'database 3 emptied by the flush');
		foreach (array('add_multiple', 'set_multiple', 'get_multiple', 'delete_multiple', 'flush_runtime', 'flush_group') as $f) {
			$this->assertTrue(wp_cache_supports($f), $f);
		}
		$this->assertFalse(wp_cache_supports('something else'));
	}

	public function testDefaultPrefixIsTheDatabaseAndTablePrefix(): void {
		$GLOBALS['table_prefix'] = 'wp7_';
		$this->withEnv(array('WPECS_REDIS_HOST' => 'redis'), function () {
			$s = WPECS_Object_Cache::settings_from_env();
			$this->assertSame('wordpress:wp7_', $s['prefix'], 'DB_NAME is not defined here: its default');
			$this->assertSame(6379, $s['port']);
			$this->assertFalse($s['tls']);
			$this->assertSame(0, $s['database']);
		});
	}

	/** A malformed setting stops the request with one line naming it (a separate PHP, which exits). */
	public function testMalformedSettingsNameTheVariable(): void {
		$cases = array(
			'WPECS_REDIS_PORT' => array('WPECS_REDIS_PORT' => '99999'),
			'WPECS_REDIS_TLS' => array('WPECS_REDIS_TLS' => 'yes'),
			'WPECS_REDIS_DATABASE' => array('WPECS_REDIS_DATABASE' => 'one'),
			'WPECS_REDIS_PREFIX' => array('WPECS_REDIS_PREFIX' => 'a*b'),
			'WPECS_REDIS_HOST' => array('WPECS_REDIS_HOST' => 'bad host'),
			'WPECS_REDIS_PASSWORD_FILE' => array('WPECS_REDIS_PASSWORD_FILE' => '/nonexistent/secret'),
		);
		foreach ($cases as $variable => $env) {
			$env += array('WPECS_REDIS_HOST' => '127.0.0.1', 'PATH' => getenv('PATH'));
			$code = 'require "' . addslashes(dirname(__DIR__, 2)) . '/files/env.php"; require "'
				. addslashes(dirname(__DIR__, 2)) . '/files/object-cache.php"; wp_cache_init(); echo "started";';
			$p = proc_open(array(PHP_BINARY, '-d', 'error_log=', '-d', 'log_errors=1', '-r', $code),
				array(1 => array('pipe', 'w'), 2 => array('pipe', 'w')), $pipes, null, $env);
			$out = stream_get_contents($pipes[1]);
			$err = stream_get_contents($pipes[2]);
			$status = proc_close($p);
			$this->assertSame(1, $status, $variable);
			$this->assertStringNotContainsString('started', $out, $variable);
			$this->assertSame(1, substr_count($err, "wordpress-ecs: $variable "), "$variable: $err");
		}
	}

	public function testRedisDownDegradesWithOneLogLineAndNoWait(): void {
		$probe = stream_socket_server('tcp://127.0.0.1:0');
		$closed = (int) substr(strrchr(stream_socket_get_name($probe, false), ':'), 1);
		fclose($probe);
		$start = microtime(true);
		for ($i = 0; $i < 20; $i++) {
			$cache = $this->request(array('port' => $closed));
			$this->assertTrue($cache->set('k', 'v'));
			$this->assertSame('v', $cache->get('k'), 'the per-request cache still works');
			$this->assertTrue($cache->add('a', 1));
			$this->assertSame(2, $cache->incr('a'));
			$this->assertSame(array('k' => true), $cache->delete_multiple(array('k')));
			$this->assertTrue($cache->flush_group('default'));
			$this->assertFalse($cache->is_connected());
		}
		$this->assertLessThan(3.0, microtime(true) - $start, 'no connection attempt per request while it is down');
		$lines = $this->logLines();
		$this->assertCount(1, $lines, implode("\n", $lines));
		$this->assertStringContainsString("Redis at 127.0.0.1:$closed unavailable", $lines[0]);
	}

	public function testWrongPasswordDegradesAndSaysSoWithoutThePassword(): void {
		$cache = $this->request(array('password' => 'not-the-password'));
		$this->assertTrue($cache->set('k', 'v'));
		$this->assertSame('v', $cache->get('k'));
		$this->assertFalse($cache->is_connected());
		$this->assertSame(array(), $this->raw->keys('*'));
		$lines = $this->logLines();
		$this->assertCount(1, $lines);
		$this->assertStringContainsString('the password was refused (WPECS_REDIS_PASSWORD)', $lines[0]);
		$this->assertStringNotContainsString('not-the-password', $lines[0]);
		$none = $this->request(array('password' => ''));
		$none->get('k');
		$this->assertFalse($none->is_connected(), 'no password where one is required');
	}

	public function testRedisLostMidRequestThenBackFlushesWhatOutageWritesReplaced(): void {
		$other = new TestRedisServer('second');
		$settings = $other->settings(array('state_dir' => $this->state));
		$before = new WPECS_Object_Cache($settings);
		$before->set('post', 'old title', 'posts');
		$before->set('unrelated', 'kept?', 'posts');
		$during = new WPECS_Object_Cache($settings);
		$this->assertSame('old title', $during->get('post', 'posts'));
		$other->stop();
		// The post changes while Redis is out of reach.
		$this->assertTrue($during->set('post', 'new title', 'posts'));
		$this->assertSame('new title', $during->get('post', 'posts', true));
		$this->assertCount(1, $this->logLines());
		$other->start($other->port);
		$other->client()->set('test:posts:1:post', serialize('old title')); // as if it had survived
		usleep(1100000); // past the retry pause
		$after = new WPECS_Object_Cache($settings);
		$this->assertFalse($after->get('post', 'posts'), 'the stale entry was flushed on reconnecting');
		$this->assertTrue($after->is_connected());
		$this->assertTrue($after->set('post', 'new title', 'posts'));
		$this->assertSame('new title', $other->client()->get('test:posts:1:post') ? unserialize($other->client()->get('test:posts:1:post')) : 'absent');
		$this->assertSame('new title', (new WPECS_Object_Cache($settings))->get('post', 'posts'));
		$this->assertFileDoesNotExist($this->state . '/wpecs-redis-dirty');
		$other = null;
	}

	private function withEnv(array $env, callable $body) {
		$names = array('WPECS_REDIS_HOST', 'WPECS_REDIS_PORT', 'WPECS_REDIS_TLS', 'WPECS_REDIS_PASSWORD',
			'WPECS_REDIS_PASSWORD_FILE', 'WPECS_REDIS_DATABASE', 'WPECS_REDIS_PREFIX');
		foreach ($names as $name) {
			putenv(isset($env[$name]) ? "$name={$env[$name]}" : $name);
		}
		try {
			$body();
		} finally {
			foreach ($names as $name) {
				putenv($name);
			}
		}
	}
}
