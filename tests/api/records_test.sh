#!/usr/bin/env bash
# records_test.sh — API tests of the fire-safety records, citizens' claims,
# declarations and reports, statistics, CSV import and resident import,
# against the real `pccc serve` on a loopback port.
#
# usage: records_test.sh PCCC_BINARY
# Builds the demo city (scale 1), adds a second district and ward (units 10
# and 11) and moves every fourth building, its facilities and half of the
# hydrants there, so that officers have something out of scope. Accounts:
# city admin, a district officer (unit 2), commune officers of ward 3 and of
# ward 11, a dispatcher, a planner; two citizens sign up themselves. Every
# workflow is checked with its refused transitions, report figures against
# plain SQL, a 10,000-row CSV with 50 bad rows (all listed, nothing written)
# and then the clean file (written whole), and `pccc import-residents`.
# Needs curl, jq and sqlite3.
set -u
PCCC=$1
W=$(mktemp -d "${TMPDIR:-/tmp}/pccc-rec.XXXXXX")
DB=$W/rec.sqlite
SERVER_PID=
CHECKS=0
FAILS=0

cleanup() {
    [ -n "$SERVER_PID" ] && kill -TERM "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    [ -n "${KEEP_DIR-}" ] && cp -r "$W" "$KEEP_DIR" # debugging: keep the database and server log
    rm -rf "$W"
}
trap cleanup EXIT
for tool in curl jq sqlite3; do
    command -v $tool >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done

fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
check() { CHECKS=$((CHECKS + 1)); if ! eval "$1"; then fail "$2"; fi; }
sql() { sqlite3 -cmd ".load mod_spatialite" -cmd ".timeout 5000" "$DB" "$@" 2>&1 | grep -v '^$'; }
# req METHOD PATH TOKEN [BODY [CONTENT-TYPE]] -> STATUS, BODY, HDRS
req() {
    local m=$1 p=$2 t=$3 d=${4-} ct=${5-application/json}
    local args=(-s -o "$W/body" -D "$W/hdrs" -w '%{http_code}' -X "$m" --max-time 60)
    [ -n "$t" ] && args+=(-H "Authorization: Bearer $t")
    [ -n "$d" ] && args+=(-H "Content-Type: $ct" --data-binary "$d") # "@file" sends a file
    STATUS=$(curl "${args[@]}" "$BASE$p")
    BODY=$(cat "$W/body")
    HDRS=$(cat "$W/hdrs")
}
expect() { # expect STATUS WHAT [PROBLEM-SLUG]
    CHECKS=$((CHECKS + 1))
    if [ "$STATUS" != "$1" ]; then
        fail "$2: got $STATUS, want $1: ${BODY:0:300}"
    elif [ -n "${3-}" ] && [ "$(jq -r .type <<<"$BODY")" != "https://pccc.hanoi/problems/$3" ]; then
        fail "$2: problem type $(jq -r .type <<<"$BODY"), want $3"
    fi
}
j() { jq -r "$1" <<<"$BODY"; }
TODAY=$(date -u +%F)
D10=$(date -u -d '-10 days' +%F)
D5=$(date -u -d '-5 days' +%F)
D1=$(date -u -d '-1 days' +%F)
TOMORROW=$(date -u -d '+1 days' +%F)

# --- fixture: demo city, a second district and ward --------------------------------
"$PCCC" --quiet demo --db "$DB" --scale 1 >/dev/null || { echo "FAIL: demo"; exit 1; }
sql "INSERT INTO admin_unit(id,code,name,name_folded,level,parent_id) VALUES
  (10,'01.D02','Ba Đình','ba dinh',2,1),(11,'01.W0101','Điện Biên','dien bien',3,10);
  UPDATE building SET admin_unit_id=11 WHERE id%4=0;
  UPDATE facility SET admin_unit_id=11 WHERE building_id%4=0;
  UPDATE hydrant SET admin_unit_id=11 WHERE id%2=0;" >/dev/null
printf 'first admin password\n' >"$W/pw"
"$PCCC" --quiet user add --db "$DB" --username admin --role city_admin --password-file "$W/pw" >/dev/null ||
    { echo "FAIL: user add"; exit 1; }
"$PCCC" serve --db "$DB" --port 0 --deadline 30 --max-body 4194304 --threads 2 2>"$W/serve.log" &
SERVER_PID=$!
PORT=
for _ in $(seq 50); do
    PORT=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$W/serve.log" | grep -o '[0-9]*$')
    [ -n "$PORT" ] && break
    sleep 0.1
done
[ -n "$PORT" ] || { echo "FAIL: server did not start"; cat "$W/serve.log"; exit 1; }
BASE=http://127.0.0.1:$PORT

login() { req POST /api/v1/session "" "{\"username\":\"$1\",\"password\":\"$2\"}"; TOKEN=$(j '.token // empty'); }
login admin "first admin password"; expect 201 "admin login"
declare -A TOK ID
TOK[admin]=$TOKEN
mk() { # mk NAME ROLE UNIT
    req POST /api/v1/users "${TOK[admin]}" \
        "{\"username\":\"$1\",\"password\":\"password of $1\",\"role\":\"$2\",\"admin_unit_id\":$3}"
    expect 201 "create $1"
    ID[$1]=$(j .id)
    login "$1" "password of $1"; expect 201 "login $1"
    TOK[$1]=$TOKEN
}
mk dofficer district_officer 2
mk wofficer commune_officer 3
mk bofficer commune_officer 11
mk dispatcher dispatcher null
mk planner planner 2

# --- citizens sign up (public) -----------------------------------------------------------
signup() { req POST /api/v1/signup "" "$1"; }
signup '{"username":"cit1","password":"password of cit1","display_name":"Nguyễn Văn A"}'; expect 201 "sign-up cit1"
ID[cit1]=$(j .id)
signup '{"username":"cit2","password":"password of cit2"}'; expect 201 "sign-up cit2"
ID[cit2]=$(j .id)
signup '{"username":"cit1","password":"password of cit1"}'; expect 409 "sign-up with a taken name" exists
signup '{"username":"cit3","password":"short"}'; expect 400 "sign-up with a weak password" invalid-field
signup '{"username":"Bad Name","password":"password of cit3"}'; expect 400 "sign-up with a bad username" invalid-field
signup '{"username":"cit4","password":"password of cit4","role":"city_admin"}'
expect 400 "sign-up cannot choose a role" unknown-field
check '[ "$(sql "SELECT role||coalesce(admin_unit_id,0) FROM account WHERE username IN ('"'cit1','cit2'"')" | sort -u)" = citizen0 ]' \
    "signed-up accounts are citizens without an area"
check '[ "$(sql "SELECT count(*) FROM account WHERE username IN ('"'cit3','cit4'"')")" = 0 ]' "refused sign-ups created nothing"
check '[ "$(sql "SELECT count(*) FROM audit_log WHERE action='"'citizen.signup'"'")" = 2 ]' "sign-ups are audited"
for c in cit1 cit2; do login $c "password of $c"; expect 201 "login $c"; TOK[$c]=$TOKEN; done

