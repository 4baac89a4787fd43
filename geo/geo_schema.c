/* geo_schema.c — the versioned schema of the pccc store.
 *
 * Each migration is a block of DDL applied once, in order, inside one
 * transaction together with its schema_version row. A migration is never
 * edited after it has shipped: change the schema by appending a new one.
 * docs/DATA_MODEL.md describes the tables for people.
 *
 * Conventions: geometry columns are registered with SpatiaLite, SRID 4326,
 * XY, and each has an R*Tree spatial index (idx_<table>_<column>). Lengths in
 * metres, times as ISO-8601 UTC text, money in VND integers. Record tables of
 * fire-safety history are append-only: triggers refuse UPDATE and DELETE, and
 * a correction is a new row that names the row it supersedes. */
#include "geo_schema_int.h"

#include <stddef.h>

/* Version 1: the whole mission's data model. */
static const char MIGRATION_1[] =
    /* --- reference lists (data, never hard-coded) ------------------------ */
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE admin_level(level INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,"
    "  name_vi TEXT NOT NULL, name_en TEXT NOT NULL);"
    "INSERT INTO admin_level VALUES (1,'city','Thành phố','city'),"
    "  (2,'district','Quận/Huyện','district'),(3,'ward','Phường/Xã','ward');"
    "CREATE TABLE building_type(code TEXT PRIMARY KEY, name_vi TEXT NOT NULL,"
    "  name_en TEXT NOT NULL, managed INTEGER NOT NULL DEFAULT 0);"
    "INSERT INTO building_type VALUES"
    "  ('mini_apartment','Chung cư mini','mini apartment building',1),"
    "  ('boarding_house','Nhà trọ','boarding house',1),"
    "  ('house_business','Nhà ở kết hợp sản xuất kinh doanh','house with business',1),"
    "  ('apartment','Chung cư','apartment building',1),"
    "  ('market','Chợ, trung tâm thương mại','market or shopping centre',1),"
    "  ('school','Trường học','school',1),"
    "  ('hospital','Bệnh viện, cơ sở y tế','hospital or clinic',1),"
    "  ('office','Trụ sở, văn phòng','office',1),"
    "  ('hotel','Khách sạn, nhà nghỉ','hotel or guest house',1),"
    "  ('karaoke_bar','Karaoke, vũ trường, quán bar','karaoke, bar or club',1),"
    "  ('factory','Nhà xưởng, kho','factory or warehouse',1),"
    "  ('fuel_station','Cửa hàng xăng dầu, khí đốt','fuel or gas shop',1),"
    "  ('religious','Cơ sở tôn giáo','religious building',0),"
    "  ('house','Nhà ở riêng lẻ','detached or tube house',0),"
    "  ('other','Khác','other',0);"
    "CREATE TABLE hazard_kind(code TEXT PRIMARY KEY, name_vi TEXT NOT NULL, name_en TEXT NOT NULL);"
    "INSERT INTO hazard_kind VALUES"
    "  ('lpg','Bình gas LPG','LPG cylinders'),"
    "  ('motorbike_parking','Để xe máy tầng 1','ground-floor motorbike parking'),"
    "  ('iron_cage_balcony','Ban công lồng sắt','iron-cage balconies'),"
    "  ('single_exit','Chỉ có một lối thoát','single exit'),"
    "  ('flammable_goods','Hàng hóa dễ cháy','flammable goods stored'),"
    "  ('electric_vehicle_charging','Sạc xe điện','electric vehicle charging'),"
    "  ('workshop','Xưởng sản xuất','workshop'),"
    "  ('chemicals','Hóa chất','chemicals');"
    "CREATE TABLE vehicle_kind(code TEXT PRIMARY KEY, name_vi TEXT NOT NULL, name_en TEXT NOT NULL,"
    "  width_m REAL NOT NULL, height_m REAL NOT NULL);"
    "INSERT INTO vehicle_kind VALUES"
    "  ('engine','Xe chữa cháy','fire engine',2.5,3.3),"
    "  ('small_engine','Xe chữa cháy cỡ nhỏ','small fire engine',1.9,2.6),"
    "  ('ladder','Xe thang','aerial ladder',2.5,3.8),"
    "  ('tanker','Xe chở nước','water tanker',2.5,3.4),"
    "  ('motorbike','Xe máy chữa cháy','fire motorbike',0.8,1.4),"
    "  ('rescue','Xe cứu nạn cứu hộ','rescue vehicle',2.3,3.0);"
    "CREATE TABLE facility_category(code TEXT PRIMARY KEY, name_vi TEXT NOT NULL,"
    "  name_en TEXT NOT NULL, legal_ref TEXT);"
    "INSERT INTO facility_category VALUES"
    "  ('mini_apartment','Nhà chung cư mini','mini apartment building','Decree 105/2025/ND-CP Appendix I'),"
    "  ('boarding_house','Nhà trọ, ký túc xá','boarding house','Decree 105/2025/ND-CP Appendix I'),"
    "  ('house_business','Nhà ở kết hợp sản xuất, kinh doanh','house combined with business','Decree 105/2025/ND-CP Appendix I'),"
    "  ('apartment','Nhà chung cư','apartment building','Decree 105/2025/ND-CP Appendix I'),"
    "  ('market','Chợ, trung tâm thương mại','market or shopping centre','Decree 105/2025/ND-CP Appendix I'),"
    "  ('school','Cơ sở giáo dục','education facility','Decree 105/2025/ND-CP Appendix I'),"
    "  ('hospital','Cơ sở y tế','health facility','Decree 105/2025/ND-CP Appendix I'),"
    "  ('hotel','Cơ sở lưu trú','lodging','Decree 105/2025/ND-CP Appendix I'),"
    "  ('karaoke_bar','Karaoke, vũ trường','karaoke or dance club','Decree 105/2025/ND-CP Appendix I'),"
    "  ('factory','Cơ sở sản xuất, kho','production facility or warehouse','Decree 105/2025/ND-CP Appendix I'),"
    "  ('fuel_station','Cửa hàng xăng dầu, khí đốt','fuel or gas shop','Decree 105/2025/ND-CP Appendix I'),"
    "  ('office','Trụ sở cơ quan','office','Decree 105/2025/ND-CP Appendix I');"
    "CREATE TABLE condition_kind(code TEXT PRIMARY KEY, name_vi TEXT NOT NULL, name_en TEXT NOT NULL);"
    "INSERT INTO condition_kind VALUES"
    "  ('extinguishers','Bình chữa cháy','fire extinguishers'),"
    "  ('alarm','Hệ thống báo cháy','fire alarm'),"
    "  ('second_exit','Lối thoát nạn thứ hai','second exit'),"
    "  ('escape_ladder','Thang thoát nạn','escape ladder'),"
    "  ('emergency_lighting','Đèn chiếu sáng sự cố','emergency lighting'),"
    "  ('no_iron_cage','Không có lồng sắt bịt kín','no sealed iron-cage balcony'),"
    "  ('separate_parking','Khu để xe ngăn cách','separated motorbike parking'),"
    "  ('exit_signs','Đèn chỉ dẫn thoát nạn','exit signs');"
    /* --- administrative units ------------------------------------------ */
    "CREATE TABLE admin_unit(id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL, name_folded TEXT NOT NULL,"
    "  level INTEGER NOT NULL REFERENCES admin_level(level),"
    "  parent_id INTEGER REFERENCES admin_unit(id), population INTEGER,"
    "  osm_id INTEGER, wikidata TEXT);"
    "CREATE INDEX admin_unit_parent ON admin_unit(parent_id);"
    "CREATE INDEX admin_unit_folded ON admin_unit(name_folded);"
    "SELECT AddGeometryColumn('admin_unit','geom',4326,'MULTIPOLYGON','XY');"
    /* --- buildings and addresses -------------------------------------- */
    "CREATE TABLE building(id INTEGER PRIMARY KEY,"
    "  house_code TEXT NOT NULL UNIQUE,"
    "  osm_id INTEGER UNIQUE,"                 /* signed: >0 way, <0 relation */
    "  admin_unit_id INTEGER REFERENCES admin_unit(id),"
    "  name TEXT,"
    "  addr_number TEXT, addr_ngach TEXT, addr_ngo TEXT, addr_street TEXT,"
    "  addr_full TEXT, addr_folded TEXT,"
    "  type_code TEXT NOT NULL DEFAULT 'other' REFERENCES building_type(code),"
    "  floors INTEGER CHECK(floors IS NULL OR floors BETWEEN 0 AND 200),"
    "  basements INTEGER CHECK(basements IS NULL OR basements BETWEEN 0 AND 20),"
    "  height_m REAL, footprint_m2 REAL, apartments INTEGER, rooms INTEGER,"
    "  occupants INTEGER, vuln_elderly INTEGER, vuln_children INTEGER,"
    "  vuln_disabled INTEGER, vuln_bedridden INTEGER,"
    "  ground_floor_use TEXT,"
    "  source TEXT NOT NULL DEFAULT 'manual' CHECK(source IN ('manual','osm','demo')),"
    "  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
    "CREATE INDEX building_admin ON building(admin_unit_id);"
    "CREATE INDEX building_street ON building(addr_street);"
    "SELECT AddGeometryColumn('building','footprint',4326,'MULTIPOLYGON','XY');"
    "SELECT AddGeometryColumn('building','entrance',4326,'POINT','XY');"
    "CREATE TABLE building_hazard(building_id INTEGER NOT NULL REFERENCES building(id) ON DELETE CASCADE,"
    "  hazard_code TEXT NOT NULL REFERENCES hazard_kind(code), note TEXT,"
    "  PRIMARY KEY(building_id, hazard_code)) WITHOUT ROWID;"
    "CREATE TABLE building_exit(id INTEGER PRIMARY KEY,"
    "  building_id INTEGER NOT NULL REFERENCES building(id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL CHECK(kind IN ('main_door','back_door','stair','external_stair','ladder','roof','window')),"
    "  width_m REAL, floor INTEGER NOT NULL DEFAULT 0, note TEXT);"
    "CREATE INDEX building_exit_b ON building_exit(building_id);"
    "SELECT AddGeometryColumn('building_exit','geom',4326,'POINT','XY');"
    "CREATE TABLE escape_route(id INTEGER PRIMARY KEY,"
    "  building_id INTEGER NOT NULL REFERENCES building(id) ON DELETE CASCADE,"
    "  name TEXT NOT NULL, description TEXT);"
    "CREATE INDEX escape_route_b ON escape_route(building_id);"
    "SELECT AddGeometryColumn('escape_route','geom',4326,'LINESTRING','XY');"
    "CREATE TABLE address_point(id INTEGER PRIMARY KEY, osm_id INTEGER UNIQUE,"
    "  housenumber TEXT NOT NULL, street TEXT, addr_full TEXT, addr_folded TEXT,"
    "  building_id INTEGER REFERENCES building(id) ON DELETE SET NULL,"
    "  admin_unit_id INTEGER REFERENCES admin_unit(id));"
    "SELECT AddGeometryColumn('address_point','geom',4326,'POINT','XY');"
    /* --- facilities and their fire-safety records (append-only) -------- */
    "CREATE TABLE facility(id INTEGER PRIMARY KEY,"
    "  building_id INTEGER REFERENCES building(id),"
    "  category_code TEXT NOT NULL REFERENCES facility_category(code),"
    "  name TEXT NOT NULL, operator_name TEXT, phone_enc BLOB,"
    "  admin_unit_id INTEGER REFERENCES admin_unit(id),"
    "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
    "CREATE INDEX facility_building ON facility(building_id);"
    "CREATE INDEX facility_admin ON facility(admin_unit_id);"
    "CREATE TABLE safety_record(id INTEGER PRIMARY KEY,"
    "  facility_id INTEGER NOT NULL REFERENCES facility(id),"
    "  kind TEXT NOT NULL CHECK(kind IN ('construction_permit','design_approval','acceptance')),"
    "  number TEXT, issued_by TEXT, issued_on TEXT, valid_until TEXT, note TEXT,"
    "  supersedes_id INTEGER REFERENCES safety_record(id),"
    "  created_by INTEGER, created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
    "CREATE INDEX safety_record_f ON safety_record(facility_id);"
    "CREATE TABLE inspection(id INTEGER PRIMARY KEY,"
    "  facility_id INTEGER NOT NULL REFERENCES facility(id),"
    "  inspected_on TEXT NOT NULL, inspector TEXT,"
    "  result TEXT NOT NULL CHECK(result IN ('pass','fail','partial')), findings TEXT,"
    "  supersedes_id INTEGER REFERENCES inspection(id),"
    "  created_by INTEGER, created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
    "CREATE INDEX inspection_f ON inspection(facility_id, inspected_on);"
    "CREATE TABLE inspection_item(inspection_id INTEGER NOT NULL REFERENCES inspection(id),"
    "  condition_code TEXT NOT NULL REFERENCES condition_kind(code),"
    "  ok INTEGER NOT NULL CHECK(ok IN (0,1)), note TEXT,"
    "  PRIMARY KEY(inspection_id, condition_code)) WITHOUT ROWID;"
    "CREATE TABLE violation(id INTEGER PRIMARY KEY,"
    "  facility_id INTEGER NOT NULL REFERENCES facility(id),"
    "  inspection_id INTEGER REFERENCES inspection(id),"
    "  found_on TEXT NOT NULL, legal_article TEXT NOT NULL, description TEXT,"
    "  fine_vnd INTEGER CHECK(fine_vnd IS NULL OR fine_vnd >= 0),"
    "  status TEXT NOT NULL DEFAULT 'open' CHECK(status IN ('open','remedied','fine_paid','closed')),"
    "  supersedes_id INTEGER REFERENCES violation(id),"
    "  created_by INTEGER, created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
    "CREATE INDEX violation_f ON violation(facility_id);"
    "CREATE TABLE suspension(id INTEGER PRIMARY KEY,"
    "  facility_id INTEGER NOT NULL REFERENCES facility(id),"
    "  kind TEXT NOT NULL CHECK(kind IN ('temporary','suspension')),"
    "  decision_no TEXT, reason TEXT, start_on TEXT NOT NULL, end_on TEXT, reinstated_on TEXT,"
    "  supersedes_id INTEGER REFERENCES suspension(id),"
    "  created_by INTEGER, created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
    "CREATE INDEX suspension_f ON suspension(facility_id);"
    "CREATE TABLE fire_event(id INTEGER PRIMARY KEY,"
    "  facility_id INTEGER REFERENCES facility(id), building_id INTEGER REFERENCES building(id),"
    "  kind TEXT NOT NULL CHECK(kind IN ('fire','explosion')), occurred_at TEXT NOT NULL,"
    "  cause TEXT, deaths INTEGER NOT NULL DEFAULT 0, injuries INTEGER NOT NULL DEFAULT 0,"
    "  damage_vnd INTEGER, supersedes_id INTEGER REFERENCES fire_event(id),"
    "  created_by INTEGER, created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
    "CREATE INDEX fire_event_f ON fire_event(facility_id);"
    "SELECT AddGeometryColumn('fire_event','geom',4326,'POINT','XY');"
    /* --- fire resources ------------------------------------------------- */
    "CREATE TABLE station(id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
    "  address TEXT, phone TEXT, osm_id INTEGER UNIQUE,"
    "  admin_unit_id INTEGER REFERENCES admin_unit(id));"
    "SELECT AddGeometryColumn('station','geom',4326,'POINT','XY');"
    "CREATE TABLE unit(id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,"
    "  station_id INTEGER NOT NULL REFERENCES station(id),"
    "  kind TEXT NOT NULL REFERENCES vehicle_kind(code), name TEXT,"
    "  width_m REAL NOT NULL, height_m REAL NOT NULL, water_l INTEGER, ladder_m REAL, crew INTEGER,"
    "  status TEXT NOT NULL DEFAULT 'available' CHECK(status IN"
    "   ('available','dispatched','en_route','on_scene','returning','out_of_service')),"
    "  incident_id INTEGER REFERENCES incident(id),"
    "  status_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
    "CREATE INDEX unit_station ON unit(station_id);"
    "CREATE TABLE hydrant(id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, osm_id INTEGER UNIQUE,"
    "  kind TEXT NOT NULL DEFAULT 'pillar' CHECK(kind IN ('pillar','underground','wall','pipe')),"
    "  status TEXT NOT NULL DEFAULT 'unknown' CHECK(status IN ('working','broken','unknown')),"
    "  flow_lpm REAL, pressure_bar REAL, diameter_mm INTEGER, last_checked_on TEXT,"
    "  admin_unit_id INTEGER REFERENCES admin_unit(id));"
    "SELECT AddGeometryColumn('hydrant','geom',4326,'POINT','XY');"
    "CREATE TABLE water_source(id INTEGER PRIMARY KEY, osm_id INTEGER UNIQUE, name TEXT,"
    "  kind TEXT NOT NULL CHECK(kind IN ('lake','pond','river','tank','reservoir','canal','suction_point')),"
    "  capacity_m3 REAL, admin_unit_id INTEGER REFERENCES admin_unit(id));"
    "SELECT AddGeometryColumn('water_source','geom',4326,'MULTIPOLYGON','XY');"
    "CREATE TABLE draft_point(id INTEGER PRIMARY KEY,"
    "  water_source_id INTEGER REFERENCES water_source(id) ON DELETE CASCADE,"
    "  osm_id INTEGER UNIQUE, note TEXT, all_year INTEGER NOT NULL DEFAULT 1);"
    "SELECT AddGeometryColumn('draft_point','geom',4326,'POINT','XY');"
    "CREATE TABLE fire_point(id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT,"
    "  equipment TEXT, extinguishers INTEGER, hose_m REAL, last_checked_on TEXT,"
    "  admin_unit_id INTEGER REFERENCES admin_unit(id));"
    "SELECT AddGeometryColumn('fire_point','geom',4326,'POINT','XY');"
    "CREATE TABLE safety_group(id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
    "  leader_name TEXT, leader_phone_enc BLOB, households INTEGER, equipment TEXT,"
    "  admin_unit_id INTEGER REFERENCES admin_unit(id));"
    "SELECT AddGeometryColumn('safety_group','geom',4326,'POINT','XY');"
    "CREATE TABLE safety_group_building(group_id INTEGER NOT NULL REFERENCES safety_group(id) ON DELETE CASCADE,"
    "  building_id INTEGER NOT NULL REFERENCES building(id) ON DELETE CASCADE,"
    "  PRIMARY KEY(group_id, building_id)) WITHOUT ROWID;"
    "CREATE INDEX safety_group_building_b ON safety_group_building(building_id);"
    "CREATE TABLE assembly_area(id INTEGER PRIMARY KEY, name TEXT,"
    "  kind TEXT NOT NULL CHECK(kind IN ('square','park','wide_street','schoolyard','other')),"
    "  capacity INTEGER, osm_id INTEGER UNIQUE);"
    "SELECT AddGeometryColumn('assembly_area','geom',4326,'MULTIPOLYGON','XY');"
    /* --- road graph ------------------------------------------------------ */
    /* One row per directed-or-not edge between two graph nodes. oneway = 1
     * means motor vehicles may only go node_from -> node_to (importers turn
     * OSM oneway=-1 around); walking ignores oneway. width_source says
     * whether width_m came from a tag or from the estimate table. */
    "CREATE TABLE road_node(id INTEGER PRIMARY KEY, osm_id INTEGER UNIQUE);"
    "SELECT AddGeometryColumn('road_node','geom',4326,'POINT','XY');"
    "CREATE TABLE road_edge(id INTEGER PRIMARY KEY,"
    "  osm_way_id INTEGER, way_seq INTEGER NOT NULL DEFAULT 0,"
    "  node_from INTEGER NOT NULL REFERENCES road_node(id),"
    "  node_to INTEGER NOT NULL REFERENCES road_node(id),"
    "  class TEXT NOT NULL, name TEXT, name_folded TEXT,"
    "  width_m REAL NOT NULL CHECK(width_m > 0),"
    "  width_source TEXT NOT NULL CHECK(width_source IN ('tagged','estimated')),"
    "  maxheight_m REAL,"
    "  oneway INTEGER NOT NULL DEFAULT 0 CHECK(oneway IN (0,1)),"
    "  motor INTEGER NOT NULL DEFAULT 1 CHECK(motor IN (0,1)),"      /* motor vehicles allowed */
    "  foot INTEGER NOT NULL DEFAULT 1 CHECK(foot IN (0,1)),"
    "  access TEXT, surface TEXT, lanes INTEGER,"
    "  bridge INTEGER NOT NULL DEFAULT 0, tunnel INTEGER NOT NULL DEFAULT 0,"
    "  maxspeed_kmh REAL,"
    "  length_m REAL NOT NULL CHECK(length_m >= 0),"
    "  admin_unit_id INTEGER REFERENCES admin_unit(id),"
    "  UNIQUE(osm_way_id, way_seq));"
    "CREATE INDEX road_edge_from ON road_edge(node_from);"
    "CREATE INDEX road_edge_to ON road_edge(node_to);"
    "CREATE INDEX road_edge_name ON road_edge(name_folded);"
    "SELECT AddGeometryColumn('road_edge','geom',4326,'LINESTRING','XY');"
    /* --- incidents, citizens, accounts, audit --------------------------- */
    "CREATE TABLE incident(id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,"
    "  kind TEXT NOT NULL DEFAULT 'fire' CHECK(kind IN ('fire','explosion','rescue','other')),"
    "  status TEXT NOT NULL DEFAULT 'open' CHECK(status IN ('open','closed')),"
    "  building_id INTEGER REFERENCES building(id), address TEXT, note TEXT,"
    "  created_by INTEGER REFERENCES account(id),"
    "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')), closed_at TEXT,"
    "  admin_unit_id INTEGER REFERENCES admin_unit(id));"
    "CREATE INDEX incident_status ON incident(status);"
    "SELECT AddGeometryColumn('incident','geom',4326,'POINT','XY');"
    "CREATE TABLE incident_event(id INTEGER PRIMARY KEY,"
    "  incident_id INTEGER NOT NULL REFERENCES incident(id),"
    "  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),"
    "  kind TEXT NOT NULL, unit_id INTEGER REFERENCES unit(id), status TEXT, detail TEXT,"
    "  actor_id INTEGER REFERENCES account(id));"
    "CREATE INDEX incident_event_i ON incident_event(incident_id);"
    "CREATE TABLE account(id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE,"
    "  pw_hash TEXT NOT NULL,"
    "  role TEXT NOT NULL CHECK(role IN ('city_admin','district_officer','commune_officer',"
    "   'dispatcher','commander','planner','citizen')),"
    "  admin_unit_id INTEGER REFERENCES admin_unit(id),"
    "  display_name TEXT, phone_enc BLOB,"
    "  disabled INTEGER NOT NULL DEFAULT 0, token_epoch INTEGER NOT NULL DEFAULT 0,"
    "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
    "CREATE TABLE session(token_hash BLOB PRIMARY KEY, account_id INTEGER NOT NULL REFERENCES account(id),"
    "  token_epoch INTEGER NOT NULL, created_at INTEGER NOT NULL, last_seen INTEGER NOT NULL,"
    "  expires_at INTEGER NOT NULL, ip TEXT) WITHOUT ROWID;"
    "CREATE INDEX session_account ON session(account_id);"
    "CREATE TABLE citizen_report(id INTEGER PRIMARY KEY,"
    "  reporter_id INTEGER REFERENCES account(id),"
    "  kind TEXT NOT NULL CHECK(kind IN ('hazard','fire','other')), text TEXT NOT NULL,"
    "  status TEXT NOT NULL DEFAULT 'submitted' CHECK(status IN"
    "   ('submitted','received','processing','resolved','rejected')),"
    "  channel TEXT NOT NULL DEFAULT 'electronic' CHECK(channel IN ('electronic','phone','paper')),"
    "  building_id INTEGER REFERENCES building(id), admin_unit_id INTEGER REFERENCES admin_unit(id),"
    "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')), updated_at TEXT);"
    "SELECT AddGeometryColumn('citizen_report','geom',4326,'POINT','XY');"
    "CREATE TABLE citizen_report_event(id INTEGER PRIMARY KEY,"
    "  report_id INTEGER NOT NULL REFERENCES citizen_report(id),"
    "  status TEXT NOT NULL, note TEXT, actor_id INTEGER REFERENCES account(id),"
    "  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')));"
    "CREATE TABLE house_claim(id INTEGER PRIMARY KEY,"
    "  account_id INTEGER NOT NULL REFERENCES account(id),"
    "  building_id INTEGER NOT NULL REFERENCES building(id),"
    "  status TEXT NOT NULL DEFAULT 'pending' CHECK(status IN ('pending','confirmed','refused')),"
    "  reviewed_by INTEGER REFERENCES account(id), reason TEXT,"
    "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')), reviewed_at TEXT,"
    "  UNIQUE(account_id, building_id));"
    "CREATE TABLE resident(id INTEGER PRIMARY KEY,"
    "  building_id INTEGER NOT NULL REFERENCES building(id) ON DELETE CASCADE,"
    "  pid_enc BLOB NOT NULL, pid_hash BLOB NOT NULL, birth_year INTEGER,"
    "  disabled INTEGER NOT NULL DEFAULT 0, bedridden INTEGER NOT NULL DEFAULT 0,"
    "  residence TEXT NOT NULL CHECK(residence IN ('permanent','temporary')),"
    "  UNIQUE(building_id, pid_hash));"
    "CREATE TABLE audit_log(id INTEGER PRIMARY KEY,"
    "  at TEXT NOT NULL, actor_id INTEGER, actor TEXT, ip TEXT,"
    "  action TEXT NOT NULL, object TEXT, detail TEXT,"
    "  prev_hash BLOB NOT NULL, hash BLOB NOT NULL);"
    /* append-only record tables: corrections are new rows */
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
    "  BEGIN SELECT RAISE(ABORT,'audit_log is append-only'); END;"
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
    "  BEGIN SELECT RAISE(ABORT,'audit_log is append-only'); END;";

/* Spatial indexes, one per geometry column: kept apart from the DDL so the
 * store can drop and rebuild them around bulk loads. */
const geo_spatial_column geo_spatial_columns[] = {
    {"admin_unit", "geom"},   {"building", "footprint"},  {"building", "entrance"},
    {"building_exit", "geom"}, {"escape_route", "geom"},  {"address_point", "geom"},
    {"fire_event", "geom"},   {"station", "geom"},        {"hydrant", "geom"},
    {"water_source", "geom"}, {"draft_point", "geom"},    {"fire_point", "geom"},
    {"safety_group", "geom"}, {"assembly_area", "geom"},  {"road_node", "geom"},
    {"road_edge", "geom"},    {"incident", "geom"},       {"citizen_report", "geom"},
};
const size_t geo_n_spatial_columns = sizeof geo_spatial_columns / sizeof geo_spatial_columns[0];

/* Tables whose rows are fire-safety history: never updated, never deleted. */
const char *const geo_append_only_tables[] = {
    "safety_record", "inspection", "inspection_item", "violation", "suspension",
    "fire_event",    "incident_event", "citizen_report_event",
};
const size_t geo_n_append_only_tables =
    sizeof geo_append_only_tables / sizeof geo_append_only_tables[0];

/* Version 2: live road closures and slow-downs (routing overlay). factor 0
 * closes the edge; factor >= 1 multiplies its travel time. */
static const char MIGRATION_2[] =
    "CREATE TABLE road_closure(id INTEGER PRIMARY KEY,"
    "  edge_id INTEGER NOT NULL REFERENCES road_edge(id) ON DELETE CASCADE,"
    "  factor REAL NOT NULL CHECK(factor = 0 OR (factor >= 1 AND factor <= 1000)),"
    "  starts_at TEXT NOT NULL, expires_at TEXT NOT NULL CHECK(expires_at > starts_at),"
    "  reason TEXT,"
    "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
    "CREATE INDEX road_closure_expires ON road_closure(expires_at);";

/* Version 3: fire-safety record versions, resource change history, sample
 * house types, house declarations and the citizen-report clock.
 * Facilities keep their current values in facility and every version (the
 * first included) in facility_version; a record row is corrected at most
 * once (a unique index on supersedes_id), so the current row of a chain is
 * the one nobody supersedes. Hydrants, water sources, fire points and safety
 * groups are current-state tables: each change writes a resource_change row
 * with the values before and after. */
static const char MIGRATION_3[] =
    "CREATE TABLE facility_version(id INTEGER PRIMARY KEY,"
    "  facility_id INTEGER NOT NULL REFERENCES facility(id), version INTEGER NOT NULL,"
    "  building_id INTEGER REFERENCES building(id),"
    "  category_code TEXT NOT NULL REFERENCES facility_category(code),"
    "  name TEXT NOT NULL, operator_name TEXT, admin_unit_id INTEGER REFERENCES admin_unit(id), note TEXT,"
    "  created_by INTEGER, created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),"
    "  UNIQUE(facility_id, version));"
    "INSERT INTO facility_version(facility_id,version,building_id,category_code,name,operator_name,"
    "  admin_unit_id,note,created_at)"
    "  SELECT id,1,building_id,category_code,name,operator_name,admin_unit_id,'recorded before versioning',"
    "  created_at FROM facility;"
    "CREATE TRIGGER facility_no_delete BEFORE DELETE ON facility"
    "  BEGIN SELECT RAISE(ABORT,'facilities are never deleted'); END;"
    "CREATE TRIGGER facility_version_no_update BEFORE UPDATE ON facility_version"
    "  BEGIN SELECT RAISE(ABORT,'facility_version is history: add a new version'); END;"
    "CREATE TRIGGER facility_version_no_delete BEFORE DELETE ON facility_version"
    "  BEGIN SELECT RAISE(ABORT,'facility_version is history: rows are never deleted'); END;"
    "CREATE UNIQUE INDEX safety_record_sup ON safety_record(supersedes_id) WHERE supersedes_id IS NOT NULL;"
    "CREATE UNIQUE INDEX inspection_sup ON inspection(supersedes_id) WHERE supersedes_id IS NOT NULL;"
    "CREATE UNIQUE INDEX violation_sup ON violation(supersedes_id) WHERE supersedes_id IS NOT NULL;"
    "CREATE UNIQUE INDEX suspension_sup ON suspension(supersedes_id) WHERE supersedes_id IS NOT NULL;"
    "CREATE UNIQUE INDEX fire_event_sup ON fire_event(supersedes_id) WHERE supersedes_id IS NOT NULL;"
    "CREATE INDEX fire_event_b ON fire_event(building_id);"
    "CREATE TABLE resource_change(id INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL CHECK(kind IN ('hydrant','water_source','fire_point','safety_group')),"
    "  resource_id INTEGER NOT NULL, before TEXT NOT NULL, after TEXT NOT NULL, note TEXT,"
    "  changed_by INTEGER, changed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')));"
    "CREATE INDEX resource_change_r ON resource_change(kind, resource_id);"
    "CREATE TRIGGER resource_change_no_update BEFORE UPDATE ON resource_change"
    "  BEGIN SELECT RAISE(ABORT,'resource_change is history'); END;"
    "CREATE TRIGGER resource_change_no_delete BEFORE DELETE ON resource_change"
    "  BEGIN SELECT RAISE(ABORT,'resource_change is history'); END;"
    /* sample house types a citizen starts a declaration from (data) */
    "CREATE TABLE house_type_sample(code TEXT PRIMARY KEY, name_vi TEXT NOT NULL, name_en TEXT NOT NULL,"
    "  type_code TEXT NOT NULL REFERENCES building_type(code), floors INTEGER NOT NULL, basements INTEGER NOT NULL,"
    "  apartments INTEGER, rooms INTEGER, ground_floor_use TEXT, note TEXT);"
    "CREATE TABLE house_type_sample_exit(sample_code TEXT NOT NULL REFERENCES house_type_sample(code),"
    "  kind TEXT NOT NULL CHECK(kind IN ('main_door','back_door','stair','external_stair','ladder','roof','window')),"
    "  floor INTEGER NOT NULL DEFAULT 0, width_m REAL);"
    "CREATE TABLE house_type_sample_hazard(sample_code TEXT NOT NULL REFERENCES house_type_sample(code),"
    "  hazard_code TEXT NOT NULL REFERENCES hazard_kind(code), PRIMARY KEY(sample_code, hazard_code)) WITHOUT ROWID;"
    "INSERT INTO house_type_sample VALUES"
    "  ('tube_house_shop','Nhà ống, tầng 1 kinh doanh','tube house with a shop on the ground floor',"
    "   'house_business',4,0,NULL,NULL,'shop','one family above a shop; goods and motorbikes on the ground floor'),"
    "  ('tube_house','Nhà ống để ở','tube house (dwelling only)','house',4,0,NULL,NULL,'living',NULL),"
    "  ('mini_apartment_6_9','Chung cư mini 6–9 tầng','mini apartment building, 6 to 9 floors',"
    "   'mini_apartment',7,0,20,NULL,'motorbike parking','one staircase typical; parking on the ground floor'),"
    "  ('boarding_row','Dãy phòng trọ','row of boarding rooms','boarding_house',1,0,NULL,10,'rooms',"
    "   'single-storey row opening onto a shared yard or alley'),"
    "  ('boarding_house_multi','Nhà trọ nhiều tầng','multi-storey boarding house','boarding_house',5,0,NULL,25,"
    "   'motorbike parking',NULL),"
    "  ('house_workshop','Nhà ở kết hợp xưởng sản xuất','house with a workshop','house_business',3,0,NULL,NULL,"
    "   'workshop',NULL);"
    "INSERT INTO house_type_sample_exit VALUES"
    "  ('tube_house_shop','main_door',0,3.0),('tube_house_shop','stair',0,0.9),"
    "  ('tube_house','main_door',0,2.5),('tube_house','stair',0,0.9),"
    "  ('mini_apartment_6_9','main_door',0,2.5),('mini_apartment_6_9','stair',0,1.0),"
    "  ('boarding_row','main_door',0,1.2),"
    "  ('boarding_house_multi','main_door',0,2.0),('boarding_house_multi','stair',0,1.0),"
    "  ('house_workshop','main_door',0,3.0),('house_workshop','back_door',0,0.9),('house_workshop','stair',0,0.9);"
    "INSERT INTO house_type_sample_hazard VALUES"
    "  ('tube_house_shop','motorbike_parking'),('tube_house_shop','iron_cage_balcony'),"
    "  ('tube_house_shop','single_exit'),('tube_house_shop','flammable_goods'),"
    "  ('tube_house','motorbike_parking'),('tube_house','iron_cage_balcony'),"
    "  ('mini_apartment_6_9','motorbike_parking'),('mini_apartment_6_9','electric_vehicle_charging'),"
    "  ('mini_apartment_6_9','single_exit'),('mini_apartment_6_9','iron_cage_balcony'),"
    "  ('boarding_row','lpg'),('boarding_row','electric_vehicle_charging'),"
    "  ('boarding_house_multi','motorbike_parking'),('boarding_house_multi','electric_vehicle_charging'),"
    "  ('boarding_house_multi','lpg'),('boarding_house_multi','single_exit'),"
    "  ('house_workshop','workshop'),('house_workshop','flammable_goods'),('house_workshop','chemicals');"
    /* a citizen's declaration of a house: reviewed, then applied */
    "CREATE TABLE house_declaration(id INTEGER PRIMARY KEY,"
    "  account_id INTEGER NOT NULL REFERENCES account(id),"
    "  building_id INTEGER NOT NULL REFERENCES building(id),"
    "  sample_code TEXT REFERENCES house_type_sample(code),"
    "  type_code TEXT NOT NULL REFERENCES building_type(code),"
    "  floors INTEGER NOT NULL CHECK(floors BETWEEN 0 AND 200),"
    "  basements INTEGER NOT NULL CHECK(basements BETWEEN 0 AND 20),"
    "  apartments INTEGER, rooms INTEGER, occupants INTEGER NOT NULL CHECK(occupants >= 0),"
    "  vuln_elderly INTEGER NOT NULL DEFAULT 0, vuln_children INTEGER NOT NULL DEFAULT 0,"
    "  vuln_disabled INTEGER NOT NULL DEFAULT 0, vuln_bedridden INTEGER NOT NULL DEFAULT 0,"
    "  ground_floor_use TEXT,"
    "  status TEXT NOT NULL DEFAULT 'submitted' CHECK(status IN ('submitted','accepted','returned','superseded')),"
    "  reason TEXT, reviewed_by INTEGER REFERENCES account(id), reviewed_at TEXT,"
    "  supersedes_id INTEGER REFERENCES house_declaration(id), building_before TEXT,"
    "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')));"
    "CREATE INDEX house_declaration_b ON house_declaration(building_id);"
    "CREATE INDEX house_declaration_a ON house_declaration(account_id);"
    "CREATE UNIQUE INDEX house_declaration_sup ON house_declaration(supersedes_id) WHERE supersedes_id IS NOT NULL;"
    "CREATE TRIGGER house_declaration_no_delete BEFORE DELETE ON house_declaration"
    "  BEGIN SELECT RAISE(ABORT,'declarations are never deleted'); END;"
    "CREATE TABLE house_declaration_hazard(declaration_id INTEGER NOT NULL REFERENCES house_declaration(id),"
    "  hazard_code TEXT NOT NULL REFERENCES hazard_kind(code), PRIMARY KEY(declaration_id, hazard_code)) WITHOUT ROWID;"
    "CREATE TABLE house_declaration_exit(id INTEGER PRIMARY KEY,"
    "  declaration_id INTEGER NOT NULL REFERENCES house_declaration(id),"
    "  kind TEXT NOT NULL CHECK(kind IN ('main_door','back_door','stair','external_stair','ladder','roof','window')),"
    "  floor INTEGER NOT NULL DEFAULT 0, width_m REAL);"
    "CREATE INDEX house_declaration_exit_d ON house_declaration_exit(declaration_id);"
    "CREATE INDEX house_claim_b ON house_claim(building_id);"
    /* citizen reports: when a report was closed (resolved or rejected) */
    "ALTER TABLE citizen_report ADD COLUMN closed_at TEXT;"
    "CREATE INDEX citizen_report_reporter ON citizen_report(reporter_id);"
    "CREATE INDEX citizen_report_unit ON citizen_report(admin_unit_id, created_at);"
    "CREATE INDEX citizen_report_event_r ON citizen_report_event(report_id);"
    "CREATE INDEX audit_log_action ON audit_log(action, at);";

/* Version 4: indexes for address lookups (street, ngõ, number) and
 * OSM address points, which the geocoder otherwise scans. */
static const char MIGRATION_4[] =
    "CREATE INDEX building_addr ON building(addr_street, addr_ngo, addr_number);"
    "DROP INDEX building_street;" /* a prefix of building_addr */
    "CREATE INDEX address_point_addr ON address_point(street, housenumber);";

/* Version 5: a counter per point layer that plan contexts keep in memory
 * (hydrants, draft points, fire points, safety groups, stations), bumped
 * by triggers when a point is added, removed or moved (hydrants also when
 * their status changes), so a server notices an officer's edit at the
 * next plan without re-reading the layer every time. */
#define LV_BUMP(t) " BEGIN UPDATE layer_version SET version=version+1 WHERE layer='" t "'; END;"
#define LV_TRIGGERS(t, cols)                                                                                      \
    "CREATE TRIGGER " t "_lv_insert AFTER INSERT ON " t LV_BUMP(t)                                                \
    "CREATE TRIGGER " t "_lv_delete AFTER DELETE ON " t LV_BUMP(t)                                                \
    "CREATE TRIGGER " t "_lv_update AFTER UPDATE OF " cols " ON " t LV_BUMP(t)
static const char MIGRATION_5[] =
    "CREATE TABLE layer_version(layer TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
    "INSERT INTO layer_version(layer) VALUES ('hydrant'),('draft_point'),('fire_point'),('safety_group'),('station');"
    LV_TRIGGERS("hydrant", "geom, status") LV_TRIGGERS("draft_point", "geom") LV_TRIGGERS("fire_point", "geom")
    LV_TRIGGERS("safety_group", "geom") LV_TRIGGERS("station", "geom");

/* Version 6: assembly areas join the counted layers (plan contexts keep
 * their outlines in memory too). */
static const char MIGRATION_6[] = "INSERT INTO layer_version(layer) VALUES ('assembly_area');"
    LV_TRIGGERS("assembly_area", "geom");

/* Version 7: units are counted too (any change, and a station renamed,
 * since a unit carries its station's code and name): a plan context keeps
 * the available units in memory between plans instead of reading them all
 * for every plan. */
static const char MIGRATION_7[] = "INSERT INTO layer_version(layer) VALUES ('unit');"
    "CREATE TRIGGER unit_lv_insert AFTER INSERT ON unit" LV_BUMP("unit")
    "CREATE TRIGGER unit_lv_delete AFTER DELETE ON unit" LV_BUMP("unit")
    "CREATE TRIGGER unit_lv_update AFTER UPDATE ON unit" LV_BUMP("unit")
    "CREATE TRIGGER station_unit_lv_update AFTER UPDATE OF code, name ON station" LV_BUMP("unit");

const geo_migration geo_migrations[] = {
    {1, "the whole data model", MIGRATION_1},
    {2, "road closures", MIGRATION_2},
    {3, "records, declarations, resource history", MIGRATION_3},
    {4, "address indexes", MIGRATION_4},
    {5, "point layer versions", MIGRATION_5},
    {6, "assembly area layer version", MIGRATION_6},
    {7, "unit version", MIGRATION_7},
};
const size_t geo_n_migrations = sizeof geo_migrations / sizeof geo_migrations[0];
