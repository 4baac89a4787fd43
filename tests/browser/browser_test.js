/* browser_test.js — walks each console page's main flow in headless
 * Chromium against a running `pccc serve` with the demo city.
 *
 * usage: node browser_test.js BASE_URL OUTPUT_DIR
 * Each flow logs in as its role in a fresh tab, drives the page with real
 * key presses and clicks, checks what a person would see (DOM and drawn
 * map paths), demands no console error, no uncaught exception and no
 * failed request, and saves a screenshot. Prints figures (page weight of
 * the dispatcher, planner, officer and citizen pages with the browser cache
 * off, time to first plan) to OUTPUT_DIR/figures.json and a closing line
 * "N passed, M failed". */
'use strict';
const fs = require('fs');
const path = require('path');
const {Browser} = require('./cdp.js');

const BASE = process.argv[2], OUT = process.argv[3];
const results = [], figures = {};
const sleep = ms => new Promise(r => setTimeout(r, ms));

function assert(cond, what) { if (!cond) throw new Error('check failed: ' + what); }

async function login(page, user) {
  await page.goto(BASE + '/');
  await page.waitFor(`document.querySelector('#username')`, 5000, 'login form');
  await page.eval(`document.querySelector('#username').focus()`);
  await page.type(user);
  await page.eval(`document.querySelector('#password').focus()`);
  await page.type('password of ' + user);
  await page.key('Enter');
}

/* Clicks the map at a lon/lat (through Leaflet's own projection). */
async function clickMap(page, lat, lon) {
  const pt = await page.eval(`(() => { const m = window.__pccc.map, r = m.getContainer().getBoundingClientRect();
    const p = m.latLngToContainerPoint([${lat}, ${lon}]); return {x: r.left + p.x, y: r.top + p.y}; })()`);
  await page.click(pt.x, pt.y);
}

/* The page's static weight as this tab loaded it (Resource Timing): its HTML
 * and every non-API file, bytes on the wire; and our own JS and CSS decoded. */
async function pageWeight(page) {
  return page.eval(`(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const res = performance.getEntriesByType('resource').filter(r => !new URL(r.name).pathname.startsWith('/api/'));
    return {bytes: nav.transferSize + res.reduce((s, r) => s + r.transferSize, 0), files: res.length + 1,
            own_js_css: res.filter(r => /^[/](js|css)[/]/.test(new URL(r.name).pathname)).reduce((s, r) => s + r.decodedBodySize, 0)};
  })()`);
}

/* Sets an input's value as typed and fires input and change. */
async function setValue(page, sel, value) {
  await page.eval(`(() => { const e = document.querySelector(${JSON.stringify(sel)}); e.value = ${JSON.stringify(String(value))};
    e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true})); })()`);
}

/* GET an API path with the tab's own session (to check what the server stored). */
async function apiGet(page, path) {
  return page.eval(`fetch(${JSON.stringify(path)}, {headers: {Authorization: 'Bearer ' + sessionStorage.getItem('pccc.token')}}).then(r => r.json())`);
}

function noErrors(page, what) {
  const bad = page.requests.filter(r => r.status >= 400 && !r.expected);
  assert(page.errors.length === 0, `${what}: no console errors (got ${JSON.stringify(page.errors)})`);
  assert(bad.length === 0, `${what}: no failed requests (got ${JSON.stringify(bad.map(r => r.status + ' ' + r.url))})`);
}

const flows = [];
const flow = (name, fn) => flows.push({name, fn});

flow('login', async b => {
  const p = await b.newPage({width: 1366, height: 860});
  await p.goto(BASE + '/');
  await p.eval(`document.querySelector('#username').value = 'dispatcher'; document.querySelector('#password').value = 'wrong password here'`);
  await p.key('Enter');
  await p.waitFor(`!document.querySelector('#login-msg').hidden`, 5000, 'error message');
  const text = await p.eval(`document.querySelector('#login-msg').textContent`);
  assert(/Sai tên đăng nhập/.test(text), 'a wrong password says so in Vietnamese: ' + text);
  p.requests.forEach(r => { if (r.status === 401 && r.url.endsWith('/api/v1/session')) r.expected = true; });
  /* the log in the browser console of a 401 is Chromium's own network line: allowed for this one */
  p.errors = p.errors.filter(e => !/401/.test(e));
  await p.eval(`document.querySelector('#lang-btn').click()`);
  assert(await p.eval(`document.querySelector('#login-btn').textContent`) === 'Sign in', 'the English switch');
  assert(await p.eval(`document.documentElement.lang`) === 'en', 'html lang follows the switch');
  await p.eval(`document.querySelector('#lang-btn').click()`);
  await p.screenshot(path.join(OUT, 'login.png'));
  noErrors(p, 'login');
});

