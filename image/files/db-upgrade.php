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

require_once __DIR__ . '/cli.php';
// An unfinished run (a database error) is a failure wp-init can see.
wpecs_cli_guard('db-upgrade', 'the upgrade check finished', 1);

// Like wp-admin/upgrade.php: no redirect to install.php, no cron, no plugins' upgrade hooks.
define('WP_INSTALLING', true);
ob_start(); // WordPress may print HTML while loading; keep stdout to our one line
require WPECS_WP_LOAD;
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
ob_end_clean();

global $wpdb, $wp_db_version;

if (!is_blog_installed()) {
	echo "WordPress not installed yet\n";
	wpecs_cli_done();
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
	wpecs_cli_done();
	exit(0);
}

ob_start();
wp_upgrade();
ob_end_clean();
$after = $wpecs_read_version();
wpecs_cli_done();
if ($after !== $to) {
	fwrite(STDERR, "db-upgrade: upgrade from $from to $to failed (db_version is now $after)"
		. ($wpdb->last_error !== '' ? ": {$wpdb->last_error}" : '') . "\n");
	exit(1);
}
echo "database upgraded from $from to $to\n";
exit(0);