# --- facilities: register, versions, scope ---------------------------------------------------
B3=$(sql "SELECT id FROM building WHERE admin_unit_id=3 AND id NOT IN (SELECT building_id FROM facility) ORDER BY id LIMIT 1")
HC3=$(sql "SELECT house_code FROM building WHERE id=$B3")
B11=$(sql "SELECT id FROM building WHERE admin_unit_id=11 ORDER BY id LIMIT 1")
HC11=$(sql "SELECT house_code FROM building WHERE id=$B11")
req POST /api/v1/facilities "${TOK[wofficer]}" "{\"house_code\":\"$HC3\",\"category\":\"boarding_house\",\"name\":\"Nhà trọ Bình An\",\"operator_name\":\"Trần B\"}"
expect 201 "commune officer registers a facility"
F1=$(j .facility.id)
check '[ "$(j .facility.admin_unit_id)" = 3 ] && [ "$(j .facility.version)" = 1 ]' "facility takes its building's unit, version 1"
check '[ "$(sql "SELECT count(*)||created_by FROM facility_version WHERE facility_id=$F1")" = "1${ID[wofficer]}" ]' \
    "version 1 recorded with who"
req POST /api/v1/facilities "${TOK[bofficer]}" "{\"house_code\":\"$HC3\",\"category\":\"boarding_house\",\"name\":\"x\"}"
expect 404 "officer out of scope cannot register there" not-found
req POST /api/v1/facilities "${TOK[cit1]}" "{\"house_code\":\"$HC3\",\"category\":\"boarding_house\",\"name\":\"x\"}"
expect 403 "citizen cannot register" forbidden
req POST /api/v1/facilities "${TOK[dispatcher]}" "{\"house_code\":\"$HC3\",\"category\":\"boarding_house\",\"name\":\"x\"}"
expect 403 "dispatcher cannot register" forbidden
req POST /api/v1/facilities "${TOK[wofficer]}" "{\"house_code\":\"$HC3\",\"category\":\"casino\",\"name\":\"x\"}"
expect 400 "unknown category" invalid-field
req POST /api/v1/facilities "${TOK[wofficer]}" "{\"house_code\":\"$HC3\",\"category\":\"boarding_house\"}"
expect 400 "facility without a name" invalid-field
req POST /api/v1/facilities "${TOK[wofficer]}" '{"admin_unit_id":3,"category":"market","name":"Chợ tạm","owner":1}'
expect 400 "unknown field" unknown-field
N_FAC=$(sql "SELECT count(*) FROM facility")
req PATCH /api/v1/facilities/$F1 "${TOK[wofficer]}" '{"name":"Nhà trọ Bình An 2","note":"đổi tên"}'
expect 200 "update a facility"
check '[ "$(j .facility.version)" = 2 ] && [ "$(j .facility.name)" = "Nhà trọ Bình An 2" ]' "update makes version 2"
check '[ "$(sql "SELECT group_concat(name,'"'|'"') FROM (SELECT name FROM facility_version WHERE facility_id=$F1 ORDER BY version)")" = "Nhà trọ Bình An|Nhà trọ Bình An 2" ]' \
    "both versions kept"
F11=$(sql "SELECT id FROM facility WHERE admin_unit_id=11 ORDER BY id LIMIT 1")
FD=$(sql "SELECT id FROM facility WHERE admin_unit_id=3 AND id<>$F1 ORDER BY id LIMIT 1")
req PATCH /api/v1/facilities/$FD "${TOK[wofficer]}" '{"operator_name":"Lê C"}'; expect 200 "update a demo facility"
check '[ "$(sql "SELECT group_concat(version) FROM facility_version WHERE facility_id=$FD")" = "1,2" ]' \
    "an unversioned facility gets its old values as version 1 first"
req PATCH /api/v1/facilities/$F1 "${TOK[bofficer]}" '{"name":"x"}'; expect 404 "update out of scope" not-found
req GET /api/v1/facilities/$F1 "${TOK[dispatcher]}"; expect 200 "dispatcher reads a facility"
req GET /api/v1/facilities/$F1 "${TOK[planner]}"; expect 200 "district planner reads a facility"
req GET /api/v1/facilities/$F1 "${TOK[bofficer]}"; expect 404 "ward 11 officer cannot read ward 3" not-found
req GET /api/v1/facilities/$F1 "${TOK[cit1]}"; expect 403 "citizen cannot read facilities" forbidden
req GET "/api/v1/facilities?category=boarding_house&limit=200" "${TOK[bofficer]}"; expect 200 "list in scope"
check '[ "$(j .total)" = "$(sql "SELECT count(*) FROM facility WHERE admin_unit_id=11 AND category_code='"'boarding_house'"'")" ] &&
       [ "$(j "[.items[].admin_unit_id] | unique | tostring")" = "[11]" ]' "the list holds exactly ward 11's boarding houses"
check '[ "$(sql "SELECT count(*) FROM facility")" = "$N_FAC" ]' "updates add no facility rows"

