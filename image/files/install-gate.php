<?php
/**
 * install-gate.php of the wordpress-ecs image (contract C3): until a site is
 * installed, whoever reaches /wp-admin/install.php first becomes its
 * administrator. So the installer and setup-config.php answer only to the
 * clients in WPECS_INSTALL_ALLOW, a space- or comma-separated list of
 * addresses and CIDR ranges, IPv4 and IPv6 (default: loopback only,
 * 127.0.0.0/8 ::1); everyone else gets 403. REMOTE_ADDR is the client's
 * address as Apache's mod_remoteip set it, so only a trusted proxy
 * (WPECS_TRUSTED_PROXIES) can speak for another client.
 *
 * Called from wp-config.php (install.php loads it) and from the
 * setup-config.php wrapper (WordPress' own never loads wp-config.php).
 */

if (!function_exists('wpecs_install_allow_list')) {
	/** [[binary network, prefix length], ...]; empty (nobody) when the setting is malformed. */
	function wpecs_install_allow_list() {
		$raw = getenv('WPECS_INSTALL_ALLOW');
		if ($raw === false || trim($raw) === '') {
			$raw = '127.0.0.0/8 ::1';
		}
		$list = array();
		foreach (preg_split('/[\s,]+/', trim($raw)) as $entry) {
			$parts = explode('/', $entry, 2);
			$net = @inet_pton($parts[0]);
			$bits = ($net === false) ? 0 : strlen($net) * 8;
			$prefix = isset($parts[1]) ? $parts[1] : (string) $bits;
			if ($net === false || !ctype_digit($prefix) || (int) $prefix > $bits) {
				error_log("wordpress-ecs: WPECS_INSTALL_ALLOW: '" . substr($entry, 0, 60)
					. "' is not an address or CIDR range; the installer refuses every client");
				return array();
			}
			$list[] = array($net, (int) $prefix);
		}
		return $list;
	}

	/** Whether $addr (text) is inside one of the ranges of $list. */
	function wpecs_ip_allowed($addr, $list) {
		$ip = @inet_pton((string) $addr);
		if ($ip === false) {
			return false;
		}
		// An IPv4 client on an IPv6 socket (::ffff:a.b.c.d) is that IPv4 address.
		if (strlen($ip) === 16 && substr($ip, 0, 12) === str_repeat("\0", 10) . "\xff\xff") {
			$ip = substr($ip, 12);
		}
		foreach ($list as $range) {
			list($net, $prefix) = $range;
			if (strlen($net) !== strlen($ip)) {
				continue;
			}
			$bytes = intdiv($prefix, 8);
			$rest = $prefix % 8;
			if (substr($ip, 0, $bytes) !== substr($net, 0, $bytes)) {
				continue;
			}
			if ($rest === 0) {
				return true;
			}
			$mask = (0xff << (8 - $rest)) & 0xff;
			if ((ord($ip[$bytes]) & $mask) === (ord($net[$bytes]) & $mask)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * 403 and the end of the request when this request runs the installer or
	 * setup-config.php for a client outside WPECS_INSTALL_ALLOW.
	 * $core: WordPress' folder; $always: the caller is the setup-config wrapper.
	 */
	function wpecs_install_gate($core, $always = false) {
		if (PHP_SAPI === 'cli') {
			return; // wp-init's own install, db-upgrade.php
		}
		if (!$always) {
			$script = isset($_SERVER['SCRIPT_FILENAME']) ? realpath($_SERVER['SCRIPT_FILENAME']) : false;
			if ($script !== $core . '/wp-admin/install.php' && $script !== $core . '/wp-admin/setup-config.php') {
				return;
			}
		}
		$addr = isset($_SERVER['REMOTE_ADDR']) ? $_SERVER['REMOTE_ADDR'] : '';
		if (wpecs_ip_allowed($addr, wpecs_install_allow_list())) {
			return;
		}
		error_log('wordpress-ecs: installer refused to ' . substr(preg_replace('/[^0-9A-Fa-f:.]/', '?', $addr), 0, 45)
			. ' (not in WPECS_INSTALL_ALLOW)');
		http_response_code(403);
		header('Content-Type: text/plain; charset=utf-8');
		header('Cache-Control: no-store');
		echo "403 Forbidden: the installer answers only to the clients in WPECS_INSTALL_ALLOW\n";
		exit;
	}
}
