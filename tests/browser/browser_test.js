/* browser_test.js — walks each console page's main flow in headless
 * Chromium against a running `pccc serve` with the demo city.
 *
 * usage: node browser_test.js BASE_URL OUTPUT_DIR
 * Each flow logs in as its role in a fresh tab, drives the page with real
 * key presses and clicks, checks what a person would see (DOM and drawn
 * map paths), demands no console error, no uncaught exception and no
 * failed request, and saves a screenshot. Prints figures (page weight,
 * time to first plan) to OUTPUT_DIR/figures.json and a closing line
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
  const p = await b.newPage({width: 1366, height: 860});
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
  /* page weight: every response of this tab since the login page */
  const bytes = p.requests.reduce((s, r) => s + (r.bytes || 0), 0);
  figures.dispatcher_requests = p.requests.length;
  figures.dispatcher_transfer_bytes = bytes;
  figures.dispatcher_static_bytes = p.requests.filter(r => !r.url.includes('/api/')).reduce((s, r) => s + (r.bytes || 0), 0);
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

let reportId = null;
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
  await p.screenshot(path.join(OUT, 'officer.png'));
  noErrors(p, 'officer');
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