flow('dispatcher', async b => {
  const p = await b.newPage({width: 1366, height: 860, noCache: true});
  const t0 = Date.now();
  await login(p, 'dispatcher');
  await p.waitFor(`location.pathname === '/dispatcher.html' && window.__pccc && window.__pccc.map`, 8000, 'dispatcher page');
  await p.waitFor(`document.querySelectorAll('path.hydrant').length > 0 && document.querySelectorAll('.unit-row').length > 0`, 8000, 'hydrants and unit board');
  assert(await p.eval(`document.activeElement.id`) === 'q', 'the search box has the focus');
  assert(await p.eval(`document.querySelectorAll('path.hydrant-broken').length`) > 0, 'broken hydrants drawn');
  /* an ambiguous address lists candidates; the number key 1 picks the first */
  await p.type('số 8 Khương Hạ');
  await p.key('Enter');
  await p.waitFor(`document.querySelectorAll('.candidates li').length > 1`, 8000, 'candidates');
  await p.key('1');
  await p.waitFor(`window.__pccc.plan`, 8000, 'plan from candidate');
  /* the 422 that carried the candidates is the API's answer by design; Chromium logs any 4xx fetch */
  p.requests.forEach(r => { if (r.status === 422 && r.url.includes('/api/v1/plan?address=')) r.expected = true; });
  p.errors = p.errors.filter(e => !/status of 422 .*\/api\/v1\/plan\?address=/.test(e));
  /* the flow that is timed: a typed address without diacritics, Enter */
  await p.key('Escape');
  const tPlan = Date.now();
  await p.type('so 8 ngo 18 khuong ha');
  await p.key('Enter');
  await p.waitFor(`window.__pccc.plan && window.__pccc.plan.building && window.__pccc.plan.building.house_code === 'HN-1000-004W-D'
                   && document.querySelectorAll('path.route').length > 0`, 8000, 'plan with a route drawn');
  figures.time_to_first_plan_ms = Date.now() - tPlan;
  figures.plan_in_page_ms = Math.round(await p.eval(`window.__pccc.firstPlanMs`));
  const seen = await p.eval(`({
    routes: document.querySelectorAll('path.route').length, staging: document.querySelectorAll('path.staging').length,
    hose: document.querySelectorAll('path.hose').length, units: document.querySelectorAll('.units-table tbody tr').length,
    selected: document.querySelectorAll('.units-table tbody tr.selected').length,
    warnings: document.querySelector('.block.warnings') ? document.querySelector('.block.warnings').textContent : '',
    sheet: document.querySelector('.sheet.compact') ? document.querySelector('.sheet.compact').textContent : '',
    groups: document.querySelectorAll('path.safety-group').length, hydr: document.querySelectorAll('path.plan-hydrant').length })`);
  assert(seen.routes >= seen.units && seen.units >= 3, `a route per unit (${seen.routes} routes, ${seen.units} units)`);
  assert(seen.staging >= 1, 'staging point drawn');
  assert(seen.selected >= 1, 'the first alarm is preselected');
  assert(/trụ nước hỏng/.test(seen.warnings), 'warnings in red name the broken hydrants: ' + seen.warnings);
  assert(/HN-1000-004W-D/.test(seen.sheet), 'the building sheet shows the house code');
  assert(seen.hydr >= 1 && seen.groups >= 1, 'hydrants and safety groups of the plan drawn');
  await p.screenshot(path.join(OUT, 'dispatcher-plan.png'));
  /* keyboard: 3 toggles the third unit on; Ctrl+Enter dispatches */
  const third = await p.eval(`window.__pccc.plan.units[2].id`);
  const wasSel = await p.eval(`window.__pccc.selected.has(${third})`);
  await p.key('3');
  assert(await p.eval(`window.__pccc.selected.has(${third})`) === !wasSel, 'number key toggles a unit');
  if (wasSel) await p.key('3');
  const chosen = await p.eval(`[...window.__pccc.selected]`);
  await p.key('Enter', {ctrl: true});
  await p.waitFor(`window.__pccc.lastDispatch`, 8000, 'dispatch');
  const msgText = await p.eval(`document.querySelector('#dispatch-msg').textContent`);
  assert(/Đã điều động/.test(msgText), 'dispatch confirmed: ' + msgText);
  await p.waitFor(`${JSON.stringify(chosen)}.every(id => { const r = document.querySelector('.unit-row[data-unit="' + id + '"]');
                   return r && r.dataset.status === 'dispatched'; })`, 8000, 'dispatched units shown busy');
  await p.waitFor(`document.querySelectorAll('#incidents li.incident').length === 1`, 8000, 'the incident is listed open');
  /* map click plans at that point */
  await p.key('Escape');
  await clickMap(p, 21.02845, 105.85420);
  await p.waitFor(`window.__pccc.plan && Math.abs(window.__pccc.plan.target.coordinates[1] - 21.02845) < 0.002`, 8000, 'plan at clicked point');
  await sleep(300);
  await p.screenshot(path.join(OUT, 'dispatcher-dispatched.png'));
  /* English */
  await p.eval(`document.querySelector('header button.lang').click()`);
  assert(await p.eval(`document.querySelector('header button.out').textContent`) === 'Sign out', 'English header');
  await p.eval(`document.querySelector('header button.lang').click()`);
  /* the session's weight: every response of this tab since the login page (cache off);
   * the page's own: its HTML and static files as the dispatcher page loaded them */
  const bytes = p.requests.reduce((s, r) => s + (r.bytes || 0), 0);
  figures.dispatcher_requests = p.requests.length;
  figures.dispatcher_transfer_bytes = bytes;
  figures.dispatcher_page = await pageWeight(p);
  figures.dispatcher_session_s = (Date.now() - t0) / 1000;
  noErrors(p, 'dispatcher');
});

