<?php
/**
 * /healthz of the wordpress-ecs image (contract C1): readiness. Apache Alias,
 * WordPress is not loaded.
 *
 * 200 "ok" when PHP runs and the database answers a SELECT 1 with the
 * WORDPRESS_DB_* settings; 503 otherwise; 500 when a WORDPRESS_*_FILE secret
 * cannot be read (logged with the variable's name). Never redirects, works
 * before WordPress is installed, and never prints a secret. The local load
 * balancer routes on it; liveness is /healthz/live, deploy verification
 * /healthz/app.
 */

header('Content-Type: text/plain; charset=utf-8');
header('Cache-Control: no-store');

require_once __DIR__ . '/env.php';

function healthz_env($name, $default) {
	return getenv_docker($name, $default);
}

function healthz_fail($reason) {
	http_response_code(503);
	echo "unavailable: $reason\n";
	exit;
}

// host, host:port, [v6]:port or host:/path/to/socket, like WordPress' DB_HOST.
$host = healthz_env('WORDPRESS_DB_HOST', 'mysql');
$port = 3306;
$socket = null;
if (preg_match('/^\[(.+)\](?::(\d+))?$/', $host, $m)) {
	$host = $m[1];
	$port = isset($m[2]) ? (int) $m[2] : 3306;
} elseif (substr_count($host, ':') === 1) {
	list($host, $rest) = explode(':', $host, 2);
	if (ctype_digit($rest)) {
		$port = (int) $rest;
	} else {
		$socket = $rest;
	}
}

mysqli_report(MYSQLI_REPORT_OFF);
$db = mysqli_init();
if ($db === false) {
	healthz_fail('mysqli unavailable');
}
$timeout = (int) (getenv('WPECS_HEALTHZ_DB_TIMEOUT') ?: 2);
$db->options(MYSQLI_OPT_CONNECT_TIMEOUT, $timeout);
$db->options(MYSQLI_OPT_READ_TIMEOUT, $timeout);
if (!@$db->real_connect($host, healthz_env('WORDPRESS_DB_USER', 'wordpress'),
		healthz_env('WORDPRESS_DB_PASSWORD', ''), healthz_env('WORDPRESS_DB_NAME', 'wordpress'),
		$port, $socket)) {
	healthz_fail('database connection failed (' . mysqli_connect_errno() . ')');
}
$result = @$db->query('SELECT 1');
if ($result === false) {
	healthz_fail('database query failed (' . $db->errno . ')');
}
$result->free();
$db->close();

echo "ok\n";
