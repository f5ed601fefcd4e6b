<?php
/**
 * /healthz/live of the wordpress-ecs image (contract C1): liveness. Answers
 * 200 "ok" when Apache and PHP-FPM (the health pool) answer; touches neither
 * the database nor WordPress, so a database outage never gets a task
 * restarted. `wp-init healthcheck` (Docker, ECS) probes it.
 */
header('Content-Type: text/plain; charset=utf-8');
header('Cache-Control: no-store');
echo "ok\n";
