<?php
/**
 * Plugin Name: wordpress-ecs mail
 * Description: wp_mail() through the SMTP server the WPECS_SMTP_* variables name.
 *
 * Shipped in the image (wpecs_lib_dir/mu-plugins) and loaded by
 * wp-config.php, so a new image brings new code and the user's
 * wp-content/mu-plugins is left alone.
 *
 *   WPECS_SMTP_HOST          unset or empty: PHP's mail(), WordPress' own default
 *   WPECS_SMTP_PORT          1-65535; default by mode: tls 465, starttls 587, none 25
 *   WPECS_SMTP_TLS           none | starttls | tls (TLS from the first byte); default starttls
 *   WPECS_SMTP_USER          empty: no AUTH
 *   WPECS_SMTP_PASSWORD      also as WPECS_SMTP_PASSWORD_FILE (read first)
 *   WPECS_MAIL_FROM          the From address; default WordPress' wordpress@<site>
 *   WPECS_MAIL_FROM_NAME     the From name; default WordPress'
 *
 * A bad setting fails every request with one log line naming the variable
 * (like the image's other settings: never a silent default, and /healthz/app
 * answers 500, so a deployment with it rolls back). A message the server
 * refuses (a wrong password, say) is one log line, and WordPress reports the
 * failure to the user as it always does.
 */

if (!defined('ABSPATH')) {
	exit;
}

require_once '/usr/local/lib/wordpress-ecs/env.php';

/** The SMTP settings from the environment; null when WPECS_SMTP_HOST is unset. */
function wpecs_mail_settings() {
	$host = getenv('WPECS_SMTP_HOST');
	if ($host === false || $host === '') {
		return null;
	}
	if (!preg_match('/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)$/', $host)) {
		wpecs_config_error('WPECS_SMTP_HOST', 'must be a host name or address (no port, no scheme)');
	}

	$tls = getenv('WPECS_SMTP_TLS');
	if ($tls === false || $tls === '') {
		$tls = 'starttls';
	}
	$default_ports = array('none' => 25, 'starttls' => 587, 'tls' => 465);
	if (!isset($default_ports[$tls])) {
		wpecs_config_error('WPECS_SMTP_TLS', 'must be none, starttls or tls');
	}

	$port = getenv('WPECS_SMTP_PORT');
	if ($port === false || $port === '') {
		$port = $default_ports[$tls];
	} elseif (!preg_match('/^[0-9]{1,5}$/', $port) || (int) $port < 1 || (int) $port > 65535) {
		wpecs_config_error('WPECS_SMTP_PORT', 'must be a TCP port number (1-65535)');
	} else {
		$port = (int) $port;
	}

	$user = getenv('WPECS_SMTP_USER');
	$user = $user === false ? '' : $user;
	if (getenv('WPECS_SMTP_PASSWORD') !== false && getenv('WPECS_SMTP_PASSWORD_FILE') !== false) {
		wpecs_config_error('WPECS_SMTP_PASSWORD', 'and WPECS_SMTP_PASSWORD_FILE are both set; set only one');
	}
	// NAME_FILE first; an unreadable file stops the request naming the variable.
	$password = getenv_docker('WPECS_SMTP_PASSWORD', '');
	if ($password !== '' && $user === '') {
		wpecs_config_error('WPECS_SMTP_PASSWORD', 'is set but WPECS_SMTP_USER is not (AUTH needs both)');
	}

	$from = getenv('WPECS_MAIL_FROM');
	$from = $from === false ? '' : $from;
	if ($from !== '' && !is_email($from)) {
		wpecs_config_error('WPECS_MAIL_FROM', 'must be an e-mail address');
	}
	$from_name = getenv('WPECS_MAIL_FROM_NAME');
	$from_name = $from_name === false ? '' : $from_name;
	if (preg_match('/[\r\n]/', $from_name)) {
		wpecs_config_error('WPECS_MAIL_FROM_NAME', 'must be one line');
	}

	return array(
		'host'      => $host,
		'port'      => $port,
		'tls'       => $tls,
		'user'      => $user,
		'password'  => $password,
		'from'      => $from,
		'from_name' => $from_name,
	);
}

$wpecs_mail = wpecs_mail_settings();
if ($wpecs_mail !== null) {
	add_action(
		'phpmailer_init',
		static function ($phpmailer) use ($wpecs_mail) {
			$phpmailer->isSMTP();
			$phpmailer->Host = $wpecs_mail['host'];
			$phpmailer->Port = $wpecs_mail['port'];
			// PHPMailer calls STARTTLS 'tls' and TLS from the first byte 'ssl'.
			$phpmailer->SMTPSecure = array('none' => '', 'starttls' => 'tls', 'tls' => 'ssl')[$wpecs_mail['tls']];
			// none means none: no opportunistic STARTTLS either.
			$phpmailer->SMTPAutoTLS = $wpecs_mail['tls'] !== 'none';
			$phpmailer->SMTPAuth = $wpecs_mail['user'] !== '';
			$phpmailer->Username = $wpecs_mail['user'];
			$phpmailer->Password = $wpecs_mail['password'];
			// A page waits for the server: a dead one must not hold it for
			// PHPMailer's default five minutes.
			$phpmailer->Timeout = 15;
			$phpmailer->SMTPDebug = 0;
		}
	);
	if ($wpecs_mail['from'] !== '') {
		add_filter('wp_mail_from', static function () use ($wpecs_mail) {
			return $wpecs_mail['from'];
		});
	}
	if ($wpecs_mail['from_name'] !== '') {
		add_filter('wp_mail_from_name', static function () use ($wpecs_mail) {
			return $wpecs_mail['from_name'];
		});
	}
	// One line per failed message: the server and the reason PHPMailer gives,
	// never the message (it may hold a password-reset link) nor the password.
	add_action(
		'wp_mail_failed',
		static function ($error) use ($wpecs_mail) {
			$reason = is_wp_error($error) ? $error->get_error_message() : 'unknown error';
			if ($wpecs_mail['password'] !== '') {
				$reason = str_replace($wpecs_mail['password'], '[password]', $reason);
			}
			$reason = trim(preg_replace('/\s+/', ' ', $reason));
			error_log(sprintf(
				'wordpress-ecs: mail not sent through %s:%d (WPECS_SMTP_HOST, WPECS_SMTP_PORT%s): %s',
				$wpecs_mail['host'],
				$wpecs_mail['port'],
				$wpecs_mail['user'] !== '' ? ', as WPECS_SMTP_USER ' . $wpecs_mail['user'] . ' with WPECS_SMTP_PASSWORD' : '',
				$reason
			));
		}
	);
}
unset($wpecs_mail);
