#!/bin/sh
# Healthy once the real server answers on TCP (the first-start bootstrap
# server runs with --skip-networking, so it never counts).
exec mariadb-admin --protocol=tcp --host=127.0.0.1 --connect-timeout=2 ping >/dev/null 2>&1
