<?php
/**
 * wp-config.php of the wordpress-ecs image.
 *
 * Shipped in the image (root-owned) and read on every request: every setting
 * comes from the environment, so a changed secret takes effect with the next
 * deployment and no secret is ever written to disk by the image.
 *
 * Each WORDPRESS_* value is read from NAME_FILE (a file, e.g. a mounted secret)
 * first, then from NAME, then a default. wp-init refuses to start when both
 * NAME and NAME_FILE are set, so the order here only matters for defaults.
 * A NAME_FILE that cannot be read fails the request with a log line naming
 * it (env.php): never a silent default.
 */

// The image's helpers (wpecs_lib_dir of image/ansible/layout.yml).
require_once '/usr/local/lib/wordpress-ecs/env.php';
require_once '/usr/local/lib/wordpress-ecs/install-gate.php';

// ** The installer gate (contract C3) ** //
// install.php answers only to WPECS_INSTALL_ALLOW (default loopback): 403 to
// everyone else, before WordPress or the database is touched.
wpecs_install_gate(__DIR__);

// ** XML-RPC ** //
// Off unless WPECS_XMLRPC=1: xmlrpc.php is a brute-force and pingback-abuse
// target most sites never use. 403 before WordPress loads.
$wpecs_xmlrpc = getenv('WPECS_XMLRPC');
if ($wpecs_xmlrpc !== false && !in_array($wpecs_xmlrpc, array('', '0', '1'), true)) {
	wpecs_config_error('WPECS_XMLRPC', 'must be 1 (XML-RPC on) or 0 / empty (off)');
}
if ($wpecs_xmlrpc !== '1' && PHP_SAPI !== 'cli' && isset($_SERVER['SCRIPT_FILENAME'])
		&& realpath($_SERVER['SCRIPT_FILENAME']) === __DIR__ . '/xmlrpc.php') {
	http_response_code(403);
	header('Content-Type: text/plain; charset=utf-8');
	echo "403 Forbidden: XML-RPC is off (WPECS_XMLRPC)\n";
	exit;
}
unset($wpecs_xmlrpc);

// ** Cron ** //
// WPECS_CRON=external: no page view runs due events (DISABLE_WP_CRON); `wp-init cron`,
// started every minute by a scheduler, runs them once for the whole fleet. wp (the
// default): WordPress's own cron, on whichever replica a visitor reaches.
$wpecs_cron = getenv('WPECS_CRON');
if ($wpecs_cron === 'external') {
	define('DISABLE_WP_CRON', true);
} elseif ($wpecs_cron !== false && $wpecs_cron !== '' && $wpecs_cron !== 'wp') {
	wpecs_config_error('WPECS_CRON', 'must be wp (WordPress runs due events on page views, the default) or external (DISABLE_WP_CRON; wp-init cron runs them)');
}
unset($wpecs_cron);

/** Where the shared volume (EFS, docker volume) is mounted. */
$wpecs_shared_dir = rtrim(getenv('WPECS_SHARED_DIR') ?: '/var/www/shared', '/');

// ** Database settings ** //
define('DB_NAME', getenv_docker('WORDPRESS_DB_NAME', 'wordpress'));
define('DB_USER', getenv_docker('WORDPRESS_DB_USER', 'wordpress'));
define('DB_PASSWORD', getenv_docker('WORDPRESS_DB_PASSWORD', ''));
// host or host:port; WordPress parses the port itself.
define('DB_HOST', getenv_docker('WORDPRESS_DB_HOST', 'mysql'));
define('DB_CHARSET', getenv_docker('WORDPRESS_DB_CHARSET', 'utf8mb4'));
define('DB_COLLATE', getenv_docker('WORDPRESS_DB_COLLATE', ''));

$table_prefix = getenv_docker('WORDPRESS_TABLE_PREFIX', 'wp_');

// ** Keys and salts ** //
// From the environment (or NAME_FILE) when given; otherwise from the file wp-init
// generates once, under the seeding lock, on the shared volume, so that every
// replica uses the same ones. A key missing from both is left undefined and
// WordPress falls back to keys stored in the database (still shared).
$wpecs_salts = @include $wpecs_shared_dir . '/.wpecs/salts.php';
if (!is_array($wpecs_salts)) {
	$wpecs_salts = array();
}
foreach (array('AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY',
		'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT') as $wpecs_key) {
	$wpecs_value = getenv_docker('WORDPRESS_' . $wpecs_key, '');
	if ($wpecs_value === '' && isset($wpecs_salts[$wpecs_key])) {
		$wpecs_value = (string) $wpecs_salts[$wpecs_key];
	}
	if ($wpecs_value !== '') {
		define($wpecs_key, $wpecs_value);
	}
}
unset($wpecs_salts, $wpecs_key, $wpecs_value);

