<?php
/**
 * cron.php of the wordpress-ecs image: WordPress's due cron events, run once from
 * the command line by `wp-init cron` (as www-data, under the fleet-wide cron lock on
 * the shared volume) when WPECS_CRON=external turns page-view cron off.
 *
 * What core's wp-cron.php does, step for step, so the two never run one event
 * twice: WordPress's own lock (the doing_cron transient) is taken unless a
 * page-view cron holds it (a replica still on WPECS_CRON=wp during a change), each
 * due event is rescheduled or unscheduled before its hook runs, and the lock is
 * checked after each hook. Unlike wp-cron.php it reports: one summary line, and a
 * non-zero exit status when a hook threw or WordPress stopped before the end.
 *
 * Exit status: 0 (events ran, none due, or another cron holds WordPress's lock),
 * 1 (a hook failed, or WordPress stopped early).
 */

require_once __DIR__ . '/cli.php';
// An unfinished run (a database error) is a failure wp-init can see.
wpecs_cli_guard('cron', 'the due events were run', 1, static function () {
	// Before the first install WordPress redirects to install.php and dies while it
	// loads: nothing to run yet, not a failure (a database that does not answer
	// never gets here: wpdb is not ready then).
	if (isset($GLOBALS['wpdb']) && !empty($GLOBALS['wpdb']->ready)
			&& function_exists('is_blog_installed') && !did_action('muplugins_loaded') && !is_blog_installed()) {
		while (ob_get_level() > 0) {
			ob_end_clean();
		}
		echo "cron: WordPress is not installed yet; nothing to run\n";
		exit(0);
	}
});

// Like wp-cron.php: DOING_CRON tells plugins (and spawn_cron) that this is the cron run.
define('DOING_CRON', true);

ob_start(); // WordPress may print HTML while loading; keep stdout to our one line
require WPECS_WP_LOAD;
ob_end_clean();

if (!is_blog_installed()) {
	echo "cron: WordPress is not installed yet; nothing to run\n";
	wpecs_cli_done();
	exit(0);
}

wp_raise_memory_limit('cron');

/** WordPress's cron lock as stored, bypassing the options cache (wp-cron.php's _get_cron_lock()). */
function wpecs_cron_lock() {
	global $wpdb;
	if (wp_using_ext_object_cache()) {
		return wp_cache_get('doing_cron', 'transient', true);
	}
	$row = $wpdb->get_row($wpdb->prepare(
		"SELECT option_value FROM $wpdb->options WHERE option_name = %s LIMIT 1", '_transient_doing_cron'));
	return is_object($row) ? $row->option_value : 0;
}

$wpecs_started = microtime(true);
$wpecs_crons = wp_get_ready_cron_jobs();
if (empty($wpecs_crons)) {
	echo "cron: no event due\n";
	wpecs_cli_done();
	exit(0);
}

$wpecs_held = get_transient('doing_cron');
if ($wpecs_held && $wpecs_held + WP_CRON_LOCK_TIMEOUT > $wpecs_started) {
	printf("cron: WordPress's own cron lock (doing_cron) was taken %.0f s ago; leaving the due events to it\n",
		$wpecs_started - $wpecs_held);
	wpecs_cli_done();
	exit(0);
}
$wpecs_lock = sprintf('%.22F', microtime(true));
set_transient('doing_cron', $wpecs_lock);

$wpecs_ran = array();
$wpecs_failed = array();
$wpecs_lost_lock = false;
foreach ($wpecs_crons as $wpecs_timestamp => $wpecs_hooks) {
	if ($wpecs_timestamp > $wpecs_started) {
		break;
	}
	foreach ($wpecs_hooks as $wpecs_hook => $wpecs_events) {
		foreach ($wpecs_events as $wpecs_event) {
			if ($wpecs_event['schedule']) {
				$wpecs_result = wp_reschedule_event($wpecs_timestamp, $wpecs_event['schedule'], $wpecs_hook, $wpecs_event['args'], true);
				if (is_wp_error($wpecs_result)) {
					error_log("cron: cannot reschedule $wpecs_hook: " . $wpecs_result->get_error_message());
					do_action('cron_reschedule_event_error', $wpecs_result, $wpecs_hook, $wpecs_event);
				}
			}
			$wpecs_result = wp_unschedule_event($wpecs_timestamp, $wpecs_hook, $wpecs_event['args'], true);
			if (is_wp_error($wpecs_result)) {
				error_log("cron: cannot unschedule $wpecs_hook: " . $wpecs_result->get_error_message());
				do_action('cron_unschedule_event_error', $wpecs_result, $wpecs_hook, $wpecs_event);
			}
			try {
				do_action_ref_array($wpecs_hook, $wpecs_event['args']);
				$wpecs_ran[] = $wpecs_hook;
			} catch (Throwable $e) {
				// One broken hook must not keep the others from running; the run still fails.
				$wpecs_failed[] = $wpecs_hook;
				error_log(sprintf('cron: %s failed: %s: %s in %s:%d', $wpecs_hook, get_class($e),
					$e->getMessage(), $e->getFile(), $e->getLine()));
			}
			// A hook that ran past WP_CRON_LOCK_TIMEOUT may have lost WordPress's lock to a
			// page-view cron: stop, as wp-cron.php does, rather than race it.
			if (wpecs_cron_lock() !== $wpecs_lock) {
				$wpecs_lost_lock = true;
				break 3;
			}
		}
	}
}
if (!$wpecs_lost_lock) {
	delete_transient('doing_cron');
}

$wpecs_summary = array();
foreach (array_count_values($wpecs_ran) as $wpecs_name => $wpecs_count) {
	$wpecs_summary[] = $wpecs_count > 1 ? "$wpecs_name x$wpecs_count" : $wpecs_name;
}
printf("cron: ran %d due event(s) in %.1f s%s%s%s\n", count($wpecs_ran), microtime(true) - $wpecs_started,
	$wpecs_summary ? ': ' . implode(', ', $wpecs_summary) : '',
	$wpecs_failed ? '; failed: ' . implode(', ', $wpecs_failed) : '',
	$wpecs_lost_lock ? "; stopped: WordPress's cron lock was taken over" : '');
wpecs_cli_done();
exit($wpecs_failed ? 1 : 0);
