# Sourced by scripts/test: starts a private PostgreSQL server for this run and stops it on exit.
# Sets TEST_POSTGRES_URL. Runs as the "postgres" account when started as root (initdb refuses root).
start_throwaway_postgres() {
  local pgbin port
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  PG_TMP=$(mktemp -d /tmp/xieshang-pg.XXXXXX)
  chmod 755 "$PG_TMP"
  local runas=()
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres: "$PG_TMP"
    runas=(runuser -u postgres --)
  fi
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "${runas[@]}" "$pgbin/initdb" -D "$PG_TMP/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  "${runas[@]}" "$pgbin/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w \
    -o "-p $port -k $PG_TMP -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
  PG_STOP=("${runas[@]}" "$pgbin/pg_ctl" -D "$PG_TMP/data" -m immediate stop)
  trap 'stop_throwaway_postgres' EXIT
  "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U postgres xieshang_test
  export TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$port/xieshang_test"
  echo "Throwaway PostgreSQL on port $port"
}

stop_throwaway_postgres() {
  "${PG_STOP[@]}" >/dev/null 2>&1 || true
  rm -rf "$PG_TMP"
}