flow('commander', async b => {
  const p = await b.newPage({width: 1280, height: 1000});
  await login(p, 'commander');
  await p.waitFor(`location.pathname === '/commander.html' && document.querySelector('#cq')`, 8000, 'commander page');
  await p.waitFor(`document.querySelector('#c-incidents').textContent.length > 0`, 8000, 'open incidents');
  await p.eval(`document.querySelector('#cq').focus()`);
  await p.type('HN-1000-004W-D');
  await p.key('Enter');
  await p.waitFor(`document.querySelector('.sheet.full svg.footprint')`, 8000, 'the sheet with its footprint');
  const s = await p.eval(`({ text: document.querySelector('.sheet.full').textContent,
    exits: document.querySelectorAll('svg.footprint circle.exit').length })`);
  assert(/Người ở/.test(s.text) && /Nguy cơ/.test(s.text) && /Hồ sơ PCCC/.test(s.text), 'occupants, hazards, compliance');
  assert(s.exits >= 1, 'exits drawn on the footprint');
  await p.screenshot(path.join(OUT, 'commander-sheet.png'));
  const pdf = await p.pdf(path.join(OUT, 'commander-sheet.pdf'));
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  figures.commander_pdf_pages = pages;
  assert(pages === 1, `the sheet prints on one A4 page (got ${pages})`);
  noErrors(p, 'commander');
});

flow('planner', async b => {
  const p = await b.newPage({width: 1366, height: 860});
  await login(p, 'planner');
  await p.waitFor(`location.pathname === '/planner.html' && window.__pccc && window.__pccc.map`, 8000, 'planner page');
  await p.waitFor(`document.querySelectorAll('path.hydrant-working').length > 0 && document.querySelectorAll('path.station').length > 0`, 8000, 'hydrants and stations');
  await p.eval(`window.__pccc.map.setView([21.0285, 105.8542], 17); 0`);
  await p.waitFor(`/\\d+ \\/ \\d+/.test(document.querySelector('#gap-sum').textContent)`, 8000, 'the hydrant gap count');
  await clickMap(p, 21.0285, 105.8542);
  await p.waitFor(`window.__pccc.probes.length === 1 && window.__pccc.probes[0].eta_s > 0`, 8000, 'a drive-time probe');
  assert(await p.eval(`document.querySelectorAll('path.probe').length`) === 1, 'the probe is drawn');
  /* the planner sees coverage colours: buildings coloured by drive-time band */
  await p.waitFor(`document.querySelector('#coverage button') !== null`, 8000, 'the coverage button');
  await p.eval(`document.querySelector('#coverage button').click(); 0`);
  await p.waitFor(`document.querySelectorAll('path.coverage').length > 0`, 15000, 'coverage colours on the map');
  await p.screenshot(path.join(OUT, 'planner.png'));
  noErrors(p, 'planner');
});

