<?php
/**
 * cli.php of the wordpress-ecs image: what its command-line scripts
 * (db-upgrade.php, install.php, cron.php, maint.php) share. Each requires it
 * first; it refuses any server API but the CLI.
 *
 *   WPECS_WP_LOAD                   WordPress's wp-load.php (WPECS_WORDPRESS_DIR, or
 *                                   the image's tree). The script requires it at file
 *                                   scope: wp-config.php's variables are globals.
 *   wpecs_cli_guard($prefix, $what, $code [, $first])
 *                                   until wpecs_cli_done(), a stop of PHP (WordPress's
 *                                   die() exits 0 on a database error) exits $code with
 *                                   one line: "$prefix: WordPress stopped before $what:
 *                                   <the text of the page WordPress printed>". $first,
 *                                   when given, runs before that and may exit itself.
 *   wpecs_cli_done()                the script got to its end: a stop is no failure.
 */

if (PHP_SAPI !== 'cli') {
	http_response_code(404);
	exit(1);
}

define('WPECS_WP_LOAD', (getenv('WPECS_WORDPRESS_DIR') ?: '/var/www/wordpress') . '/wp-load.php');

$GLOBALS['wpecs_cli_done'] = false;

function wpecs_cli_done(): void
{
	$GLOBALS['wpecs_cli_done'] = true;
}

function wpecs_cli_guard(string $prefix, string $what, int $code, ?callable $first = null): void
{
	register_shutdown_function(static function () use ($prefix, $what, $code, $first) {
		if ($GLOBALS['wpecs_cli_done']) {
			return;
		}
		if ($first !== null) {
			$first();
		}
		$page = '';
		while (ob_get_level() > 0) {
			$page .= ob_get_clean();
		}
		// The error page's text, without its head and styles.
		$page = preg_replace('#<(head|style|script)\b.*?</\1>#si', '', $page);
		$why = trim(preg_replace('/\s+/', ' ', html_entity_decode(strip_tags($page))));
		fwrite(STDERR, "$prefix: WordPress stopped before $what"
			. ($why !== '' ? ': ' . substr($why, 0, 300) : '') . "\n");
		exit($code);
	});
}
