# Shared by start-cluster and start-worker (sourced, not run): starting the daemons of a cluster
# whose settings start-cluster wrote to $state/cluster.env, and waiting for them.

# The environment every daemon of the cluster starts with.
cluster_env() {
  # Master, Workers, their web UIs and the executors the Workers start bind to the cluster's host
  export SPARK_LOCAL_IP="$host"
  # Spark's own daemons are small; executors get their memory from the application
  export SPARK_DAEMON_MEMORY="${SPARK_DAEMON_MEMORY:-512m}"
  # scratch space (block manager, shuffle) of the Workers and their executors stays with the cluster
  export SPARK_LOCAL_DIRS="$state/local"
  # a Master that cannot have its port fails instead of moving to the next one (the URL would be wrong)
  export SPARK_MASTER_OPTS="${SPARK_MASTER_OPTS:-} -Dspark.port.maxRetries=0"
  # every run leaves the cluster jar (about 150 MB) in each executor's work dir: delete the dirs of
  # finished applications once they are older than the TTL (checked every 30 minutes)
  export SPARK_WORKER_OPTS="${SPARK_WORKER_OPTS:-} -Dspark.worker.cleanup.enabled=true -Dspark.worker.cleanup.interval=1800 -Dspark.worker.cleanup.appDataTtl=${app_data_ttl}"
  spark_class="$(spark_script spark-class)"
}

# Runs a daemon in the background, detached from this shell, its output appended to its log.
start_daemon() {
  local name="$1"
  shift
  nohup "$spark_class" "$@" >>"$state/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$state/$name.pid"
}

daemon_alive() {
  [[ -f "$state/$1.pid" ]] && pid_alive "$(cat "$state/$1.pid")"
}

# How often worker i's log says it registered with the Master (it says so again after a restart).
registrations() {
  grep -c "Successfully registered with master" "$state/logs/worker-$1.log" 2>/dev/null || true
}

start_worker() {
  local i="$1" wport=0
  [[ "$worker_webui_port" -ne 0 ]] && wport=$((worker_webui_port + i - 1))
  start_daemon "worker-$i" org.apache.spark.deploy.worker.Worker --host "$host" --cores "$cores" \
    --memory "$memory" --work-dir "$state/work/worker-$i" --webui-port "$wport" "spark://$host:$port"
}

# Waits until each of the given Workers has registered once more than the count given with it
# ("i:count" words); returns 1 with a message when a daemon exits or the time runs out.
await_registered() {
  local deadline=$((SECONDS + timeout)) pending word i before
  while true; do
    pending=()
    for word in "$@"; do
      i="${word%%:*}" before="${word#*:}"
      [[ "$(registrations "$i")" -gt "$before" ]] || pending+=("$word")
    done
    [[ ${#pending[@]} -eq 0 ]] && return 0
    for word in "${pending[@]}"; do
      daemon_alive "worker-${word%%:*}" || { echo "worker-${word%%:*} exited during start-up" >&2; return 1; }
    done
    if [[ -f "$state/master.pid" ]] && ! daemon_alive master; then
      echo "the Master exited" >&2
      return 1
    fi
    [[ $SECONDS -lt $deadline ]] || { echo "${#pending[@]} Worker(s) did not register within ${timeout}s" >&2; return 1; }
    sleep 1
  done
}

# The last lines of every log, after a failure.
show_logs() {
  local log
  for log in "$state"/logs/*.log; do
    echo "--- $log (last lines)" >&2
    tail -n 15 "$log" >&2
  done
}