flow('planner what-if', async b => {
  const p = await b.newPage({width: 1366, height: 900, noCache: true});
  await login(p, 'planner');
  await p.waitFor(`location.pathname === '/planner.html' && window.__pccc && window.__pccc.whatif`, 8000, 'planner page');
  await p.waitFor(`document.querySelectorAll('path.station').length === 2 && document.querySelectorAll('#wi-stations input[data-station]').length === 2`,
    8000, 'stations on the map and in the list');
  figures.planner_page = await pageWeight(p);
  /* short classes so that the small demo city has buildings to gain: within 1 and 2 minutes */
  await setValue(p, '#wi-t1', 1);
  await setValue(p, '#wi-t2', 2);
  await p.eval(`document.querySelector('#wi-mode input[value=station]').click()`);
  await p.eval(`window.__pccc.map.fitBounds([[21.0263, 105.8519], [21.0307, 105.8566]]); 0`);
  await sleep(300);
  await clickMap(p, 21.0305, 105.8545); /* on the northern street, beside the lake */
  await p.waitFor(`document.querySelectorAll('.wi-icon-station').length === 1
                   && document.querySelectorAll('#wi-changes li.wi-change[data-kind="add-station"]').length === 1`, 4000, 'the new station dropped');
  assert(await p.eval(`window.__pccc.probes.length`) === 0, 'a click in station mode does not probe');
  await p.eval(`document.querySelector('#wi-run').focus()`);
  await p.key('Enter');
  await p.waitFor(`window.__pccc.whatif.runs === 1 && document.querySelector('#wi-result .wi-headline')`, 10000, 'the what-if delta');
  const r1 = await p.eval(`window.__pccc.whatif.result`);
  assert(r1.buildings_better_class > 0 && r1.buildings_worse_class === 0, `buildings move to a better class (${r1.buildings_better_class} better)`);
  assert(r1.options.stations === 3 && r1.options.t1_s === 60 && r1.options.t2_s === 120, 'the scenario and options as sent');
  assert(r1.delta.t1.buildings === r1.buildings_better_class, 'the moved buildings are the gain within T1');
  await p.waitFor(`document.querySelectorAll('#wi-result table.wi-wards tbody tr').length >= 1 && document.querySelectorAll('path.wi-ward.wi-better').length >= 1`,
    8000, 'the per-ward delta in the table and on the map');
  const row = await p.eval(`document.querySelector('#wi-result table.wi-classes tr[data-class="t1"]').textContent`);
  assert(row.includes('+' + r1.delta.t1.buildings), 'the class table shows the gain: ' + row);
  await p.eval(`document.querySelector('#wi-changes').scrollIntoView(); 0`);
  await p.screenshot(path.join(OUT, 'planner-whatif.png'));
  await p.eval(`document.querySelector('header button.lang').click()`);
  const en = await p.eval(`document.querySelector('#wi-result .wi-headline').textContent`);
  assert(en.startsWith(r1.buildings_better_class + ' buildings move to a better class'), 'the delta in English: ' + en);
  await p.eval(`document.querySelector('header button.lang').click()`);
  /* remove a hydrant with a click on the map, and a station from the list (the keyboard path); run again */
  await p.eval(`document.querySelector('#wi-mode input[value=remove]').click()`);
  const hyd = await p.eval(`(() => { for (const e of document.querySelectorAll('path.hydrant-working')) {
    const r = e.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
    if (document.elementFromPoint(x, y) === e) return {x, y}; } return null; })()`);
  assert(hyd, 'a working hydrant to click');
  await p.click(hyd.x, hyd.y);
  await p.waitFor(`document.querySelectorAll('#wi-changes li.wi-change[data-kind="remove-hydrant"]').length === 1
                   && document.querySelector('#wi-result.stale')`, 4000, 'the hydrant removed, result stale');
  await p.eval(`document.querySelector('#wi-stations input[data-station]').click()`);
  await p.waitFor(`document.querySelectorAll('.wi-icon-removed').length === 2`, 4000, 'the station removal shown');
  assert(await p.eval(`window.__pccc.probes.length`) === 0, 'a click in remove mode does not probe');
  await p.eval(`document.querySelector('#wi-run').click()`);
  await p.waitFor(`window.__pccc.whatif.runs === 2 && !document.querySelector('#wi-result.stale')`, 10000, 'the second delta');
  assert(await p.eval(`window.__pccc.whatif.result.options.stations`) === 2, 'one station removed, one added');
  await p.screenshot(path.join(OUT, 'planner-whatif-removed.png'));
  noErrors(p, 'planner what-if');
});