# --- records: permits, inspections, violations, suspensions, fires ------------------------------
rec() { req POST /api/v1/facilities/$F1/$1 "${2:-${TOK[wofficer]}}" "$3"; }
rec safety-records "" "{\"kind\":\"construction_permit\",\"number\":\"GP-12/2020\",\"issued_by\":\"UBND quận\",\"issued_on\":\"2020-03-01\"}"
expect 201 "construction permit"
rec safety-records "" "{\"kind\":\"design_approval\",\"number\":\"TD-45\",\"issued_on\":\"2020-04-01\"}"; expect 201 "design approval"
rec safety-records "" "{\"kind\":\"acceptance\",\"number\":\"NT-9\",\"issued_on\":\"2021-01-15\",\"valid_until\":\"2031-01-15\"}"
expect 201 "acceptance"
rec safety-records "" "{\"kind\":\"acceptance\",\"issued_on\":\"$TOMORROW\"}"; expect 400 "issued in the future" invalid-field
rec safety-records "" '{"kind":"licence","issued_on":"2021-01-15"}'; expect 400 "unknown record kind" invalid-field
rec safety-records "" '{"kind":"acceptance","issued_on":"2021-01-15","valid_until":"2020-01-01"}'
expect 400 "valid until before issued" invalid-field
rec safety-records "" '{"kind":"acceptance","issued_on":"2021-02-30"}'; expect 400 "30 February" invalid-field
ITEMS='[{"condition":"extinguishers","ok":true},{"condition":"alarm","ok":false,"note":"hỏng"},{"condition":"second_exit","ok":false}]'
rec inspections "" "{\"inspected_on\":\"$D10\",\"inspector\":\"Đại úy D\",\"result\":\"partial\",\"items\":$ITEMS}"
expect 201 "inspection with a checklist"
I1=$(j .id)
check '[ "$(sql "SELECT count(*)||sum(ok) FROM inspection_item WHERE inspection_id=$I1")" = 31 ]' "checklist stored: 3 items, 1 met"
rec inspections "" "{\"inspected_on\":\"$D10\",\"result\":\"pass\",\"items\":$ITEMS}"
expect 400 "pass with failed conditions" invalid-field
rec inspections "" "{\"inspected_on\":\"$D10\",\"result\":\"fail\",\"items\":[{\"condition\":\"moat\",\"ok\":false}]}"
expect 400 "unknown condition" invalid-field
rec inspections "" "{\"inspected_on\":\"$D10\",\"result\":\"fail\",\"items\":[{\"condition\":\"alarm\",\"ok\":false},{\"condition\":\"alarm\",\"ok\":false}]}"
expect 400 "a condition twice" invalid-field
rec inspections "" "{\"inspected_on\":\"$D10\",\"result\":\"fail\",\"items\":[{\"condition\":\"alarm\"}]}"
expect 400 "checklist item without ok" invalid-field
rec violations "" "{\"found_on\":\"$D10\",\"legal_article\":\"Điều 42 Nghị định 144/2021/NĐ-CP\",\"fine_vnd\":5000000,\"inspection_id\":$I1}"
expect 201 "violation with article and fine"
V1=$(j .id)
rec violations "" "{\"found_on\":\"$D10\",\"legal_article\":\"Điều 42\",\"fine_vnd\":5000000,\"status\":\"remedied\",\"supersedes_id\":$V1}"
expect 201 "violation remedied (new row superseding)"
V2=$(j .id)
rec violations "" "{\"found_on\":\"$D10\",\"legal_article\":\"Điều 42\",\"status\":\"closed\",\"supersedes_id\":$V1}"
expect 409 "a row is superseded only once" conflict
OTHER_I=$(sql "SELECT id FROM inspection WHERE facility_id<>$F1 LIMIT 1")
rec violations "" "{\"found_on\":\"$D10\",\"legal_article\":\"Điều 42\",\"inspection_id\":$OTHER_I}"
expect 400 "violation tied to another facility's inspection" invalid-field
rec violations "" "{\"found_on\":\"$D10\",\"legal_article\":\"Điều 42\",\"fine_vnd\":-1}"; expect 400 "negative fine" invalid-field
rec violations "" "{\"found_on\":\"$D10\",\"description\":\"không có điều\"}"; expect 400 "violation without article" invalid-field
rec violations "${TOK[bofficer]}" "{\"found_on\":\"$D10\",\"legal_article\":\"Điều 42\"}"; expect 404 "violation out of scope" not-found
rec suspensions "" "{\"kind\":\"temporary\",\"decision_no\":\"QĐ-01\",\"reason\":\"không bảo đảm PCCC\",\"start_on\":\"$D5\"}"
expect 201 "temporary suspension"
S1=$(j .id)
req GET /api/v1/facilities/$F1 "${TOK[wofficer]}"
check '[ "$(j ".suspensions | length")" = 1 ] && [ "$(j ".suspensions[0].reinstated_on")" = null ]' "suspension in force"
rec suspensions "" "{\"kind\":\"temporary\",\"decision_no\":\"QĐ-01\",\"start_on\":\"$D5\",\"reinstated_on\":\"2000-01-01\",\"supersedes_id\":$S1}"
expect 400 "reinstated before the start" invalid-field
rec suspensions "" "{\"kind\":\"temporary\",\"decision_no\":\"QĐ-01\",\"start_on\":\"$D5\",\"reinstated_on\":\"$D1\",\"supersedes_id\":$S1}"
expect 201 "reinstatement"
S2=$(j .id)
rec fires "" "{\"kind\":\"fire\",\"occurred_at\":\"${D5}T14:30\",\"cause\":\"chập điện\",\"injuries\":2,\"damage_vnd\":150000000}"
expect 201 "a fire"
FIRE1=$(j .id)
check '[ "$(sql "SELECT building_id=$B3 AND geom IS NOT NULL AND injuries=2 FROM fire_event WHERE id=$FIRE1")" = 1 ]' \
    "a fire without a position sits at the building's entrance"
rec fires "" "{\"kind\":\"fire\",\"occurred_at\":\"${TOMORROW}T01:00\"}"; expect 400 "fire in the future" invalid-field
rec fires "" "{\"kind\":\"fire\",\"occurred_at\":\"${D5}T25:00\"}"; expect 400 "hour 25" invalid-field
rec fires "" "{\"kind\":\"fire\",\"occurred_at\":\"${D5}\",\"lat\":21.0}"; expect 400 "lat without lon" invalid-field
req GET /api/v1/facilities/$F1 "${TOK[wofficer]}"; expect 200 "sheet"
check '[ "$(j ".violations | length")" = 1 ] && [ "$(j ".violations[0].id")" = "$V2" ] && [ "$(j ".violations[0].status")" = remedied ]' \
    "the sheet shows the violation in force only"
check '[ "$(j ".suspensions[0].id")" = "$S2" ] && [ "$(j ".safety_records | length")" = 3 ] && [ "$(j ".inspection_items | length")" = 3 ]' \
    "sheet: reinstated suspension, 3 safety records, 3 checklist items"
req GET "/api/v1/facilities/$F1?history=true" "${TOK[wofficer]}"; expect 200 "history"
check '[ "$(j ".violations | map(select(.id == $V1))[0].superseded_by")" = "$V2" ] && [ "$(j ".versions | length")" = 2 ]' \
    "history shows the superseded row and both versions"
# history is append-only in the store itself
sql "UPDATE inspection SET result='pass' WHERE id=$I1" >/dev/null
sql "DELETE FROM violation WHERE id=$V1" >/dev/null
sql "DELETE FROM facility WHERE id=$F1" >/dev/null
sql "UPDATE facility_version SET name='x' WHERE facility_id=$F1" >/dev/null
check '[ "$(sql "SELECT (SELECT result FROM inspection WHERE id=$I1)||(SELECT count(*) FROM violation WHERE id=$V1)||(SELECT count(*) FROM facility WHERE id=$F1)||(SELECT count(*) FROM facility_version WHERE name='"'x'"')")" = partial110 ]' \
    "triggers refuse edits and deletes of history"
check '[ "$(sql "SELECT count(*) FROM audit_log WHERE action='"'record.add'"' AND object LIKE '"'%/%'"' AND detail LIKE '"'facility/$F1%'"'")" = 9 ]' \
    "every record added is audited (9)"

# --- hydrants, water sources, fire points, safety groups -------------------------------------
H3=$(sql "SELECT id FROM hydrant WHERE admin_unit_id=3 ORDER BY id LIMIT 1")
H11=$(sql "SELECT id FROM hydrant WHERE admin_unit_id=11 ORDER BY id LIMIT 1")
OLD=$(sql "SELECT status FROM hydrant WHERE id=$H3")
req PATCH /api/v1/hydrants/$H3 "${TOK[wofficer]}" "{\"status\":\"broken\",\"flow_lpm\":0,\"last_checked_on\":\"$D1\",\"note\":\"vỡ van\"}"
expect 200 "hydrant broken"
check '[ "$(sql "SELECT status||flow_lpm||last_checked_on FROM hydrant WHERE id=$H3")" = "broken0.0$D1" ]' "hydrant row updated"
check '[ "$(sql "SELECT json_extract(before,'"'\$.status'"')||'"'>'"'||json_extract(after,'"'\$.status'"')||changed_by FROM resource_change WHERE kind='"'hydrant'"' AND resource_id=$H3")" = "$OLD>broken${ID[wofficer]}" ]' \
    "the change is kept with before, after and who"
req PATCH /api/v1/hydrants/$H3 "${TOK[dofficer]}" '{"status":"working","flow_lpm":1100}'; expect 200 "hydrant repaired"
req GET /api/v1/hydrants/$H3/history "${TOK[dispatcher]}"; expect 200 "hydrant history"
check '[ "$(j ".changes | length")" = 2 ] && [ "$(j ".changes[0].after | fromjson | .status")" = working ] && [ "$(j ".changes[1].before | fromjson | .status")" = "$OLD" ]' \
    "history: newest first, nothing overwritten"
