<?php
/**
 * install.php of the wordpress-ecs image: the first install from settings, so that
 * nobody who reaches a new site before its owner can install it and become its
 * administrator. wp-init runs it (as www-data, with the PHP CLI) under the seeding
 * lock, after the database answered and the keys and salts exist, when
 * WORDPRESS_ADMIN_PASSWORD (or _FILE) is set. wp-init has validated the settings and
 * passes them in this process's environment only (the password never in argv):
 *   WORDPRESS_SITE_URL, WORDPRESS_SITE_TITLE, WORDPRESS_ADMIN_USER,
 *   WORDPRESS_ADMIN_EMAIL, WORDPRESS_ADMIN_PASSWORD
 *
 * Prints one of:
 *   WordPress installed: <url> (administrator <user>)
 *   WordPress already installed
 * Exit status:
 *   0   installed now, or already installed (nothing changed then)
 *   64  a setting is missing (one line naming it)
 *   70  the install failed, or WordPress stopped on an error (one line saying why)
 */

// The image's command-line helpers (wpecs_lib_dir of image/ansible/layout.yml).
require_once '/usr/local/lib/wordpress-ecs/cli.php';

$wpecs_settings = array();
foreach (array('WORDPRESS_SITE_URL', 'WORDPRESS_SITE_TITLE', 'WORDPRESS_ADMIN_USER',
		'WORDPRESS_ADMIN_EMAIL', 'WORDPRESS_ADMIN_PASSWORD') as $wpecs_name) {
	$wpecs_value = getenv($wpecs_name);
	if ($wpecs_value === false || $wpecs_value === '') {
		fwrite(STDERR, "install: $wpecs_name is not set\n");
		exit(64);
	}
	$wpecs_settings[$wpecs_name] = $wpecs_value;
}
// Not inherited by anything WordPress might start.
putenv('WORDPRESS_ADMIN_PASSWORD');

// An unfinished run (a database error) is a failure wp-init can see.
wpecs_cli_guard('install', 'the install finished', 70);

define('WP_INSTALLING', true);

ob_start(); // WordPress may print HTML while loading; keep stdout to our one line
require WPECS_WP_LOAD;
// Pluggable in upgrade.php: no e-mail from a container that has no mailer.
function wp_new_blog_notification($blog_title, $blog_url, $user_id, $password) {
}
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
ob_end_clean();

if (is_blog_installed()) {
	echo "WordPress already installed\n";
	wpecs_cli_done();
	exit(0);
}

// Before wp_install() reads it: the URL comes from the setting, never from a guess
// (the CLI has no Host header to guess from).
if (!defined('WP_SITEURL')) {
	define('WP_SITEURL', $wpecs_settings['WORDPRESS_SITE_URL']);
}

// A user left by an interrupted run keeps its old password in wp_install(); the
// setting is what the owner expects to log in with, so it is set afterwards.
// On an empty database the users table does not exist yet: no error printed for that.
$wpecs_quiet = $wpdb->suppress_errors(true);
$wpecs_existing_user = username_exists($wpecs_settings['WORDPRESS_ADMIN_USER']);
$wpdb->suppress_errors($wpecs_quiet);

ob_start();
$wpecs_result = wp_install(
	$wpecs_settings['WORDPRESS_SITE_TITLE'],
	$wpecs_settings['WORDPRESS_ADMIN_USER'],
	$wpecs_settings['WORDPRESS_ADMIN_EMAIL'],
	true,
	'',
	wp_slash($wpecs_settings['WORDPRESS_ADMIN_PASSWORD'])
);
ob_end_clean();

wpecs_cli_done();
if (!is_array($wpecs_result) || empty($wpecs_result['user_id']) || !is_blog_installed()) {
	fwrite(STDERR, 'install: wp_install() failed'
		. ($wpdb->last_error !== '' ? ": {$wpdb->last_error}" : '') . "\n");
	exit(70);
}
if ($wpecs_existing_user) {
	wp_set_password($wpecs_settings['WORDPRESS_ADMIN_PASSWORD'], $wpecs_existing_user);
}
update_option('siteurl', $wpecs_settings['WORDPRESS_SITE_URL']);
update_option('home', $wpecs_settings['WORDPRESS_SITE_URL']);
echo "WordPress installed: {$wpecs_settings['WORDPRESS_SITE_URL']} (administrator {$wpecs_settings['WORDPRESS_ADMIN_USER']})\n";
exit(0);