const CLAIMED = 'HN-1000-0001-2';
let reportId = null, claimed = false;
flow('citizen', async b => {
  const p = await b.newPage({width: 390, height: 844, mobile: true});
  await login(p, 'citizen');
  await p.waitFor(`location.pathname === '/citizen.html' && window.__pccc && window.__pccc.map`, 8000, 'citizen page');
  await p.waitFor(`document.querySelector('#mine li')`, 8000, 'my reports');
  await p.eval(`window.__pccc.map.setView([21.0275, 105.8530], 18); 0`);
  await sleep(300);
  await clickMap(p, 21.0275, 105.8530);
  await p.waitFor(`document.querySelector('path.picked')`, 4000, 'picked place');
  await p.eval(`document.querySelector('#r-text').focus()`);
  await p.type('Bình gas để cạnh bếp than ở hành lang tầng 2');
  await p.eval(`document.querySelector('#r-send').click()`);
  await p.waitFor(`window.__pccc.sent.length === 1`, 8000, 'report sent');
  const mineItem = `[...document.querySelectorAll('#mine li.report')].find(li => /Bình gas để cạnh bếp than/.test(li.textContent))`;
  await p.waitFor(mineItem, 8000, 'the report in my list');
  reportId = await p.eval(`${mineItem}.dataset.report`);
  const sentId = await p.eval(`window.__pccc.sent[0]`);
  assert(sentId === undefined || sentId === null || String(sentId) === reportId, 'the id answered is the one listed');
  await p.screenshot(path.join(OUT, 'citizen.png'));
  const w = await p.eval(`document.documentElement.scrollWidth`);
  assert(w <= 390, 'fits a phone screen without sideways scrolling (' + w + ' px)');
  /* my house: claim it by its house code (the officer confirms below) */
  await p.waitFor(`document.querySelector('#houses li')`, 8000, 'my house list');
  await p.eval(`document.querySelector('#claim-code').focus()`);
  await p.type(CLAIMED.toLowerCase());
  await p.key('Enter');
  await p.waitFor(`document.querySelector('#houses li.house[data-house="${CLAIMED}"] .s-pending')`, 8000, 'the claim pending in my house');
  claimed = true;
  await p.eval(`document.querySelector('#house-h').scrollIntoView(); 0`);
  await p.screenshot(path.join(OUT, 'citizen-claim.png'));
  noErrors(p, 'citizen');
});

