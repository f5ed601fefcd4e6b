<?php
use PHPUnit\Framework\TestCase;

/**
 * The seeded stub under WordPress's own loader (wp_start_object_cache() of the
 * WordPress tree the image is built from, WPECS_WORDPRESS_TREE), each case in
 * a PHP of its own: with WPECS_REDIS_HOST the image's cache is WordPress's
 * external object cache with core's global and non-persistent groups; without
 * it, or under an older image that lacks the cache's file, WordPress keeps its
 * own cache and does not believe an external one is in use (which would send
 * transients to a per-request cache and lose them).
 */
final class WordPressLoaderTest extends TestCase {
	/** @var TestRedisServer */
	private static $server;
	private $dir;

	public static function setUpBeforeClass(): void {
		self::$server = new TestRedisServer('loader-' . bin2hex(random_bytes(6)));
	}

	public static function tearDownAfterClass(): void {
		self::$server = null;
	}

	protected function setUp(): void {
		if ((string) getenv('WPECS_WORDPRESS_TREE') === '') {
			$this->markTestSkipped('WPECS_WORDPRESS_TREE is not set (make test-unit-object-cache sets it)');
		}
		$this->dir = sys_get_temp_dir() . '/wpecs-loader.' . bin2hex(random_bytes(4));
		mkdir($this->dir . '/content', 0700, true);
	}

	protected function tearDown(): void {
		if ($this->dir !== null) {
			foreach (array('/content/object-cache.php', '/run.php') as $f) {
				@unlink($this->dir . $f);
			}
			@rmdir($this->dir . '/content');
			@rmdir($this->dir);
		}
	}

	/** Loads the object cache as wp-settings.php does, reports what WordPress sees. */
	private function load(array $env, $lib) {
		$files = dirname(__DIR__, 2) . '/files';
		// The stub as seeded, with the image's path of the cache pointed at $lib.
		file_put_contents($this->dir . '/content/object-cache.php',
			str_replace('/usr/local/lib/wordpress-ecs/object-cache.php', $lib, file_get_contents($files . '/object-cache-stub.php')));
		$wp = rtrim(getenv('WPECS_WORDPRESS_TREE'), '/') . '/';
		file_put_contents($this->dir . '/run.php', '<?php
define("ABSPATH", ' . var_export($wp, true) . ');
define("WPINC", "wp-includes");
define("WP_CONTENT_DIR", ' . var_export($this->dir . '/content', true) . ');
define("DB_NAME", "site");
$table_prefix = "wp_";
require ABSPATH . WPINC . "/load.php";
require ABSPATH . WPINC . "/plugin.php";
require ABSPATH . WPINC . "/compat.php";
require ABSPATH . WPINC . "/formatting.php";
require ABSPATH . WPINC . "/functions.php";
require ' . var_export($files . '/env.php', true) . ';
wp_start_object_cache();
$c = $GLOBALS["wp_object_cache"];
echo json_encode(array(
	"ext" => (bool) wp_using_ext_object_cache(),
	"class" => get_class($c),
	"set" => wp_cache_set("k", "v", "posts") && wp_cache_set("u", "x", "users") && wp_cache_set("n", 1, "counts"),
	"global" => isset($c->global_groups["users"]) ? true : false,
	"nonpersistent" => isset($c->non_persistent_groups["counts"]) ? true : false,
	"flush_group" => wp_cache_supports("flush_group"),
));
');
		$p = proc_open(array(PHP_BINARY, '-d', 'log_errors=1', '-d', 'error_log=', $this->dir . '/run.php'),
			array(1 => array('pipe', 'w'), 2 => array('pipe', 'w')), $pipes, null, $env + array('PATH' => getenv('PATH')));
		$out = stream_get_contents($pipes[1]);
		$err = stream_get_contents($pipes[2]);
		$this->assertSame(0, proc_close($p), $out . $err);
		$this->assertSame('', $err);
		return json_decode($out, true);
	}

	private function env() {
		return array('WPECS_REDIS_HOST' => '127.0.0.1', 'WPECS_REDIS_PORT' => (string) self::$server->port,
			'WPECS_REDIS_PASSWORD' => self::$server->password);
	}

	public function testWithTheHostTheImagesCacheIsWordPressesExternalCache(): void {
		$raw = self::$server->client();
		$raw->flushAll();
		$r = $this->load($this->env(), dirname(__DIR__, 2) . '/files/object-cache.php');
		$this->assertSame(array('ext' => true, 'class' => 'WPECS_Object_Cache', 'set' => true, 'global' => true,
			'nonpersistent' => true, 'flush_group' => true), $r);
		$keys = $raw->keys('*');
		sort($keys);
		$this->assertSame(array('site:wp_:posts:1:k', 'site:wp_:users:g:u'), $keys,
			'blog 1 for a single site, "g" for a global group, nothing of a non-persistent one');
	}

	public function testWithoutTheHostWordPressKeepsItsOwnCache(): void {
		$r = $this->load(array(), dirname(__DIR__, 2) . '/files/object-cache.php');
		$this->assertFalse($r['ext']);
		$this->assertSame('WP_Object_Cache', $r['class']);
		$this->assertTrue($r['set']);
	}

	public function testUnderAnOlderImageWithoutTheCacheWordPressKeepsItsOwn(): void {
		$r = $this->load($this->env(), $this->dir . '/absent/object-cache.php');
		$this->assertFalse($r['ext']);
		$this->assertSame('WP_Object_Cache', $r['class']);
	}
}
