#!/usr/bin/env bash
# Installs (if missing) and starts PostgreSQL 15, MariaDB and Redis on loopback for the
# database / redis conformance runs, creates test users that may create databases, waits
# until each answers, then prints the env lines to use. Idempotent: safe to run twice.
# The credentials are throwaway test credentials (rampart/rampart), loopback only.
set -euo pipefail
cd / # `su postgres` cannot enter a private working directory

# stdout carries only the env lines printed at the end: the tools below talk on stdout too
# (pg_ctlcluster says "Removed stale pid file." after an unclean stop), so fd 1 goes to
# stderr and the env lines to the saved fd 3. Daemons are started with fd 3 closed (`3>&-`):
# one that inherited it would hold the caller's `$(...)` open for as long as it runs.
exec 3>&1 1>&2

log() { printf 'services: %s\n' "$*" >&2; }

export DEBIAN_FRONTEND=noninteractive
need=()
command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /usr/lib/postgresql/15 ] || need+=(postgresql-15 postgresql-client-15)
[ -x /usr/sbin/mariadbd ] || need+=(mariadb-server mariadb-client)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
if [ "${#need[@]}" -gt 0 ]; then
  log "installing ${need[*]}"
  apt-get update -qq >/dev/null
  # Do not let the packages' own init scripts start daemons; we start them below.
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  rm -f /usr/sbin/policy-rc.d
fi

wait_for() { # name, tries, command...
  local name="$1" tries="$2"
  shift 2
  for _ in $(seq 1 "$tries"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  log "$name did not answer in time"
  return 1
}

# --- PostgreSQL 15 -------------------------------------------------------------------------
if ! pg_lsclusters -h 2>/dev/null | grep -q '^15 \+main'; then
  pg_createcluster 15 main >/dev/null
fi
if ! pg_lsclusters -h | grep -q '^15 \+main \+[0-9]\+ \+online'; then
  pg_ctlcluster --skip-systemctl-redirect 15 main start 3>&-
fi
wait_for postgres 60 su postgres -c "psql -qtAc 'select 1'"
su postgres -c "psql -qtA -v ON_ERROR_STOP=1" <<'SQL' >/dev/null
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rampart') THEN
    CREATE ROLE rampart LOGIN CREATEDB PASSWORD 'rampart';
  ELSE
    ALTER ROLE rampart LOGIN CREATEDB PASSWORD 'rampart';
  END IF;
END
$$;
SQL
wait_for "postgres (tcp)" 20 env PGPASSWORD=rampart psql -h 127.0.0.1 -U rampart -d postgres -qtAc 'select 1'

# --- MariaDB -------------------------------------------------------------------------------
if ! mysqladmin --protocol=socket ping >/dev/null 2>&1; then
  mkdir -p /run/mysqld && chown mysql /run/mysqld
  if [ ! -d /var/lib/mysql/mysql ]; then
    mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/dev/null
  fi
  start-stop-daemon --start --background --exec /usr/sbin/mariadbd -- --user=mysql 3>&-
fi
wait_for mariadb 120 mysqladmin --protocol=socket ping
mysql --protocol=socket -uroot <<'SQL'
CREATE USER IF NOT EXISTS 'rampart'@'127.0.0.1' IDENTIFIED BY 'rampart';
CREATE USER IF NOT EXISTS 'rampart'@'localhost' IDENTIFIED BY 'rampart';
ALTER USER 'rampart'@'127.0.0.1' IDENTIFIED BY 'rampart';
ALTER USER 'rampart'@'localhost' IDENTIFIED BY 'rampart';
GRANT ALL PRIVILEGES ON *.* TO 'rampart'@'127.0.0.1';
GRANT ALL PRIVILEGES ON *.* TO 'rampart'@'localhost';
FLUSH PRIVILEGES;
SQL
wait_for "mariadb (tcp)" 20 mysql -h 127.0.0.1 -P 3306 -urampart -prampart -e 'select 1'

# --- Redis ---------------------------------------------------------------------------------
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  # No persistence (test counters only), and no dump file in the current directory.
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no --dir /tmp >/dev/null 3>&-
fi
wait_for redis 40 redis-cli -h 127.0.0.1 -p 6379 ping

log "postgres, mariadb and redis are up"
echo "CONFORMANCE_DATABASE_URL_POSTGRES=postgresql://rampart:rampart@127.0.0.1:5432/postgres" >&3
echo "CONFORMANCE_DATABASE_URL_MYSQL=mysql://rampart:rampart@127.0.0.1:3306/mysql" >&3
echo "CONFORMANCE_REDIS_URL=redis://127.0.0.1:6379/0" >&3
