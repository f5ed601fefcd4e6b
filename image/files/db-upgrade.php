<?php
/**
 * db-upgrade.php of the wordpress-ecs image: run by wp-init (as www-data, with
 * the PHP CLI) under the seeding lock once the database answers, so that a new
 * image with a newer WordPress upgrades the schema exactly once, before any
 * request is served.
 *
 * Prints one of:
 *   database upgraded from X to Y
 *   database up to date
 *   WordPress not installed yet
 * Exit status 0 unless the upgrade failed (or WordPress stopped on an error).
 */

if (PHP_SAPI !== 'cli') {
	http_response_code(404);
	exit(1);
}

$wpecs_done = false;
// WordPress stops with die() (exit status 0) on a database error: turn an
// unfinished run into a failure wp-init can see.
register_shutdown_function(function () use (&$wpecs_done) {
	if (!$wpecs_done) {
		$page = '';
		while (ob_get_level() > 0) {
			$page .= ob_get_clean();
		}
		$why = trim(preg_replace('/\s+/', ' ', html_entity_decode(strip_tags($page))));
		fwrite(STDERR, 'db-upgrade: WordPress stopped before the upgrade check finished'
			. ($why !== '' ? ': ' . substr($why, 0, 300) : '') . "\n");
		exit(1);
	}
});

// Like wp-admin/upgrade.php: no redirect to install.php, no cron, no plugins' upgrade hooks.
define('WP_INSTALLING', true);
$wpecs_root = getenv('WPECS_WORDPRESS_DIR') ?: '/var/www/wordpress';

ob_start(); // WordPress may print HTML while loading; keep stdout to our one line
require $wpecs_root . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
$wpecs_noise = ob_get_clean();

global $wpdb, $wp_db_version;

if (!is_blog_installed()) {
	echo "WordPress not installed yet\n";
	$wpecs_done = true;
	exit(0);
}

// Read the stored version from the table, not from the options cache.
$wpecs_read_version = function () use ($wpdb) {
	return (int) $wpdb->get_var("SELECT option_value FROM {$wpdb->options} WHERE option_name = 'db_version'");
};
$from = $wpecs_read_version();
$to = (int) $wp_db_version;
if ($from >= $to) {
	echo "database up to date\n";
	$wpecs_done = true;
	exit(0);
}

ob_start();
wp_upgrade();
$wpecs_noise .= ob_get_clean();
$after = $wpecs_read_version();
$wpecs_done = true;
if ($after !== $to) {
	fwrite(STDERR, "db-upgrade: upgrade from $from to $to failed (db_version is now $after)"
		. ($wpdb->last_error !== '' ? ": {$wpdb->last_error}" : '') . "\n");
	exit(1);
}
echo "database upgraded from $from to $to\n";
exit(0);
