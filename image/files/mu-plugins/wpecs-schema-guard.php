<?php
/**
 * Old and new WordPress code on one database, during a rolling deploy to a
 * newer WordPress: the first new replica's wp-init upgrades the database
 * (db-upgrade.php, under the seeding lock, before that replica serves), and
 * the old replicas go on serving until each one is drained. An ECS rollback
 * to the previous image after the upgrade is the same case, for longer.
 *
 * What WordPress itself does then (local/README.md, "Upgrading WordPress"):
 * - old code compares the stored db_version with its own $wp_db_version by
 *   "not equal", takes the newer database for an older one, and sends every
 *   wp-admin page to wp-admin/upgrade.php; there, the button or
 *   ?step=upgrade_db (which asks for no login) runs the OLD wp_upgrade(),
 *   which writes the OLD db_version back: the new replicas then ask for the
 *   upgrade again and the next start runs it a second time;
 * - new code (6.8 and later) rehashes a password with bcrypt at its owner's
 *   next login and derives the login cookie from the new hash: older code
 *   can check neither, so that user is logged out, and cannot log in, on
 *   every old replica still serving.
 *
 * So, while the stored db_version is above this code's:
 * - this code reads db_version as its own (wp-admin shows its pages) and
 *   answers wp-admin/upgrade.php with 503 and Retry-After, never running
 *   wp_upgrade(): upgrading is wp-init's job, once per new image;
 * - it notes the time in the option wpecs_older_code_seen (at most every
 *   30 s), and code as new as the database does not rehash passwords until
 *   no older code has been seen for WPECS_OLDER_CODE_WINDOW seconds.
 * Code as new as the database, or newer, is otherwise left alone.
 */

if (!defined('ABSPATH')) {
	exit;
}
// Not installed yet (the installer's requests): no tables to read.
if (!is_blog_installed()) {
	return;
}

const WPECS_OLDER_CODE_OPTION = 'wpecs_older_code_seen';
const WPECS_OLDER_CODE_WINDOW = 120;

// Read before the filter below exists: the stored value.
$wpecs_stored_db_version = (int) get_option('db_version');
$wpecs_code_db_version = (int) ($GLOBALS['wp_db_version'] ?? 0);

if ($wpecs_code_db_version > 0 && $wpecs_stored_db_version > $wpecs_code_db_version) {
	add_filter('option_db_version', static function () use ($wpecs_code_db_version) {
		return (string) $wpecs_code_db_version;
	});

	if (PHP_SAPI !== 'cli' && time() - (int) get_option(WPECS_OLDER_CODE_OPTION, 0) > 30) {
		update_option(WPECS_OLDER_CODE_OPTION, time(), false);
	}

	if (defined('WP_INSTALLING') && WP_INSTALLING && PHP_SAPI !== 'cli'
		&& str_ends_with((string) ($_SERVER['SCRIPT_FILENAME'] ?? ''), '/wp-admin/upgrade.php')) {
		status_header(503);
		header('Retry-After: 10');
		header('Cache-Control: no-store');
		header('Content-Type: text/plain; charset=utf-8');
		echo "This server runs an older WordPress than the database and is being replaced. Try again in a moment.\n";
		exit;
	}
} else {
	// WordPress 6.8 and later: the rehash at login waits for the older code to be gone.
	add_filter('password_needs_rehash', static function ($needs) {
		return $needs && time() - (int) get_option(WPECS_OLDER_CODE_OPTION, 0) > WPECS_OLDER_CODE_WINDOW;
	});
}
unset($wpecs_stored_db_version, $wpecs_code_db_version);
