<?php
/**
 * env.php of the wordpress-ecs image: how the image's PHP (wp-config.php,
 * healthz.php) reads its settings. Included, never served.
 *
 * NAME_FILE (a mounted secret) is read first, then NAME, then a default.
 * When NAME_FILE is set it must be a regular file of at most 64 KiB that
 * PHP can read: otherwise the request fails (500, or exit status 1 on the
 * command line) with one log line naming the variable, never its value.
 * Falling back to a default instead would connect with an empty password,
 * or generate links from a default URL, and hide the real fault.
 */

if (!function_exists('wpecs_config_error')) {
	/** Stops the request: one log line naming what is wrong, a bare 500. */
	function wpecs_config_error($variable, $problem) {
		error_log("wordpress-ecs: $variable $problem");
		if (PHP_SAPI === 'cli') {
			exit(1);
		}
		if (!headers_sent()) {
			http_response_code(500);
			header('Content-Type: text/plain; charset=utf-8');
			header('Cache-Control: no-store');
		}
		echo "configuration error: see the container's log\n";
		exit;
	}

	/** The content of the secret file named by $variable, or the request stops. */
	function wpecs_secret_file($variable, $path) {
		clearstatcache(true, $path);
		if (!@is_file($path)) {
			wpecs_config_error($variable, 'names a path that is not a regular file (or cannot be reached)');
		}
		$size = @filesize($path);
		if ($size === false || $size > 65536) {
			wpecs_config_error($variable, 'names a file larger than 64 KiB (or its size cannot be read)');
		}
		$value = @file_get_contents($path);
		if ($value === false) {
			wpecs_config_error($variable, 'names a file the web user cannot read');
		}
		return $value;
	}
}

if (!function_exists('getenv_docker')) {
	/** NAME_FILE, then NAME, then $default (the official image's helper, stricter). */
	function getenv_docker($name, $default) {
		$file = getenv($name . '_FILE');
		if ($file !== false && $file !== '') {
			return rtrim(wpecs_secret_file($name . '_FILE', $file), "\r\n");
		}
		$value = getenv($name);
		return $value === false ? $default : $value;
	}
}