flow('officer', async b => {
  const p = await b.newPage({width: 1366, height: 900});
  await login(p, 'officer');
  await p.waitFor(`location.pathname === '/officer.html'`, 8000, 'officer page');
  await p.waitFor(`document.querySelectorAll('#facilities tbody tr').length > 0`, 8000, 'facility list');
  await p.eval(`document.querySelector('#facilities tbody tr button').click()`);
  await p.waitFor(`document.querySelector('#detail h2')`, 8000, 'facility sheet');
  if (reportId !== null) {
    await p.waitFor(`document.querySelector('#reports button[data-report="${reportId}"][data-to="received"]')`, 8000, "the citizen's report");
    await p.eval(`document.querySelector('#reports button[data-report="${reportId}"][data-to="received"]').click()`);
    await p.waitFor(`document.querySelector('#reports button[data-report="${reportId}"][data-to="processing"]')`, 8000, 'report received');
  }
  if (claimed) {
    const row = `[...document.querySelectorAll('#claims tbody tr')].find(tr => tr.textContent.includes('${CLAIMED}'))`;
    await p.waitFor(row, 8000, "the citizen's claim");
    await p.eval(`${row}.querySelector('button[data-to="confirm"]').click()`);
    await p.waitFor(`!${row}`, 8000, 'the claim confirmed');
  }
  await p.screenshot(path.join(OUT, 'officer.png'));
  noErrors(p, 'officer');
});
flow('officer import', async b => {
  const p = await b.newPage({width: 1366, height: 900, noCache: true});
  await login(p, 'officer');
  await p.waitFor(`location.pathname === '/officer.html' && /\\/ \\d+/.test(document.querySelector('#f-page').textContent)`, 8000, 'officer page');
  figures.officer_page = await pageWeight(p);
  const total = async () => Number((await p.eval(`document.querySelector('#f-page').textContent`)).split('/')[1]);
  const before = await total();
  /* a file with one bad row (an unknown category) and a quoted field holding a comma and quotes */
  const csv = path.join(OUT, 'import-facilities.csv');
  fs.writeFileSync(csv, 'house_code,category,name,operator_name,note\r\n' +
    'HN-1000-0001-2,house_business,Cửa hàng tạp hóa Bà Lan,Nguyễn Thị Lan,nhập từ CSV\r\n' +
    'HN-1000-0003-6,karaoke_club,Karaoke Ánh Sao,Trần Văn Sao,\r\n' +
    'HN-1000-0005-A,boarding_house,Nhà trọ Khương Hạ 14,Lê Văn Minh,"tầng 1 để xe, ""20 phòng"""\r\n');
  await p.eval(`document.querySelector('#imp-kind').value = 'inspections'; document.querySelector('#imp-kind').dispatchEvent(new Event('change'))`);
  await p.setFiles('#imp-file', [csv]);
  await p.waitFor(`document.querySelector('#imp-text').value.includes('Karaoke Ánh Sao')`, 4000, 'the file read into the form');
  assert(await p.eval(`document.querySelector('#imp-kind').value`) === 'facilities', 'the kind guessed from the header');
  assert(await p.eval(`document.querySelector('#imp-commit').disabled`), 'no commit before a dry run');
  await p.eval(`document.querySelector('#imp-dry').focus()`);
  await p.key('Enter');
  await p.waitFor(`document.querySelector('#imp-report table.import-errors tbody tr')`, 8000, 'the dry-run report');
  const rep = await p.eval(`({sum: document.querySelector('#imp-report .stat-line').textContent,
    rows: [...document.querySelectorAll('#imp-report table.import-errors tbody tr')].map(tr => [...tr.cells].map(c => c.textContent)),
    commit: document.querySelector('#imp-commit').disabled})`);
  assert(/3 dòng dữ liệu: 2 hợp lệ, 1 bị từ chối/.test(rep.sum), 'the counts of the dry run: ' + rep.sum);
  assert(rep.rows.length === 1 && rep.rows[0][0] === '3' && rep.rows[0][1].includes('karaoke_club') && /category/.test(rep.rows[0][2]),
    'the refused row with its line, text and reason: ' + JSON.stringify(rep.rows));
  assert(rep.commit, 'no commit while a row is refused');
  assert(await total() === before, 'the dry run wrote nothing');
  await p.eval(`document.querySelector('#imp-report').scrollIntoView({block: 'end'}); 0`);
  await p.screenshot(path.join(OUT, 'officer-import-dryrun.png'));
  /* drop the refused row: the dry run runs again, clean; commit */
  await p.eval(`document.querySelector('#imp-drop').click()`);
  await p.waitFor(`!document.querySelector('#imp-commit').disabled && document.querySelector('#imp-report .msg.ok')`, 8000, 'a clean dry run');
  assert(!(await p.eval(`document.querySelector('#imp-text').value`)).includes('Karaoke'), 'the refused row left the text');
  await p.eval(`document.querySelector('#imp-commit').click()`);
  await p.waitFor(`document.querySelectorAll('#imp-report .imported button[data-facility]').length === 2`, 8000, 'the records written');
  await p.waitFor(`Number(document.querySelector('#f-page').textContent.split('/')[1]) === ${before + 2}`, 8000, 'two more facilities in the list');
  assert(await p.eval(`document.querySelector('#imp-commit').disabled`), 'no second commit of the same dry run');
  await p.eval(`document.querySelector('#imp-report .imported button[data-facility]').click()`);
  await p.waitFor(`document.querySelector('#detail h2') && document.querySelector('#detail h2').textContent === 'Cửa hàng tạp hóa Bà Lan'`, 8000, 'the imported facility opens');
  const id = await p.eval(`document.querySelector('#detail h2').dataset.facility`);
  const f = await apiGet(p, '/api/v1/facilities/' + id);
  assert(f.facility.house_code === 'HN-1000-0001-2' && f.facility.operator_name === 'Nguyễn Thị Lan', 'stored as in the file');
  await p.eval(`document.querySelector('#imp-report').scrollIntoView({block: 'end'}); 0`);
  await p.screenshot(path.join(OUT, 'officer-import-committed.png'));
  noErrors(p, 'officer import');
});

