<?php
/**
 * wp-content/object-cache.php, seeded by the wordpress-ecs image.
 *
 * A stable stub: the cache itself is in the image (a new image brings its new
 * code), this file only decides whether to load it. With WPECS_REDIS_HOST
 * set, WordPress uses the image's Redis object cache; without it (or under an
 * older image that has no such file) this defines nothing, and WordPress
 * keeps its own per-request cache: wp_start_object_cache() treats a drop-in
 * that defines no wp_cache_init() as absent.
 */
if ((string) getenv('WPECS_REDIS_HOST') !== '' && is_file('/usr/local/lib/wordpress-ecs/object-cache.php')) {
	require_once '/usr/local/lib/wordpress-ecs/object-cache.php';
}
