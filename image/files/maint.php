<?php
/**
 * maint.php of the wordpress-ecs image: maintenance commands for an operator in
 * a running container (`make wp ARGS=...`: docker exec locally, ECS Exec on
 * AWS). Started as root it becomes www-data before WordPress loads, like the
 * servers, so nothing it writes on the shared volume belongs to root.
 *
 *   db-upgrade                upgrade the database schema to this image's WordPress
 *   cache-flush               empty the object cache (wp_cache_flush)
 *   users                     list the users: ID, login, e-mail, roles (tab-separated)
 *   reset-password <login>    set a new generated password and print it once, to the
 *                             terminal only (refused when stdout is not a terminal)
 *
 * Exit status: 0 done; 64 bad usage (one line naming what is wrong); 70 failed
 * (one line saying why); 69 WordPress is not installed.
 */

require_once __DIR__ . '/cli.php';

function wpecs_fail(int $code, string $msg): void
{
	fwrite(STDERR, "maint: $msg\n");
	exit($code);
}

$wpecs_usage = 'usage: maint.php db-upgrade | cache-flush | users | reset-password <login>';
$wpecs_args = array_slice($argv, 1);
$wpecs_cmd = $wpecs_args[0] ?? '';
$wpecs_arity = array('db-upgrade' => 0, 'cache-flush' => 0, 'users' => 0, 'reset-password' => 1);
if ($wpecs_cmd === '') {
	wpecs_fail(64, "no command ($wpecs_usage)");
}
if (!array_key_exists($wpecs_cmd, $wpecs_arity)) {
	wpecs_fail(64, "unknown command '$wpecs_cmd' ($wpecs_usage)");
}
if (count($wpecs_args) - 1 !== $wpecs_arity[$wpecs_cmd]) {
	wpecs_fail(64, "$wpecs_cmd takes " . ($wpecs_arity[$wpecs_cmd] ? 'one argument' : 'no argument') . " ($wpecs_usage)");
}
// The password goes to a person, never into a file or a pipe that may be a log.
if ($wpecs_cmd === 'reset-password' && !(function_exists('posix_isatty') && posix_isatty(STDOUT))) {
	wpecs_fail(64, 'reset-password prints the new password to a terminal only; run it with one (make wp opens one)');
}

// Root (docker exec, ECS Exec) becomes www-data, as the servers run.
if (function_exists('posix_geteuid') && posix_geteuid() === 0) {
	$wpecs_pw = posix_getpwnam('www-data');
	if ($wpecs_pw === false || !posix_setgid($wpecs_pw['gid']) || !posix_initgroups('www-data', $wpecs_pw['gid']) || !posix_setuid($wpecs_pw['uid'])) {
		wpecs_fail(70, 'cannot become www-data');
	}
	putenv('HOME=' . $wpecs_pw['dir']);
}

if ($wpecs_cmd === 'db-upgrade') {
	// The same script wp-init runs at start-up, under the same rules.
	passthru(escapeshellarg(PHP_BINARY) . ' ' . escapeshellarg(__DIR__ . '/db-upgrade.php'), $wpecs_rc);
	exit($wpecs_rc);
}

// An unfinished run (a database error) is a failure with the reason.
wpecs_cli_guard('maint', 'the command finished', 70);

// No cron run from the command line.
define('DOING_CRON', true);
// A site that is not installed makes WordPress redirect to the installer and
// die while it loads: catch that redirect (a hook set before WordPress loads
// becomes a WP_Hook) and say so instead.
$GLOBALS['wp_filter']['wp_redirect'][0][] = array(
	'function'      => static function ($location) {
		if (is_string($location) && strpos($location, '/wp-admin/install.php') !== false) {
			wpecs_cli_done();
			while (ob_get_level() > 0) {
				ob_end_clean();
			}
			wpecs_fail(69, 'WordPress is not installed yet');
		}
		return $location;
	},
	'accepted_args' => 1,
);
ob_start(); // WordPress may print HTML while loading; keep stdout to the answer
require WPECS_WP_LOAD;
ob_end_clean();

if (!is_blog_installed()) {
	wpecs_cli_done();
	wpecs_fail(69, 'WordPress is not installed yet');
}

switch ($wpecs_cmd) {
	case 'cache-flush':
		$wpecs_ok = wp_cache_flush();
		wpecs_cli_done();
		if (!$wpecs_ok) {
			wpecs_fail(70, 'the object cache refused to flush');
		}
		echo 'object cache flushed (' . (wp_using_ext_object_cache() ? 'persistent' : 'per-request only') . ")\n";
		break;

	case 'users':
		echo "ID\tlogin\temail\troles\n";
		foreach (get_users(array('orderby' => 'ID', 'order' => 'ASC', 'blog_id' => 0)) as $wpecs_user) {
			echo $wpecs_user->ID, "\t", $wpecs_user->user_login, "\t", $wpecs_user->user_email, "\t", implode(',', $wpecs_user->roles), "\n";
		}
		wpecs_cli_done();
		break;

	case 'reset-password':
		$wpecs_user = get_user_by('login', $wpecs_args[1]);
		if (!$wpecs_user) {
			wpecs_cli_done();
			wpecs_fail(64, "no user with login '{$wpecs_args[1]}' (make wp ARGS=users lists them)");
		}
		$wpecs_password = wp_generate_password(24, true, false);
		// Also ends the user's sessions everywhere.
		wp_set_password($wpecs_password, $wpecs_user->ID);
		wpecs_cli_done();
		if (!wp_check_password($wpecs_password, get_userdata($wpecs_user->ID)->user_pass, $wpecs_user->ID)) {
			wpecs_fail(70, "the new password of '{$wpecs_user->user_login}' did not take");
		}
		echo "new password of {$wpecs_user->user_login} (shown once): $wpecs_password\n";
		break;
}
exit(0);
