#!/usr/bin/env bash
# bench_import.sh — CSV bulk import of records through the API, beside the
# peer: sqlite3's own `.import --csv` of the same file into a bare table
# (no validation, no scope checks, no foreign keys: a lower bound).
#
# usage: bench_import.sh PCCC_BINARY [ROWS]   (default 100000, the import limit)
# Demo city scale 1, one commune officer; ROWS violation rows over the ward's
# facilities; times the dry run and the commit (curl wall time) and the peer.
set -eu
PCCC=$1
N=${2:-100000}
W=$(mktemp -d "${TMPDIR:-/tmp}/pccc-bimp.XXXXXX")
PID=
trap '[ -n "$PID" ] && kill -TERM $PID 2>/dev/null; wait 2>/dev/null; rm -rf "$W"' EXIT
DB=$W/b.sqlite
"$PCCC" --quiet demo --db "$DB" --scale 1 >/dev/null
printf 'bench admin password\n' >"$W/pw"
"$PCCC" --quiet user add --db "$DB" --username officer --role commune_officer --unit 3 --password-file "$W/pw" >/dev/null
"$PCCC" serve --db "$DB" --port 0 --threads 2 --deadline 120 --max-body $((64 << 20)) 2>"$W/log" &
PID=$!
for _ in $(seq 50); do PORT=$(grep -o 'http://127.0.0.1:[0-9]*' "$W/log" | grep -o '[0-9]*$' || true); [ -n "$PORT" ] && break; sleep 0.1; done
B=http://127.0.0.1:$PORT
TOK=$(curl -s -X POST -H 'Content-Type: application/json' -d '{"username":"officer","password":"bench admin password"}' $B/api/v1/session | jq -r .token)
sqlite3 "$DB" "SELECT id FROM facility WHERE admin_unit_id=3" >"$W/fids"
D=$(date -u -d '-10 days' +%F)
awk -v n="$N" -v d="$D" 'NR==FNR { f[k++] = $1; next } END {
    print "facility_id,found_on,legal_article,description,fine_vnd,status"
    for (i = 1; i <= n; i++)
        print f[i % k] "," d ",\"Điều 42, Nghị định 144/2021/NĐ-CP\",\"Thiếu \"\"đèn\"\" chỉ dẫn\"," 1000 * (i % 500) ",open"
}' "$W/fids" /dev/null >"$W/v.csv"
t() { curl -s -o "$W/out" -w '%{time_total}' -X POST -H "Authorization: Bearer $TOK" -H 'Content-Type: text/csv' \
    --data-binary @"$W/v.csv" "$B/api/v1/imports?kind=violations$1"; }
DRY=$(t "")
OK1=$(jq -r '.rows_ok' "$W/out")
COMMIT=$(t "&commit=true")
OK2=$(jq -r '.committed' "$W/out")
S0=$(date +%s.%N)
sqlite3 "$W/peer.sqlite" ".import --csv $W/v.csv t"
S1=$(date +%s.%N)
PEER=$(awk -v a="$S0" -v b="$S1" 'BEGIN { printf "%.3f", b - a }')
MB=$(awk -v s="$(stat -c %s "$W/v.csv")" 'BEGIN { printf "%.1f", s / 1048576 }')
echo "{\"rows\":$N,\"csv_mb\":$MB,\"dry_run_s\":$DRY,\"dry_run_rows_ok\":$OK1,\"commit_s\":$COMMIT,\"committed\":$OK2,\"peer_sqlite3_import_s\":$PEER,\"dry_run_rows_per_s\":$(awk -v n=$N -v s=$DRY 'BEGIN{printf "%d", n/s}'),\"commit_rows_per_s\":$(awk -v n=$N -v s=$COMMIT 'BEGIN{printf "%d", n/s}')}"