flow('citizen house', async b => {
  if (!claimed) throw new Error('needs the claim of the citizen flow');
  const p = await b.newPage({width: 390, height: 844, mobile: true, noCache: true});
  await login(p, 'citizen');
  const btn = `document.querySelector('#houses button.declare[data-house="${CLAIMED}"]')`;
  await p.waitFor(`location.pathname === '/citizen.html' && ${btn}`, 8000, 'my confirmed house');
  figures.citizen_page = await pageWeight(p);
  await p.eval(`${btn}.focus()`);
  await p.key('Enter');
  await p.waitFor(`document.querySelector('#decl-form input[name=sample][value="tube_house_shop"]')`, 8000, 'the sample types');
  assert(await p.eval(`document.activeElement.id`) === 'decl-h', 'the focus moves to the form');
  const names = await p.eval(`[...document.querySelectorAll('#decl-form .sample-name')].map(s => s.textContent)`);
  assert(names.includes('Nhà ống, tầng 1 kinh doanh') && names.includes('Nhà cấp 4 (một tầng)') && names.includes('Chung cư mini 6–9 tầng'),
    'server samples and the page\'s own types: ' + names);
  /* a page type fills the same fields */
  await p.eval(`document.querySelector('#decl-form input[name=sample][value="page:cap4"]').click()`);
  assert(await p.eval(`document.querySelector('#d-floors').value`) === '1', 'nhà cấp 4: one floor');
  /* the tube house with a shop: pre-filled from the server's sample */
  await p.eval(`document.querySelector('#decl-form input[name=sample][value="tube_house_shop"]').click()`);
  const pre = await p.eval(`({floors: document.querySelector('#d-floors').value, use: document.querySelector('#d-use').value,
    type: document.querySelector('#d-type').value, exits: document.querySelectorAll('#d-exits li').length,
    hz: [...document.querySelectorAll('#decl-form input[name=hazard]:checked')].map(c => c.value).sort().join(',')})`);
  assert(pre.floors === '4' && pre.use === 'shop' && pre.type === 'house_business' && pre.exits === 2 &&
    pre.hz === 'flammable_goods,iron_cage_balcony,motorbike_parking,single_exit', 'pre-filled from the sample: ' + JSON.stringify(pre));
  await p.eval(`document.querySelector('#decl-h').scrollIntoView(); 0`);
  await p.screenshot(path.join(OUT, 'citizen-declare-types.png'));
  /* what differs: five floors, no goods stored, a way onto the roof; six people, one elderly, two children */
  await setValue(p, '#d-floors', 5);
  await p.eval(`document.querySelector('#decl-form input[name=hazard][value="flammable_goods"]').click()`);
  await p.eval(`document.querySelector('#d-exit-add').click()`);
  await p.eval(`(() => { const li = document.querySelectorAll('#d-exits li')[2]; li.querySelector('select').value = 'roof';
    li.querySelector('[name=exit_floor]').value = 5; })()`);
  await p.eval(`document.querySelector('#d-occupants').focus()`);
  await p.type('6');
  await setValue(p, '#d-vuln_elderly', 1);
  await setValue(p, '#d-vuln_children', 2);
  await p.eval(`document.querySelector('#d-exits').scrollIntoView(); 0`);
  await p.screenshot(path.join(OUT, 'citizen-declare-form.png'));
  /* the English switch rebuilds the form and keeps what was typed */
  const keep = `[document.querySelector('#decl-form legend').textContent, document.querySelector('#d-floors').value,
    document.querySelector('#d-occupants').value, document.querySelectorAll('#d-exits li').length,
    document.querySelector('#decl-form input[name=sample]:checked').value]`;
  await p.eval(`document.querySelector('header button.lang').click()`);
  await p.waitFor(`document.querySelector('#decl-form legend').textContent.startsWith('1. Pick')`, 4000, 'the form in English');
  assert(JSON.stringify(await p.eval(keep)) === JSON.stringify(['1. Pick the sample type closest to your house', '5', '6', 3, 'tube_house_shop']),
    'English keeps the values typed');
  await p.eval(`document.querySelector('header button.lang').click()`);
  await p.waitFor(`document.querySelector('#decl-form legend').textContent.startsWith('1. Chọn')`, 4000, 'the form in Vietnamese again');
  await p.eval(`document.querySelector('#d-send').click()`);
  const decl = `document.querySelector('#houses li.house[data-house="${CLAIMED}"] li.decl[data-status="submitted"]')`;
  await p.waitFor(`${decl} && !document.querySelector('#decl-form')`, 8000, 'the declaration in my house');
  const text = await p.eval(`${decl}.textContent`);
  assert(/5 tầng, 6 người/.test(text) && /chờ duyệt/.test(text), 'my house shows the declaration: ' + text);
  const sheet = await apiGet(p, '/api/v1/declarations/' + await p.eval(`${decl}.dataset.decl`));
  const d = sheet.declaration;
  assert(d.sample_code === 'tube_house_shop' && d.floors === 5 && d.occupants === 6 && d.vuln_elderly === 1 && d.vuln_children === 2,
    'stored as declared: ' + JSON.stringify(d));
  assert(sheet.exits.length === 3 && sheet.exits[2].kind === 'roof' && sheet.exits[2].floor === 5, 'three exits, the roof on floor 5');
  assert(sheet.hazards.map(h => h.hazard_code).sort().join(',') === 'iron_cage_balcony,motorbike_parking,single_exit', 'hazards as corrected');
  await p.eval(`document.querySelector('#house-h').scrollIntoView(); 0`);
  await p.screenshot(path.join(OUT, 'citizen-house.png'));
  const w = await p.eval(`document.documentElement.scrollWidth`);
  assert(w <= 390, 'the declaration fits a phone screen (' + w + ' px)');
  noErrors(p, 'citizen house');
});


