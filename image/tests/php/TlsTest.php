<?php
use PHPUnit\Framework\TestCase;

/**
 * WPECS_REDIS_TLS=1 against a real redis-server speaking TLS only, with a
 * certificate from a CA made here: trusted (PHP's openssl.cafile, where the
 * image has the system's CAs that sign ElastiCache's certificates), the cache
 * works; not trusted, or plain TCP to the TLS port, it degrades with one log
 * line and no PHP warning. Each case is a PHP of its own (openssl.cafile is
 * read at start).
 */
final class TlsTest extends TestCase {
	private static $dir;
	private static $port;
	private static $process;
	private static $password;

	public static function setUpBeforeClass(): void {
		self::$dir = sys_get_temp_dir() . '/wpecs-tls.' . bin2hex(random_bytes(4));
		mkdir(self::$dir, 0700);
		$d = escapeshellarg(self::$dir);
		$openssl = "cd $d && openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 1 -subj '/CN=wpecs test CA'"
			. " && openssl req -newkey rsa:2048 -nodes -keyout srv.key -out srv.csr -subj '/CN=localhost'"
			. " && printf 'subjectAltName=DNS:localhost\\n' > ext"
			. " && openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out srv.pem -days 1 -extfile ext";
		exec("($openssl) >/dev/null 2>&1", $out, $status);
		if ($status !== 0) {
			throw new RuntimeException('openssl could not make the test certificates');
		}
		$probe = stream_socket_server('tcp://127.0.0.1:0');
		self::$port = (int) substr(strrchr(stream_socket_get_name($probe, false), ':'), 1);
		fclose($probe);
		self::$password = 'tls-' . bin2hex(random_bytes(8));
		file_put_contents(self::$dir . '/redis.conf', implode("\n", array(
			'bind 127.0.0.1', 'port 0', 'tls-port ' . self::$port, 'save ""', 'dir ' . self::$dir,
			'tls-cert-file ' . self::$dir . '/srv.pem', 'tls-key-file ' . self::$dir . '/srv.key',
			'tls-ca-cert-file ' . self::$dir . '/ca.pem', 'tls-auth-clients no',
			'requirepass "' . self::$password . '"', '',
		)));
		self::$process = proc_open(array('redis-server', self::$dir . '/redis.conf'),
			array(0 => array('file', '/dev/null', 'r'), 1 => array('file', self::$dir . '/log', 'a'), 2 => array('file', self::$dir . '/log', 'a')), $pipes);
		for ($i = 0; $i < 100 && !@fsockopen('127.0.0.1', self::$port); $i++) {
			usleep(50000);
		}
	}

	public static function tearDownAfterClass(): void {
		proc_terminate(self::$process, 9);
		proc_close(self::$process);
		array_map('unlink', glob(self::$dir . '/*'));
		rmdir(self::$dir);
	}

	/** Two requests in a fresh PHP: the first writes, the second reads. */
	private function run_php(array $ini, $tls) {
		$files = dirname(__DIR__, 2) . '/files';
		$state = self::$dir . '/state.' . bin2hex(random_bytes(3));
		mkdir($state);
		$code = 'require "' . $files . '/env.php"; require "' . $files . '/object-cache.php";
$s = array("host" => "localhost", "port" => ' . self::$port . ', "tls" => ' . ($tls ? 'true' : 'false') . ',
	"password" => "' . self::$password . '", "prefix" => "tls", "state_dir" => "' . $state . '");
$a = new WPECS_Object_Cache($s); $a->set("k", "over TLS");
$b = new WPECS_Object_Cache($s);
echo json_encode(array("got" => $b->get("k"), "connected" => $b->is_connected()));';
		$args = array(PHP_BINARY, '-d', 'log_errors=1', '-d', 'error_log=', '-d', 'display_errors=stderr');
		foreach ($ini as $k => $v) {
			$args[] = '-d';
			$args[] = "$k=$v";
		}
		$args[] = '-r';
		$args[] = $code;
		$p = proc_open($args, array(1 => array('pipe', 'w'), 2 => array('pipe', 'w')), $pipes);
		$out = stream_get_contents($pipes[1]);
		$err = stream_get_contents($pipes[2]);
		$this->assertSame(0, proc_close($p), $out . $err);
		array_map('unlink', glob($state . '/*'));
		rmdir($state);
		return array(json_decode($out, true), array_values(array_filter(explode("\n", $err))));
	}

	public function testTrustedCertificateWorks(): void {
		list($r, $log) = $this->run_php(array('openssl.cafile' => self::$dir . '/ca.pem'), true);
		$this->assertSame(array('got' => 'over TLS', 'connected' => true), $r);
		$this->assertSame(array(), $log);
	}

	public function testUntrustedCertificateDegradesWithOneLine(): void {
		list($r, $log) = $this->run_php(array(), true);
		$this->assertSame(array('got' => false, 'connected' => false), $r);
		$this->assertCount(1, $log, implode("\n", $log));
		$this->assertStringContainsString('Redis at localhost:' . self::$port . ' unavailable (TLS failed', $log[0]);
	}

	public function testPlainTcpToATlsServerDegradesWithOneLine(): void {
		list($r, $log) = $this->run_php(array('openssl.cafile' => self::$dir . '/ca.pem'), false);
		$this->assertSame(array('got' => false, 'connected' => false), $r);
		$this->assertCount(1, $log, implode("\n", $log));
		$this->assertStringContainsString('unavailable', $log[0]);
	}
}
