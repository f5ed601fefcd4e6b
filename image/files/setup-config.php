<?php
/**
 * /wp-admin/setup-config.php of the wordpress-ecs image (Apache Alias):
 * WordPress' own script never loads wp-config.php, where the installer gate
 * lives, so this wrapper applies the gate first (contract C3), then runs it.
 * The image ships wp-config.php, so WordPress' script only says so.
 */
require __DIR__ . '/install-gate.php';
wpecs_install_gate('/var/www/wordpress', true);
require '/var/www/wordpress/wp-admin/setup-config.php';