// ** Behind a load balancer ** //
// The ALB (or the local proxy) terminates TLS and says so in X-Forwarded-Proto:
// treat the request as HTTPS so WordPress builds https links and does not
// redirect back and forth. Apache's mod_remoteip already fixed REMOTE_ADDR.
if (isset($_SERVER['HTTP_X_FORWARDED_PROTO'])
		&& stripos($_SERVER['HTTP_X_FORWARDED_PROTO'], 'https') !== false) {
	$_SERVER['HTTPS'] = 'on';
}

// ** Files ** //
// Core is immutable in the image; only wp-content lives on the shared volume.
define('WP_CONTENT_DIR', $wpecs_shared_dir . '/wp-content');
define('DISALLOW_FILE_EDIT', filter_var(getenv_docker('WORDPRESS_DISALLOW_FILE_EDIT', 'true'), FILTER_VALIDATE_BOOLEAN));
define('FS_METHOD', 'direct');
// The core cannot be updated in place (it is part of the image): a new image is
// how WordPress is upgraded. Plugins and themes still update on the volume.
define('WP_AUTO_UPDATE_CORE', false);

// ** Debugging ** //
define('WP_DEBUG', getenv_docker('WORDPRESS_DEBUG', '') !== '' && getenv_docker('WORDPRESS_DEBUG', '') !== '0');
if (WP_DEBUG) {
	define('WP_DEBUG_LOG', 'php://stderr'); // container logs, not a file on the volume
	define('WP_DEBUG_DISPLAY', false);
}

// ** Extra configuration ** //
// Like the official image: PHP code from the environment, e.g.
// WORDPRESS_CONFIG_EXTRA="define('WP_HOME', 'https://example.org');"
$wpecs_config_extra = getenv_docker('WORDPRESS_CONFIG_EXTRA', '');
if ($wpecs_config_extra !== '') {
	eval($wpecs_config_extra);
}
unset($wpecs_config_extra);

// ** URLs ** //
// Never from the Host header, which the client chooses (cache poisoning,
// links to another site in e-mails). WORDPRESS_SITE_URL, when set, is the
// site's address (C3): home, site and content URLs come from it. Otherwise
// WordPress uses the siteurl stored at install and derives the content URL
// from it (Apache serves /wp-content from the volume). Either way the scheme
// follows the request (https behind the load balancer's TLS).
$wpecs_site_url = getenv_docker('WORDPRESS_SITE_URL', '');
if ($wpecs_site_url !== '') {
	if (!preg_match('#^https?://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?(/[^\s?\#]*)?$#', $wpecs_site_url)) {
		wpecs_config_error('WORDPRESS_SITE_URL', 'must be an http(s) URL such as https://www.example.org');
	}
	$wpecs_site_url = rtrim($wpecs_site_url, '/');
	foreach (array('WP_HOME' => '', 'WP_SITEURL' => '', 'WP_CONTENT_URL' => '/wp-content') as $wpecs_name => $wpecs_path) {
		if (!defined($wpecs_name)) {
			define($wpecs_name, $wpecs_site_url . $wpecs_path);
		}
	}
	unset($wpecs_name, $wpecs_path);
}
unset($wpecs_site_url);
unset($wpecs_shared_dir);

/* That's all, stop editing! Happy publishing. */

/** Absolute path to the WordPress directory. */
if (!defined('ABSPATH')) {
	define('ABSPATH', __DIR__ . '/');
}

// ** The image's must-use plugins ** //
// Shipped in the image, not on the shared volume: a new image brings their new
// code, and wp-content/mu-plugins stays the user's. WordPress turns a hook set
// before it loads into a WP_Hook (pre-initialised hooks).
$GLOBALS['wp_filter']['muplugins_loaded'][0][] = array(
	'function'      => static function () {
		foreach (glob('/usr/local/lib/wordpress-ecs/mu-plugins/*.php') ?: array() as $wpecs_mu_plugin) {
			require_once $wpecs_mu_plugin;
		}
	},
	'accepted_args' => 0,
);

/** Sets up WordPress vars and included files. */
require_once ABSPATH . 'wp-settings.php';
