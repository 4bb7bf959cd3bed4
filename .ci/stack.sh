# Sourced by .ci/demo and .ci/load: starts Azurite (from ./node_modules) and the host on free loopback ports,
# and stops both (by their process ids) when the calling script exits.
# STACK_AZURITE_NODE_ARGS passes options to node for Azurite (e.g. "--cpu-prof --cpu-prof-dir /tmp/prof" to profile it).
# Sets STACK_URL (the host) and STACK_STORAGE (the Azurite connection string).

stack_free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

stack_stop() {
  set +e
  if [ -n "${STACK_HOST_PID:-}" ]; then kill -TERM -- "-$STACK_HOST_PID" 2>/dev/null; wait "$STACK_HOST_PID" 2>/dev/null; fi
  if [ -n "${STACK_AZURITE_PID:-}" ]; then kill -TERM -- "-$STACK_AZURITE_PID" 2>/dev/null; wait "$STACK_AZURITE_PID" 2>/dev/null; fi
  echo "Stopped the host and Azurite. Logs: $STACK_LOGS"
}

stack_start() {
  STACK_LOGS=$(mktemp -d)
  local blob queue table host
  blob=$(stack_free_port); queue=$(stack_free_port); table=$(stack_free_port); host=$(stack_free_port)
  trap stack_stop EXIT

  echo "Starting Azurite (queue :$queue, table :$table) …"
  # Started through node with the package path: a broad "pkill -f node_modules/.bin/azurite" elsewhere on the
  # machine (CI cleanup of another run) does not stop this emulator mid-run.
  # shellcheck disable=SC2086
  setsid node ${STACK_AZURITE_NODE_ARGS:-} ./node_modules/azurite/dist/src/azurite.js --inMemoryPersistence --skipApiVersionCheck --loose --disableTelemetry --silent \
    --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" \
    --tableHost 127.0.0.1 --tablePort "$table" >"$STACK_LOGS/azurite.log" 2>&1 &
  STACK_AZURITE_PID=$!

  local key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  STACK_STORAGE="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"
  STACK_URL="http://127.0.0.1:$host"

  echo "Building …"
  dotnet build -c Release functions/BranchRating.Host/BranchRating.Host.csproj -v quiet -nologo >"$STACK_LOGS/build-host.log" 2>&1 \
    || { cat "$STACK_LOGS/build-host.log"; return 1; }
  dotnet build -c Release tests/BranchRating.LoadTest/BranchRating.LoadTest.csproj -v quiet -nologo >"$STACK_LOGS/build-driver.log" 2>&1 \
    || { cat "$STACK_LOGS/build-driver.log"; return 1; }

  # Local use: the Development environment trusts the repository's development token issuer (production refuses it).
  echo "Starting the host at $STACK_URL (roles api, worker, scheduler) …"
  # shellcheck disable=SC2086
  env Storage__ConnectionString="$STACK_STORAGE" Host__Roles=all Pipeline__SettleDelay=00:00:08 \
    Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Development ${STACK_HOST_ENV:-} \
    setsid dotnet run --no-build -c Release --no-launch-profile --project functions/BranchRating.Host -- --urls "$STACK_URL" \
    >"$STACK_LOGS/host.log" 2>&1 &
  STACK_HOST_PID=$!

  for _ in $(seq 1 120); do
    if curl -fsS "$STACK_URL/healthz" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$STACK_HOST_PID" 2>/dev/null; then echo "The host stopped:"; tail -40 "$STACK_LOGS/host.log"; return 1; fi
    sleep 0.5
  done
  echo "The host did not answer $STACK_URL/healthz within 60 s:"; tail -40 "$STACK_LOGS/host.log"; return 1
}