req PATCH /api/v1/hydrants/$H11 "${TOK[wofficer]}" '{"status":"broken"}'; expect 404 "hydrant out of scope" not-found
req PATCH /api/v1/hydrants/$H3 "${TOK[wofficer]}" '{"name":"x"}'; expect 400 "a field that does not apply" invalid-field
req PATCH /api/v1/hydrants/$H3 "${TOK[wofficer]}" '{"status":"leaking"}'; expect 400 "unknown hydrant status" invalid-field
req PATCH /api/v1/hydrants/$H3 "${TOK[dispatcher]}" '{"status":"broken"}'; expect 403 "dispatcher cannot change hydrants" forbidden
req GET /api/v1/hydrants/$H3/history "${TOK[cit1]}"; expect 403 "citizen cannot read hydrant history" forbidden
FP=$(sql "SELECT id FROM fire_point WHERE admin_unit_id=3 LIMIT 1")
req PATCH /api/v1/fire-points/$FP "${TOK[wofficer]}" "{\"extinguishers\":6,\"last_checked_on\":\"$D1\"}"; expect 200 "fire point"
check '[ "$(sql "SELECT extinguishers FROM fire_point WHERE id=$FP")" = 6 ]' "fire point updated"
WS=$(sql "SELECT id FROM water_source WHERE admin_unit_id=3 LIMIT 1")
if [ -n "$WS" ]; then
    req PATCH /api/v1/water-sources/$WS "${TOK[wofficer]}" '{"capacity_m3":12000}'; expect 200 "water source"
fi
SG=$(sql "SELECT id FROM safety_group WHERE admin_unit_id=3 LIMIT 1")
req PATCH /api/v1/safety-groups/$SG "${TOK[wofficer]}" '{"households":14,"leader_name":"Phạm E"}'; expect 200 "safety group"
req GET /api/v1/safety-groups/$SG/history "${TOK[wofficer]}"
check '[ "$(j ".changes[0].after | fromjson | .households")" = 14 ]' "safety group history"
check '[ "$(sql "SELECT count(*) FROM audit_log WHERE action='"'resource.update'"'")" = "$(sql "SELECT count(*) FROM resource_change")" ]' \
    "every resource change audited"

# --- claims and declarations ----------------------------------------------------------------
req POST /api/v1/declarations "${TOK[cit1]}" "{\"house_code\":\"$HC3\",\"sample\":\"tube_house\",\"occupants\":4}"
expect 404 "declaring before the claim is confirmed" not-found
req POST /api/v1/claims "${TOK[cit1]}" "{\"house_code\":\"$HC3\"}"; expect 201 "claim a house"
C1=$(j .id)
req POST /api/v1/claims "${TOK[cit1]}" "{\"house_code\":\"$HC3\"}"; expect 409 "claim twice" exists
TYPO=${HC3:0:13}$( [ "${HC3:13:1}" = 0 ] && echo 1 || echo 0 )
req POST /api/v1/claims "${TOK[cit1]}" "{\"house_code\":\"$TYPO\"}"; expect 400 "wrong check character is not guessed" invalid-field
req POST /api/v1/claims "${TOK[cit1]}" '{"house_code":"not a code"}'; expect 400 "not a house code" invalid-field
# exactly one check character makes HN-0000-0ZZZ-? valid; that code names no house
VALID=0; UNKNOWN_CODE=
for c in 0 1 2 3 4 5 6 7 8 9 A B C D E F G H J K M N P Q R S T V W X Y Z; do
    req POST /api/v1/claims "${TOK[cit1]}" "{\"house_code\":\"HN-0000-0ZZZ-$c\"}"
    [ "$STATUS" = 404 ] && { VALID=$((VALID + 1)); UNKNOWN_CODE=HN-0000-0ZZZ-$c; }
done
check '[ $VALID = 1 ]' "exactly one of 32 check characters is valid; the unknown code answers 404 ($VALID)"
req POST /api/v1/claims "${TOK[wofficer]}" "{\"house_code\":\"$HC3\"}"; expect 403 "officers do not claim" forbidden
req POST /api/v1/claims/$C1/review "${TOK[bofficer]}" '{"decision":"confirm"}'; expect 404 "claim review out of scope" not-found
req POST /api/v1/claims/$C1/review "${TOK[wofficer]}" '{"decision":"refuse"}'; expect 400 "refusal without a reason" invalid-field
req POST /api/v1/claims/$C1/review "${TOK[cit1]}" '{"decision":"confirm"}'; expect 403 "a citizen cannot confirm" forbidden
req POST /api/v1/claims/$C1/review "${TOK[wofficer]}" '{"decision":"confirm"}'; expect 200 "commune officer confirms"
req POST /api/v1/claims/$C1/review "${TOK[wofficer]}" '{"decision":"refuse","reason":"x"}'; expect 409 "review twice" conflict
req POST /api/v1/claims "${TOK[cit2]}" "{\"house_code\":\"$HC3\"}"; expect 201 "second citizen claims the same house"
C2=$(j .id)
req POST /api/v1/claims/$C2/review "${TOK[wofficer]}" '{"decision":"refuse","reason":"không phải chủ hộ"}'; expect 200 "refuse"
req GET /api/v1/claims "${TOK[cit2]}"
check '[ "$(j .total)" = 1 ] && [ "$(j ".items[0].status")" = refused ] && [ "$(j ".items[0].reason")" = "không phải chủ hộ" ]' \
    "the citizen sees only their claim, with the reason"
req GET /api/v1/claims "${TOK[bofficer]}"; check '[ "$(j .total)" = 0 ]' "ward 11 officer sees no ward 3 claims"
req GET /api/v1/house-types "${TOK[cit1]}"; expect 200 "sample house types"
check '[ "$(j ".house_types | length")" -ge 6 ] && [ "$(j "[.house_types[].code] | index(\"mini_apartment_6_9\") != null")" = true ]' \
    "sample types include the mini apartment 6-9 floors"
DECL="\"house_code\":\"$HC3\",\"sample\":\"mini_apartment_6_9\",\"occupants\":25,\"vuln_elderly\":3,\"vuln_bedridden\":1"
req POST /api/v1/declarations "${TOK[cit2]}" "{$DECL}"; expect 404 "a citizen declaring someone else's house" not-found
req POST /api/v1/declarations "${TOK[cit1]}" "{\"house_code\":\"$HC3\",\"sample\":\"mini_apartment_6_9\",\"occupants\":2,\"vuln_elderly\":3}"
expect 400 "more elderly than occupants" invalid-field
req POST /api/v1/declarations "${TOK[cit1]}" "{$DECL,\"hazards\":[\"dragons\"]}"; expect 400 "unknown hazard" invalid-field
req POST /api/v1/declarations "${TOK[cit1]}" "{\"house_code\":\"$HC3\",\"occupants\":3}"; expect 400 "no sample and no type" invalid-field
req POST /api/v1/declarations "${TOK[cit1]}" "{$DECL}"; expect 201 "declare from a sample"
DE1=$(j .declaration.id)
check '[ "$(j .declaration.floors)" = 7 ] && [ "$(j .declaration.type_code)" = mini_apartment ] && [ "$(j ".hazards | length")" = 4 ] && [ "$(j ".exits | length")" = 2 ]' \
    "the sample pre-fills floors, type, hazards and exits"
