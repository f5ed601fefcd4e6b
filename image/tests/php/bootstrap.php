<?php
/**
 * Loads the image's object cache outside WordPress, with the few WordPress
 * functions it calls, and starts real redis-server processes for the tests.
 */
error_reporting(E_ALL);
$GLOBALS['wpecs_test_multisite'] = false;
$GLOBALS['wpecs_test_blog_id'] = 1;
$GLOBALS['wpecs_test_suspend'] = false;
$GLOBALS['wpecs_test_wrong'] = array();

function is_multisite() {
	return $GLOBALS['wpecs_test_multisite'];
}
function get_current_blog_id() {
	return $GLOBALS['wpecs_test_blog_id'];
}
function wp_suspend_cache_addition() {
	return $GLOBALS['wpecs_test_suspend'];
}
function _doing_it_wrong($function, $message, $version) {
	$GLOBALS['wpecs_test_wrong'][] = $function . ': ' . $message;
}

$files = getenv('WPECS_FILES_DIR') ?: dirname(__DIR__, 2) . '/files';
require_once $files . '/env.php';
require_once $files . '/object-cache.php';

/** A redis-server on a free 127.0.0.1 port, with a password, no persistence. */
final class TestRedisServer {
	public $port;
	public $password;
	public $dir;
	private $process;

	public function __construct($password) {
		$this->password = $password;
		$this->dir = sys_get_temp_dir() . '/wpecs-redis-test.' . bin2hex(random_bytes(4));
		mkdir($this->dir, 0700);
		$this->start();
	}

	public function start($port = null) {
		if ($port === null) {
			$probe = stream_socket_server('tcp://127.0.0.1:0');
			$this->port = (int) substr(strrchr(stream_socket_get_name($probe, false), ':'), 1);
			fclose($probe);
		}
		// The password in a configuration file, not on a command line others can read.
		file_put_contents($this->dir . '/redis.conf', implode("\n", array(
			'bind 127.0.0.1', 'port ' . $this->port, 'save ""', 'appendonly no',
			'dir ' . $this->dir, 'requirepass "' . $this->password . '"', '',
		)));
		$this->process = proc_open(array('redis-server', $this->dir . '/redis.conf'),
			array(0 => array('file', '/dev/null', 'r'), 1 => array('file', $this->dir . '/log', 'a'), 2 => array('file', $this->dir . '/log', 'a')),
			$pipes);
		$deadline = microtime(true) + 10;
		while (microtime(true) < $deadline) {
			try {
				$r = $this->client();
				if ($r->ping()) {
					return;
				}
			} catch (RedisException $e) {
				usleep(50000);
			}
		}
		throw new RuntimeException('redis-server did not start: ' . @file_get_contents($this->dir . '/log'));
	}

	public function stop() {
		if ($this->process) {
			proc_terminate($this->process, 9);
			proc_close($this->process);
			$this->process = null;
		}
	}

	public function client() {
		$r = new Redis();
		$r->connect('127.0.0.1', $this->port, 1.0);
		$r->auth($this->password);
		return $r;
	}

	public function settings(array $more = array()) {
		return $more + array('host' => '127.0.0.1', 'port' => $this->port, 'password' => $this->password, 'prefix' => 'test');
	}

	public function __destruct() {
		$this->stop();
		array_map('unlink', glob($this->dir . '/*'));
		@rmdir($this->dir);
	}
}