flow('role gate', async b => {
  const p = await b.newPage({width: 1024, height: 700});
  await login(p, 'citizen');
  await p.waitFor(`location.pathname === '/citizen.html'`, 8000, 'citizen home');
  await p.goto(BASE + '/dispatcher.html');
  await p.waitFor(`document.querySelector('main .notice')`, 8000, 'refusal');
  const nav = await p.eval(`[...document.querySelectorAll('header nav a')].map(a => a.getAttribute('href'))`);
  assert(JSON.stringify(nav) === '["/citizen.html"]', 'a citizen sees only the citizen page: ' + nav);
  p.requests.forEach(r => { if (r.status === 403) r.expected = true; });
  p.errors = p.errors.filter(e => !/403/.test(e));
  noErrors(p, 'role gate');
});

(async () => {
  fs.mkdirSync(OUT, {recursive: true});
  const b = await Browser.launch({chromium: process.env.PCCC_CHROMIUM});
  try {
    for (const f of flows) {
      const t0 = Date.now();
      try {
        await f.fn(b);
        results.push({name: f.name, ok: true});
        console.log(`ok   ${f.name} (${Date.now() - t0} ms)`);
      } catch (e) {
        results.push({name: f.name, ok: false});
        console.log(`FAIL ${f.name}: ${e.message}`);
        if (b.lastPage) { console.log(`     page errors: ${JSON.stringify(b.lastPage.errors)}`); await b.lastPage.screenshot(path.join(OUT, `FAILED-${f.name}.png`)).catch(() => {}); }
      }
    }
  } finally {
    await b.close();
  }
  fs.writeFileSync(path.join(OUT, 'figures.json'), JSON.stringify(figures, null, 1) + '\n');
  console.log('figures: ' + JSON.stringify(figures));
  const bad = results.filter(r => !r.ok).length;
  console.log(`${results.length - bad} passed, ${bad} failed`);
  process.exit(bad ? 1 : 0);
})().catch(e => { console.error(e); process.exit(1); });
