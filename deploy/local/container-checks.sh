#!/usr/bin/env bash
# Sourced by deploy/local/containers.sh: the checks it runs against the compose stack. Uses its
# dc, engine, fail, log, now_ms, seconds_since, key, state and api variables.

# host:port where the engine published a service's container port.
published() {
  local address
  address=$(dc port "$1" "$2" 2>/dev/null | tail -1 | sed 's/^0\.0\.0\.0:/127.0.0.1:/') || true
  [ -n "$address" ] || fail "$1 publishes no port for $2"
  echo "$address"
}

wait_healthy() {
  local service=$1 timeout=$2 id deadline status=""
  id=$(dc ps -q "$service")
  deadline=$(( $(date +%s) + timeout ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    status=$(engine_health "$id")
    [ "$status" = healthy ] && return 0
    sleep 1
  done
  log "$service: health $status after ${timeout}s"
  return 1
}

# GET url until it answers the code; $3 seconds at most.
wait_http() {
  local url=$1 code=$2 deadline=$(( $(date +%s) + $3 ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    [ "$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$url")" = "$code" ] && return 0
    sleep 1
  done
  return 1
}

json_field() { { grep -o "\"$1\":[^,}]*" || true; } | head -1 | cut -d: -f2- | tr -d '"'; }

csv_rows=""
last_run=""

# Starts a run of the csv source through the gateway, waits for its success and checks the data:
# assets in /data, and after a second run (idempotent) the same number.
check_csv_run() {
  local when=$1 answer code body run status="" deadline rows
  answer=$(curl -s -m 30 -w '\n%{http_code}' -X POST -H "X-API-Key: $key" "http://$api/sources/csv/runs") || true
  code=${answer##*$'\n'} body=${answer%$'\n'*}
  [ "$code" = 202 ] || fail "POST /sources/csv/runs ($when) answered $code: $body"
  run=$(echo "$body" | json_field run_id)
  deadline=$(( $(date +%s) + 120 ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    status=$(curl -s -m 10 "http://$api/runs/$run" | json_field status) || true
    case "$status" in success) break ;; failed|cancelled) fail "csv run $run ($when) ended $status" ;; esac
    sleep 0.5
  done
  [ "$status" = success ] || fail "csv run $run ($when) is still '$status' after 120 s"
  rows=$(curl -s -m 10 "http://$api/data?source=csv&per_page=1" | json_field total_items) || true
  [ -n "$rows" ] && [ "$rows" -gt 0 ] || fail "GET /data?source=csv ($when) shows no rows"
  if [ -n "$csv_rows" ] && [ "$rows" != "$csv_rows" ]; then fail "csv rows were $csv_rows, now $rows ($when)"; fi
  csv_rows=$rows last_run=$run
  log "csv run $run ($when): success, $rows assets in /data"
}

# Every scrape target of deploy/prometheus/prometheus.yml up (the two silos and the gateway).
check_prometheus_targets() {
  local expected=$1 deadline=$(( $(date +%s) + $2 )) targets up
  while [ "$(date +%s)" -lt "$deadline" ]; do
    targets=$(curl -s -m 5 "http://$prom/api/v1/targets?state=active")
    up=$(echo "$targets" | grep -o '"health":"up"' | wc -l)
    if [ "$up" -ge "$expected" ]; then log "Prometheus scrapes $up targets, all up"; return 0; fi
    sleep 2
  done
  log "Prometheus targets: $(echo "$targets" | grep -o '"scrapeUrl":"[^"]*"\|"health":"[^"]*"\|"lastError":"[^"]*"' | tr '\n' ' ')"
  return 1
}

# Kills the silo that ran the last csv run while a prober asks the gateway, one request after
# another; every answer must be 200 or a truthful 503 (never a 500, never a hang: each request gets 25 s, well above
# the 10 s read budget after which the gateway gives up with a 503), the last non-200
# within 60 s of the kill. Reports when the gateway counts one silo and whether the killed one stays down.
check_failover() {
  local victim="" killed probe="$state/probe.log" stop="$state/probe.stop" last_bad codes bad total declared victim_state s
  # To a file first: grep -q on a pipe ends it early, and pipefail would call that a miss.
  for s in silo1 silo2; do
    dc logs --no-color "$s" >"$state/$s.log" 2>&1 || true
    if grep -q "run $last_run started" "$state/$s.log"; then victim=$s; fi
  done
  [ -n "$victim" ] || fail "neither silo's log names csv run $last_run"
  : >"$probe"
  (
    while [ ! -e "$stop" ]; do
      for path in "/sources/csv" "/data?source=csv&per_page=5" "/runs?source=csv&per_page=5"; do
        echo "$(now_ms) $(curl -s -o /dev/null -m 25 -w '%{http_code}' "http://$api$path") $path" >>"$probe"
      done
      # The gateway's view of the cluster: when the dead silo leaves it.
      echo "$(now_ms) $(curl -s -m 10 "http://$api/health" | grep -o '"active_silos":[0-9]*' | cut -d: -f2) active" >>"$probe.silos"
      sleep 0.05
    done
  ) &
  prober=$!
  sleep 2
  killed=$(now_ms)
  "$engine" kill "$(dc ps -q "$victim")" >/dev/null || fail "could not kill $victim"
  log "killed $victim (it ran csv run $last_run); probing the gateway"
  while :; do
    sleep 1
    last_bad=$(awk '$2 != 200 { t = $1 } END { print (t == "" ? 0 : t) }' "$probe")
    [ $(( $(now_ms) - killed )) -ge 20000 ] && [ $(( $(now_ms) - (last_bad > killed ? last_bad : killed) )) -ge 10000 ] && break
    [ $(( $(now_ms) - killed )) -ge 90000 ] && break
  done
  touch "$stop"; wait "$prober" 2>/dev/null || true
  prober=""
  codes=$(awk -v k="$killed" '$1 >= k { print $2 }' "$probe" | sort | uniq -c | awk '{ printf "%s×%s ", $1, $2 }')
  total=$(awk -v k="$killed" '$1 >= k' "$probe" | wc -l)
  bad=$(awk -v k="$killed" '$1 >= k && $2 != 200' "$probe" | wc -l)
  awk -v k="$killed" '$1 >= k && $2 != 200 && $2 != 503 { found = 1 } END { exit !found }' "$probe" \
    && fail "after the kill the gateway answered other than 200/503: $codes"
  [ "$last_bad" -gt "$killed" ] || last_bad=$killed
  figure_failover="$(awk -v a="$killed" -v b="$last_bad" 'BEGIN { printf "%.1f", (b - a) / 1000 }') s ($bad of $total answers 503)"
  [ $(( last_bad - killed )) -le 60000 ] || fail "the gateway answered 503 until +$(( (last_bad - killed) / 1000 )) s after the kill: $codes"
  declared=$(awk -v k="$killed" '$1 >= k && $2 == 1 { printf "%.1f s", ($1 - k) / 1000; exit }' "$probe.silos")
  victim_state=$("$engine" inspect --format '{{.State.Status}}, restarted {{.RestartCount}} times' "$(dc ps -a -q "$victim")" 2>/dev/null || echo gone)
  log "failover: answers since the kill $codes; last non-200 at +$figure_failover; the gateway saw 1 active silo after ${declared:-never (within the probe)}; $victim now $victim_state"
  figure_failover="$figure_failover, 1 active silo after ${declared:-never}"
}