req POST /api/v1/declarations/$DE1/review "${TOK[dofficer]}" '{"decision":"return"}'; expect 400 "return without a reason" invalid-field
req POST /api/v1/declarations/$DE1/review "${TOK[bofficer]}" '{"decision":"accept"}'; expect 404 "review out of scope" not-found
req POST /api/v1/declarations/$DE1/review "${TOK[dofficer]}" '{"decision":"return","reason":"thiếu lối thoát thứ hai"}'
expect 200 "district officer returns it"
check '[ "$(j .declaration.status)" = returned ] && [ "$(j .declaration.reason)" = "thiếu lối thoát thứ hai" ]' "returned with the reason"
req POST /api/v1/declarations/$DE1/review "${TOK[wofficer]}" '{"decision":"accept"}'; expect 409 "accepting a returned declaration" conflict
EXITS='[{"kind":"main_door","floor":0,"width_m":2.5},{"kind":"stair","floor":0,"width_m":1.1},{"kind":"external_stair","floor":1}]'
req POST /api/v1/declarations "${TOK[cit1]}" "{$DECL,\"floors\":8,\"supersedes_id\":$DE1,\"exits\":$EXITS,\"hazards\":[\"motorbike_parking\",\"lpg\"]}"
expect 201 "corrected declaration"
DE2=$(j .declaration.id)
req POST /api/v1/declarations "${TOK[cit1]}" "{$DECL,\"supersedes_id\":$DE1}"; expect 409 "a declaration is corrected once" conflict
req GET /api/v1/declarations/$DE2 "${TOK[cit2]}"; expect 404 "another citizen cannot read it" not-found
req GET /api/v1/declarations/$DE2 "${TOK[cit1]}"; expect 200 "the declarer reads it"
req POST /api/v1/declarations/$DE2/review "${TOK[wofficer]}" '{"decision":"accept"}'; expect 200 "accept"
check '[ "$(sql "SELECT floors||'"'/'"'||occupants||'"'/'"'||vuln_elderly||'"'/'"'||vuln_bedridden||'"'/'"'||type_code FROM building WHERE id=$B3")" = "8/25/3/1/mini_apartment" ]' \
    "accepted declaration applied to the building"
check '[ "$(sql "SELECT group_concat(hazard_code) FROM (SELECT hazard_code FROM building_hazard WHERE building_id=$B3 ORDER BY 1)")" = "lpg,motorbike_parking" ] &&
       [ "$(sql "SELECT count(*) FROM building_exit WHERE building_id=$B3 AND geom IS NOT NULL")" = 3 ]' "hazards and exits replaced"
check '[ "$(sql "SELECT building_before IS NOT NULL FROM house_declaration WHERE id=$DE2")" = 1 ]' "the building's previous values kept"
req GET /api/v1/declarations "${TOK[bofficer]}"; check '[ "$(j .total)" = 0 ]' "no ward 3 declarations for ward 11"

# --- citizens' reports ----------------------------------------------------------------------
read -r LON LAT <<<"$(sql "SELECT ST_X(entrance)||' '||ST_Y(entrance) FROM building WHERE id=$B3")"
read -r LON11 LAT11 <<<"$(sql "SELECT ST_X(entrance)||' '||ST_Y(entrance) FROM building WHERE id=$B11")"
report() { req POST /api/v1/reports "$1" "$2"; }
report "${TOK[cit1]}" "{\"kind\":\"hazard\",\"text\":\"Bình gas để cạnh cầu thang\",\"lat\":$LAT,\"lon\":$LON,\"house_code\":\"$HC3\"}"
expect 201 "report a hazard"
R1=$(j .report.id)
check '[ "$(j .report.status)" = submitted ] && [ "$(j ".events | length")" = 1 ] && [ "$(j .report.admin_unit_id)" = 3 ]' \
    "submitted, one event, in the building's ward"
report "${TOK[cit1]}" "{\"kind\":\"other\",\"text\":\"Ngõ bị chắn\",\"lat\":$LAT,\"lon\":$LON}"; expect 201 "report by position only"
R2=$(j .report.id)
report "${TOK[cit2]}" "{\"kind\":\"fire\",\"text\":\"Khói ở nhà bên\",\"lat\":$LAT11,\"lon\":$LON11,\"house_code\":\"$HC11\"}"; expect 201 "report in ward 11"
R3=$(j .report.id)
report "${TOK[wofficer]}" "{\"kind\":\"hazard\",\"text\":\"Dân gọi điện: dây điện chập\",\"lat\":$LAT,\"lon\":$LON,\"house_code\":\"$HC3\",\"channel\":\"phone\"}"
expect 201 "officer takes a phone report"
R4=$(j .report.id)
report "${TOK[cit1]}" "{\"kind\":\"hazard\",\"text\":\"x\",\"lat\":$LAT,\"lon\":$LON,\"channel\":\"phone\"}"; expect 400 "citizens cannot set the channel" invalid-field
report "${TOK[cit1]}" "{\"kind\":\"hazard\",\"text\":\"x\",\"lat\":95,\"lon\":$LON}"; expect 400 "latitude out of range" invalid-field
report "${TOK[cit1]}" '{"kind":"hazard","text":"x"}'; expect 400 "report without a location" invalid-field
status() { req POST /api/v1/reports/$1/status "$2" "{\"status\":\"$3\"${4:+,\"note\":\"$4\"}}"; }
status $R1 "${TOK[wofficer]}" resolved; expect 409 "resolving an unreceived report" conflict
status $R1 "${TOK[bofficer]}" received; expect 404 "handling out of scope" not-found
status $R1 "${TOK[cit1]}" received; expect 403 "a citizen cannot handle reports" forbidden
status $R1 "${TOK[wofficer]}" received; expect 200 "received"
status $R1 "${TOK[wofficer]}" processing "đã cử cán bộ"; expect 200 "processing"
status $R1 "${TOK[wofficer]}" resolved "đã di dời bình gas"; expect 200 "resolved"
status $R1 "${TOK[wofficer]}" processing; expect 409 "reopening a resolved report" conflict
status $R1 "${TOK[wofficer]}" closed; expect 400 "unknown status" invalid-field
status $R3 "${TOK[bofficer]}" received; expect 200 "ward 11 receives its report"
status $R3 "${TOK[bofficer]}" rejected "báo nhầm"; expect 200 "rejected"
for s in received processing resolved; do status $R4 "${TOK[wofficer]}" $s; expect 200 "phone report $s"; done
req GET /api/v1/reports/$R1 "${TOK[cit1]}"; expect 200 "the reporter follows the report"
check '[ "$(j "[.events[].status] | join(\",\")")" = "submitted,received,processing,resolved" ] && [ "$(j "[.events[].at] | . == sort")" = true ] && [ "$(j .report.closed_at)" != null ]' \
    "every step time-stamped and visible to the reporter"
req GET /api/v1/reports/$R1 "${TOK[cit2]}"; expect 404 "another citizen's report" not-found
req GET /api/v1/reports "${TOK[cit2]}"; check '[ "$(j .total)" = 1 ] && [ "$(j ".items[0].id")" = "$R3" ]' "a citizen lists only their reports"
req GET /api/v1/reports "${TOK[bofficer]}"; check '[ "$(j "[.items[].admin_unit_id] | unique | tostring")" = "[11]" ]' "officer lists their area's reports"
check '[ "$(sql "SELECT count(*) FROM audit_log WHERE action IN ('"'read.report','read.reports'"') AND actor='"'bofficer'"'")" -ge 1 ]' \
    "officers' reads of reports are audited"

