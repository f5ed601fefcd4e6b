<?php
/**
 * /healthz/app of the wordpress-ecs image (contract C1): deploy verification,
 * the load balancer's target health check. Loads WordPress for real (wp-load,
 * must-use and active plugins, the theme) and renders the front page, output
 * discarded, then answers:
 *
 *   500 "fatal: ..."                        WordPress, a plugin or the theme
 *                                           died (a fatal error, or a 5xx of
 *                                           its own while the database answers)
 *   200 "degraded: database unavailable"    the database does not answer: not
 *                                           this task's fault, so not a reason
 *                                           to replace it or roll back
 *   200 "ok" (or "ok: <why it stopped>")    everything else
 *
 * Never redirects (WordPress' redirects are dropped), never cached, never
 * shows the page. A new image whose code dies therefore fails its deployment
 * and the circuit breaker rolls it back, while a database outage does not.
 */

// Decided once, at the very end, whatever WordPress did on the way.
$wpecs_app = array('rendered' => false);
register_shutdown_function(function () use (&$wpecs_app) {
	$error = error_get_last();
	$fatal_types = E_ERROR | E_PARSE | E_CORE_ERROR | E_COMPILE_ERROR | E_USER_ERROR | E_RECOVERABLE_ERROR;
	$status = http_response_code();
	while (ob_get_level() > 0) {
		ob_end_clean();
	}
	if (!headers_sent()) {
		header_remove();
		header('Content-Type: text/plain; charset=utf-8');
		header('Cache-Control: no-store');
	}
	if ($error !== null && ($error['type'] & $fatal_types)) {
		http_response_code(500);
		// PHP has logged the error itself; this names where, for the probe's reader.
		echo 'fatal: WordPress died while loading (' . $error['file'] . ':' . $error['line'] . ")\n";
		return;
	}
	$wpdb = isset($GLOBALS['wpdb']) && is_object($GLOBALS['wpdb']) ? $GLOBALS['wpdb'] : null;
	if ($wpdb === null || empty($wpdb->ready) || empty($wpdb->dbh)) {
		http_response_code(200);
		echo "degraded: database unavailable\n";
		return;
	}
	if ($wpecs_app['rendered']) {
		http_response_code(200);
		echo "ok\n";
		return;
	}
	if (function_exists('is_blog_installed') && !is_blog_installed()) {
		http_response_code(200);
		echo "ok: WordPress is not installed yet\n";
		return;
	}
	if (is_int($status) && $status >= 500) {
		http_response_code(500);
		echo "fatal: WordPress stopped with status $status while the database answers\n";
		return;
	}
	http_response_code(200);
	echo 'ok: WordPress ended the page early' . (is_int($status) ? " (status $status)" : '') . "\n";
});

// A check, not a visitor: no cron run, no error page of WordPress' own (the
// shutdown function above answers), a short database timeout, the front page.
define('WP_DISABLE_FATAL_ERROR_HANDLER', true);
define('DISABLE_WP_CRON', true);
define('WP_USE_THEMES', true);
ini_set('default_socket_timeout', '3');
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['QUERY_STRING'] = '';
$_GET = array();
$_POST = array();
$_REQUEST = array();
$_COOKIE = array();
// The load balancer's check names the task's address, not the site's: without
// this, WordPress' canonical redirect would end the page before the theme
// renders. A filter registered before WordPress loads (plugin.php turns
// this array into hooks).
$GLOBALS['wp_filter'] = array('redirect_canonical' => array(10 => array(
	'wpecs_healthz_app' => array('function' => '__return_false', 'accepted_args' => 1),
)));

ob_start();
require '/var/www/wordpress/wp-blog-header.php';
$wpecs_app['rendered'] = true;
