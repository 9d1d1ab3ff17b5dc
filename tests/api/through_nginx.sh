#!/usr/bin/env bash
# A client of serve_and_run.sh: puts nginx in front of `hearth serve` as the
# deployment guide does (TLS with a self-signed certificate, a check for an
# Authorization header, proxy_buffering off), then checks through it that
# streamed answers arrive piece by piece and the official client works.
# To see the stream check fail, buffer in the proxy despite the server's
# X-Accel-Buffering header: HEARTH_PROXY_BUFFERING=on
# HEARTH_PROXY_EXTRA="proxy_ignore_headers X-Accel-Buffering;".
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
nginx=$(command -v nginx || echo /usr/sbin/nginx)
work=$(mktemp -d)
cleanup() {
    [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
    -keyout "$work/server.key" -out "$work/server.crt" 2>/dev/null
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
user=$([ "$(id -u)" = 0 ] && echo "user root;" || true)
cat >"$work/nginx.conf" <<CONF
$user
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 256; }
http {
    access_log $work/access.log;
    client_body_temp_path $work/body;
    proxy_temp_path $work/proxy;
    fastcgi_temp_path $work/fastcgi;
    uwsgi_temp_path $work/uwsgi;
    scgi_temp_path $work/scgi;
    upstream hearth { server 127.0.0.1:$HEARTH_PORT; keepalive 32; }
    server {
        listen 127.0.0.1:$port ssl;
        ssl_certificate $work/server.crt;
        ssl_certificate_key $work/server.key;
        location /v1/ {
            if (\$http_authorization = "") { return 401 '{"error": "Missing API key"}'; }
            proxy_pass http://hearth;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_read_timeout 120s;
            proxy_buffering ${HEARTH_PROXY_BUFFERING:-off};
            ${HEARTH_PROXY_EXTRA:-}
            proxy_cache off;
            chunked_transfer_encoding on;
        }
    }
}
CONF
"$nginx" -e "$work/error.log" -p "$work" -c "$work/nginx.conf"
for _ in $(seq 100); do [ -s "$work/nginx.pid" ] && break; sleep 0.05; done

status=0
HEARTH_PROXY_URL=https://127.0.0.1:$port/v1 NODE_EXTRA_CA_CERTS=$work/server.crt \
    node --test "$here/nginx_stream.test.mjs" || status=$?
[ $status = 0 ] || cat "$work/error.log" >&2
exit $status