# --- statistics against plain SQL -------------------------------------------------------------
FROM=2000-01-01
CUR() { echo "NOT EXISTS (SELECT 1 FROM $1 q WHERE q.supersedes_id=$2.id)"; }
SCOPE11="IN (11)"; SCOPE3="IN (3)"; SCOPE_D2="IN (2,3)"
figures_sql() { # figures_sql UNITS_PREDICATE(or 'ALL') -> facilities|inspections|violations|fines|suspensions|fires|injuries|damage
    local u="f.admin_unit_id $1"; [ "$1" = ALL ] && u=1
    sql "SELECT (SELECT count(*) FROM facility f WHERE $u),
      (SELECT count(*) FROM inspection i JOIN facility f ON f.id=i.facility_id WHERE $u AND i.inspected_on BETWEEN '$FROM' AND '$TODAY' AND $(CUR inspection i)),
      (SELECT count(*) FROM violation v JOIN facility f ON f.id=v.facility_id WHERE $u AND v.found_on BETWEEN '$FROM' AND '$TODAY' AND $(CUR violation v)),
      (SELECT coalesce(sum(fine_vnd),0) FROM violation v JOIN facility f ON f.id=v.facility_id WHERE $u AND v.found_on BETWEEN '$FROM' AND '$TODAY' AND $(CUR violation v)),
      (SELECT count(*) FROM suspension s JOIN facility f ON f.id=s.facility_id WHERE $u AND s.start_on BETWEEN '$FROM' AND '$TODAY' AND $(CUR suspension s)),
      (SELECT count(*) FROM fire_event e JOIN facility f ON f.id=e.facility_id WHERE $u AND substr(e.occurred_at,1,10) BETWEEN '$FROM' AND '$TODAY' AND $(CUR fire_event e)),
      (SELECT coalesce(sum(injuries),0) FROM fire_event e JOIN facility f ON f.id=e.facility_id WHERE $u AND substr(e.occurred_at,1,10) BETWEEN '$FROM' AND '$TODAY' AND $(CUR fire_event e)),
      (SELECT coalesce(sum(damage_vnd),0) FROM fire_event e JOIN facility f ON f.id=e.facility_id WHERE $u AND substr(e.occurred_at,1,10) BETWEEN '$FROM' AND '$TODAY' AND $(CUR fire_event e))"
}
fig_json() { jq -r "$1 | [.facilities,.inspections,.violations,.fines_vnd,.suspensions,.fires,.injuries,.damage_vnd] | map(tostring) | join(\"|\")" <<<"$BODY"; }
req GET "/api/v1/stats?from=$FROM&to=$TODAY" "${TOK[admin]}"; expect 200 "city report"
WANT=$(figures_sql ALL); GOT=$(fig_json .total)
check '[ "$GOT" = "$WANT" ]' "city figures equal plain SQL (got $GOT, want $WANT)"
check '[ "$(j .total.fines_vnd)" -gt 0 ] && [ "$(j .total.fires)" -gt 0 ]' "the city report is not trivially zero"
LAST_OK=$(sql "SELECT count(*) FROM facility f WHERE (SELECT i.result FROM inspection i WHERE i.facility_id=f.id AND i.inspected_on<='$TODAY' AND $(CUR inspection i) ORDER BY i.inspected_on DESC, i.id DESC LIMIT 1)='pass'")
check '[ "$(j .total.facilities_meeting)" = "$LAST_OK" ] && [ $(( $(j .total.facilities_meeting) + $(j .total.facilities_failing) + $(j .total.facilities_uninspected) )) = "$(j .total.facilities)" ]' \
    "meeting/failing/uninspected partition the facilities ($LAST_OK meet)"
req GET "/api/v1/stats?from=$FROM&to=$TODAY&admin_unit_id=1&by=unit" "${TOK[admin]}"; expect 200 "by district"
GOT=$(fig_json '.rows[] | select(.key=="01.D02")'); WANT=$(figures_sql "$SCOPE11")
check '[ "$GOT" = "$WANT" ]' "district 01.D02 rolls up ward 11 (got $GOT, want $WANT)"
GOT=$(fig_json '.rows[] | select(.key=="01.D01")'); WANT=$(figures_sql "$SCOPE_D2")
check '[ "$GOT" = "$WANT" ]' "district 01.D01 rolls up its ward (got $GOT, want $WANT)"
req GET "/api/v1/stats?from=$FROM&to=$TODAY" "${TOK[bofficer]}"; expect 200 "ward 11 officer's report"
check '[ "$(j .total.key)" = 01.W0101 ] && [ "$(fig_json .total)" = "$(figures_sql "$SCOPE11")" ]' "a report covers the caller's scope"
req GET "/api/v1/stats?from=$FROM&to=$TODAY&admin_unit_id=3" "${TOK[bofficer]}"; expect 404 "a report outside the scope" not-found
req GET "/api/v1/stats" "${TOK[cit1]}"; expect 403 "citizens get no reports" forbidden
req GET "/api/v1/stats?from=$FROM&to=$TODAY&by=category" "${TOK[wofficer]}"; expect 200 "by category"
check '[ "$(j "[.rows[].facilities] | add")" = "$(j .total.facilities)" ] && [ "$(j .total.facilities)" = "$(sql "SELECT count(*) FROM facility WHERE admin_unit_id=3")" ]' \
    "categories add up to the ward total"
req GET "/api/v1/stats?from=$FROM&to=$TODAY&category=boarding_house" "${TOK[admin]}"
check '[ "$(j .total.facilities)" = "$(sql "SELECT count(*) FROM facility WHERE category_code='"'boarding_house'"'")" ]' "category filter"
HANDLED=$(sql "SELECT count(*) FROM citizen_report WHERE status IN ('resolved','rejected')")
ELEC=$(sql "SELECT count(*) FROM citizen_report WHERE status IN ('resolved','rejected') AND channel='electronic'")
RECV=$(sql "SELECT count(*) FROM citizen_report")
MEDIAN=$(sql "SELECT CAST((julianday(closed_at)-julianday(created_at))*86400.0+0.5 AS INTEGER) FROM citizen_report WHERE status IN ('resolved','rejected') ORDER BY (julianday(closed_at)-julianday(created_at)) LIMIT 1 OFFSET $(( (HANDLED - 1) / 2 ))")
req GET "/api/v1/stats/daily?date=$TODAY" "${TOK[admin]}"; expect 200 "daily summary"
check '[ "$(j .total.reports_received)|$(j .total.reports_handled)|$(j .total.reports_handled_electronic)" = "$RECV|$HANDLED|$ELEC" ]' \
    "reports received / handled / electronically handled equal SQL ($RECV|$HANDLED|$ELEC)"
check '[ "$(j .total.median_handle_s)" = "$MEDIAN" ]' "median time to handle equals SQL ($MEDIAN s)"
check '[ "$(j .total.electronic_pct)" = 50 ] && [ "$(j .total.meets_target)" = false ] && [ "$(j .target_pct)" = 80 ]' \
    "2 of 4 handled electronically: 50% against the 80% target"
check '[ "$(j .total.inspections)" = "$(sql "SELECT count(*) FROM inspection i WHERE inspected_on='"'$TODAY'"' AND $(CUR inspection i)")" ]' \
    "daily inspections equal SQL"
req GET "/api/v1/stats?from=$FROM&to=$TODAY&format=csv" "${TOK[admin]}"; expect 200 "CSV export"
check 'grep -qi "^Content-Type: text/csv" <<<"$HDRS"' "CSV content type"
CSV_FAC=$(awk -F, 'NR==1{for(i=1;i<=NF;i++) if($i=="facilities") c=i} NR==2{print $c}' "$W/body")
CSV_FINES=$(awk -F, 'NR==1{for(i=1;i<=NF;i++) if($i=="fines_vnd") c=i} NR==2{print $c}' "$W/body")
check '[ "$CSV_FAC|$CSV_FINES" = "$(figures_sql ALL | cut -d"|" -f1,4)" ]' "CSV figures equal SQL"
req GET "/api/v1/stats?from=2026-02-30&to=$TODAY" "${TOK[admin]}"; expect 400 "bad date" invalid-field
req GET "/api/v1/stats?from=$TODAY&to=$FROM" "${TOK[admin]}"; expect 400 "from after to" invalid-field
req GET "/api/v1/stats?category=casino" "${TOK[admin]}"; expect 400 "unknown category" invalid-field
req GET "/api/v1/stats?format=xml" "${TOK[admin]}"; expect 400 "unknown format" invalid-parameter

# --- CSV bulk import: 10,000 rows, 50 bad, then clean -------------------------------------------
sql "SELECT id FROM facility WHERE admin_unit_id=3 ORDER BY id" >"$W/fids"
OUT11=$(sql "SELECT id FROM facility WHERE admin_unit_id=11 ORDER BY id LIMIT 1")
gen_csv() { # gen_csv BAD(0/1) > file
    awk -v bad="$1" -v d="$D10" -v out="$OUT11" 'NR==FNR { f[n++] = $1; next }
    END {
        print "facility_id,found_on,legal_article,description,fine_vnd,status"
        for (i = 1; i <= 10000; i++) {
            fid = f[i % n]; date = d; art = "\"Điều 42, Nghị định 144/2021/NĐ-CP\""
            desc = (i % 3 == 0) ? "\"Thiếu \"\"đèn\"\" chỉ dẫn, lối thoát\"" : "Thiếu bình chữa cháy"
            fine = 1000 * (i % 500); st = (i % 7 == 0) ? "remedied" : "open"; extra = ""
            if (bad && i % 200 == 0) {
                k = i / 200
                if (k <= 10) date = "2025-02-30"
                else if (k <= 20) fid = 999999
                else if (k <= 30) fid = out
                else if (k <= 35) fine = -5
                else if (k <= 40) st = "pending"
                else if (k <= 45) art = ""
                else extra = ",surplus"
            }
            print fid "," date "," art "," desc "," fine "," st extra
        }
    }' "$W/fids" /dev/null
}
gen_csv 1 >"$W/bad.csv"
gen_csv 0 >"$W/good.csv"
seq 200 200 10000 | awk '{print $1 + 1}' >"$W/bad_lines"
NV=$(sql "SELECT count(*) FROM violation")
imp() { req POST "/api/v1/imports?kind=violations$1" "${TOK[wofficer]}" "@$2" text/csv; }
T0=$(date +%s.%N)
imp "" "$W/bad.csv"; expect 200 "dry run of the bad file"
T1=$(date +%s.%N)
check '[ "$(j .rows)|$(j .rows_bad)|$(j .committed)" = "10000|50|false" ]' "dry run: 10,000 rows, 50 bad, nothing committed"
check '[ "$(j "[.errors[].line] | map(tostring) | join(\"\n\")")" = "$(cat "$W/bad_lines")" ]' "every bad row listed by its line number"
check '[ "$(j "[.errors[].reason] | map(select(test(\"found_on\"))) | length")" = 10 ] &&
       [ "$(j "[.errors[].reason] | map(select(test(\"not found in your area\"))) | length")" = 20 ] &&
       [ "$(j "[.errors[].reason] | map(select(test(\"fields\"))) | length")" = 5 ]' "each bad row with its reason"
check '[ "$(sql "SELECT count(*) FROM violation")" = "$NV" ]' "a dry run writes nothing"
imp "&commit=true" "$W/bad.csv"; expect 422 "commit of the bad file is refused whole"
check '[ "$(j .rows_bad)|$(j .committed)" = "50|false" ] && [ "$(sql "SELECT count(*) FROM violation")" = "$NV" ]' \
    "all 50 reported, nothing committed"
imp "" "$W/good.csv"; expect 200 "dry run of the clean file"
check '[ "$(j .rows_ok)|$(j .rows_bad)|$(j .committed)" = "10000|0|false" ] && [ "$(sql "SELECT count(*) FROM violation")" = "$NV" ]' \
    "clean dry run writes nothing"
T2=$(date +%s.%N)
imp "&commit=true" "$W/good.csv"; expect 200 "commit of the clean file"
T3=$(date +%s.%N)
check '[ "$(j .rows_ok)|$(j .committed)" = "10000|true" ] && [ "$(sql "SELECT count(*) FROM violation")" = $((NV + 10000)) ]' \
    "the clean file is committed whole"
check '[ "$(sql "SELECT count(*) FROM violation WHERE description LIKE '"'Thiếu _đèn_ chỉ dẫn, lối thoát'"' AND legal_article='"'Điều 42, Nghị định 144/2021/NĐ-CP'"'")" = 3333 ]' \
    "quoted fields with commas and doubled quotes read as RFC 4180 says"
check '[ "$(sql "SELECT count(*) FROM audit_log WHERE action='"'import.commit'"'")" = 1 ]' "the commit is audited once"
awk -v a="$T0" -v b="$T1" -v c="$T2" -v d="$T3" 'BEGIN { printf "import of 10,000 rows over HTTP: dry run %.2f s, commit %.2f s\n", b - a, d - c }'
req GET "/api/v1/stats?from=$FROM&to=$TODAY" "${TOK[admin]}"
check '[ "$(fig_json .total)" = "$(figures_sql ALL)" ]' "figures still equal SQL after the import"
req POST "/api/v1/imports?kind=violations" "${TOK[wofficer]}" "@$W/good.csv" application/json; expect 415 "import needs text/csv" unsupported-media-type
req POST "/api/v1/imports?kind=dragons" "${TOK[wofficer]}" "a,b" text/csv; expect 400 "unknown kind" invalid-field
req POST "/api/v1/imports?kind=violations" "${TOK[wofficer]}" $'facility_id,found_on,colour\n1,2020-01-01,red' text/csv
expect 400 "unknown column" invalid-field
req POST "/api/v1/imports?kind=violations" "${TOK[cit1]}" "a,b" text/csv; expect 403 "citizens cannot import" forbidden
printf 'facility_id,inspected_on,result,ok_conditions,failed_conditions\n%s,%s,partial,extinguishers;exit_signs,alarm\n%s,%s,pass,alarm,\n' \
    "$F1" "$D1" "$F1" "$D1" >"$W/insp.csv"
imp2() { req POST "/api/v1/imports?kind=$1&commit=true" "${TOK[wofficer]}" "@$2" text/csv; }
imp2 inspections "$W/insp.csv"; expect 200 "inspections import"
check '[ "$(j .rows_ok)" = 2 ] && [ "$(sql "SELECT count(*) FROM inspection_item i JOIN inspection n ON n.id=i.inspection_id WHERE n.facility_id=$F1 AND n.inspected_on='"'$D1'"'")" = 4 ]' \
    "checklists imported"
printf 'house_code,category,name\n%s,market,"Chợ ""Mới"""\n' "$(sql "SELECT house_code FROM building WHERE admin_unit_id=3 ORDER BY id DESC LIMIT 1")" >"$W/fac.csv"
imp2 facilities "$W/fac.csv"; expect 200 "facilities import"
check '[ "$(sql "SELECT count(*) FROM facility WHERE name LIKE '"'Chợ _Mới_'"'")" = 1 ]' "facility imported"

# --- resident register extract (CLI) --------------------------------------------------------------
sql "SELECT house_code FROM building WHERE admin_unit_id=3 ORDER BY id LIMIT 5" >"$W/codes"
Y=$(date -u +%Y)
{
    echo "house_code,pid,birth_year,disabled,bedridden,residence"
    n=0
    while read -r code; do
        for k in 1 2 3; do
            n=$((n + 1))
            year=$((Y - 30)); [ $k = 2 ] && year=$((Y - 75)); [ $k = 3 ] && year=$((Y - 5))
            printf '%s,%012d,%d,%d,%d,%s\n' "$code" $((1000 + n)) $year $((k == 2)) $((k == 2 && n % 2 == 0)) \
                $([ $k = 3 ] && echo temporary || echo permanent)
        done
    done <"$W/codes"
} >"$W/res.csv"
FIRST=$(sed -n 1p "$W/codes")
{
    cat "$W/res.csv"
    echo "$UNKNOWN_CODE,000000009999,1980,0,0,permanent"
    echo "$TYPO,000000009998,1980,0,0,permanent"
    echo "HN-12,000000009997,1980,0,0,permanent"
    echo "$FIRST,12345,1980,0,0,permanent"
    echo "$FIRST,000000001001,1980,0,0,permanent"
    echo "$FIRST,000000009996,1980,2,0,permanent"
    echo "$FIRST,000000009995,1980,0,0,visitor"
} >"$W/res_bad.csv"
OUT=$("$PCCC" --quiet import-residents "$W/res_bad.csv" --db "$DB"); RC=$?
check '[ $RC = 1 ] && [ "$(grep -c "^[0-9]*: " <<<"$OUT")" = 7 ]' "7 bad resident rows listed, exit 1 ($OUT)"
check 'grep -q "^17: unknown house code" <<<"$OUT" && grep -q "^18: .*mismatched" <<<"$OUT" && grep -q "^21: .*already listed on line 2" <<<"$OUT"' \
    "unknown and mismatched codes and a duplicate ID are named, not guessed"
check '[ "$(sql "SELECT count(*) FROM resident")" = 0 ]' "a bad extract imports nothing"
"$PCCC" --quiet import-residents "$W/res.csv" --db "$DB" --dry-run >/dev/null
check '[ $? = 0 ] && [ "$(sql "SELECT count(*) FROM resident")" = 0 ]' "dry run imports nothing"
OUT=$("$PCCC" --quiet import-residents "$W/res.csv" --db "$DB"); RC=$?
check '[ $RC = 0 ] && [ "$(sql "SELECT count(*) FROM resident")" = 15 ]' "15 residents imported ($OUT)"
check '[ "$(sql "SELECT count(*) FROM resident WHERE CAST(pid_enc AS TEXT) LIKE '"'%1001%'"' OR hex(pid_enc) LIKE '"'%'"'||hex('"'000000001001'"')||'"'%'"'")" = 0 ]' \
    "ID numbers are not stored in clear"
RB=$(sql "SELECT id FROM building WHERE house_code='$FIRST'")
check '[ "$(sql "SELECT occupants||'"'/'"'||vuln_elderly||'"'/'"'||vuln_children||'"'/'"'||vuln_disabled FROM building WHERE id=$RB")" = 3/1/1/1 ]' \
    "occupant and vulnerable counts derived from the register"
check '[ "$(sql "SELECT sum(occupants) FROM building WHERE house_code IN (SELECT house_code FROM building WHERE admin_unit_id=3 ORDER BY id LIMIT 5)")" = 15 ]' \
    "each listed house recounted"
req GET /api/v1/buildings/$RB/residents "${TOK[wofficer]}"; expect 200 "officer reads residents"
check '[ "$(j "[.residents[].pid] | join(\",\")")" = "000000001001,000000001002,000000001003" ]' "ID numbers decrypt"
check '[ "$(sql "SELECT count(*) FROM audit_log WHERE action='"'read.residents'"' AND actor='"'wofficer'"'")" = 1 ]' "the read is audited"
req GET /api/v1/buildings/$RB/residents "${TOK[dispatcher]}"; expect 403 "dispatch sees counts only" forbidden
req GET /api/v1/buildings/$RB/residents "${TOK[bofficer]}"; expect 404 "residents out of scope" not-found
OUT=$("$PCCC" --quiet import-residents "$W/res.csv" --db "$DB")
check '[ "$(sql "SELECT count(*) FROM resident")" = 15 ]' "a second import of the extract replaces, not duplicates"

# --- the door: every new endpoint refuses a missing token, and roles outside its list -----------
# (role lists themselves are checked against openapi.json by test_openapi)
door() { # door METHOD PATH WANT_NONE WANT_CITIZEN WANT_DISPATCHER
    local body=; [ "$1" != GET ] && body='{}'
    req "$1" "$2" "" "$body"; expect "$3" "door: none $1 $2"
    req "$1" "$2" "${TOK[cit1]}" "$body"; [ "$4" = any ] || expect "$4" "door: citizen $1 $2"
    req "$1" "$2" "${TOK[dispatcher]}" "$body"; [ "$5" = any ] || expect "$5" "door: dispatcher $1 $2"
}
for rt in "GET /api/v1/facilities any 403 any" "POST /api/v1/facilities any 403 403" "GET /api/v1/facilities/$F1 any 403 any" \
          "PATCH /api/v1/facilities/$F1 any 403 403" "POST /api/v1/facilities/$F1/safety-records any 403 403" \
          "POST /api/v1/facilities/$F1/inspections any 403 403" "POST /api/v1/facilities/$F1/violations any 403 403" \
          "POST /api/v1/facilities/$F1/suspensions any 403 403" "POST /api/v1/facilities/$F1/fires any 403 403" \
          "PATCH /api/v1/hydrants/$H3 any 403 403" "GET /api/v1/hydrants/$H3/history any 403 any" \
          "PATCH /api/v1/fire-points/$FP any 403 403" "GET /api/v1/fire-points/$FP/history any 403 any" \
          "PATCH /api/v1/safety-groups/$SG any 403 403" "GET /api/v1/safety-groups/$SG/history any 403 any" \
          "POST /api/v1/claims any any 403" "GET /api/v1/claims any any 403" "POST /api/v1/claims/$C1/review any 403 403" \
          "GET /api/v1/house-types any any any" "POST /api/v1/declarations any any 403" "GET /api/v1/declarations any any 403" \
          "GET /api/v1/declarations/$DE2 any any 403" "POST /api/v1/declarations/$DE2/review any 403 403" \
          "POST /api/v1/reports any any 403" "GET /api/v1/reports any any 403" "GET /api/v1/reports/$R1 any any 403" \
          "POST /api/v1/reports/$R1/status any 403 403" "GET /api/v1/buildings/$B3/residents any 403 403" \
          "GET /api/v1/stats any 403 any" "GET /api/v1/stats/daily any 403 any" "POST /api/v1/imports any 403 403"; do
    set -- $rt
    door "$1" "$2" 401 "$4" "$5"
done

# --- the audit chain is intact after all of it ---------------------------------------------------
check '"$PCCC" --quiet audit verify --db "$DB" | grep -q "audit log intact"' "audit chain intact"
kill -TERM "$SERVER_PID"; wait "$SERVER_PID"; RC=$?; SERVER_PID=
check '[ $RC = 0 ] && ! grep -qE "AddressSanitizer|LeakSanitizer|runtime error" "$W/serve.log"' \
    "the server stops cleanly, no sanitizer report (rc $RC)"

echo "records tests: $CHECKS checks, $FAILS violations"
[ $FAILS = 0 ]
