/* dispatcher.js — the 114 dispatcher's page.
 *
 * One search box (house code, address as typed, coordinates, VN-2000
 * metres) or a click on the map asks GET /api/v1/plan; an ambiguous
 * address lists its candidates (1-9 picks one). The plan shows warnings in
 * red first, then the building, the units ranked by ETA (the first alarm
 * pre-selected; 1-9 toggles a unit), staging points and hose lengths per
 * vehicle, water, neighbours and assembly areas, all drawn on the map.
 * Ctrl+Enter (or the button) opens the incident and dispatches the
 * selected units. The right column polls open incidents and unit status. */
'use strict';

(async () => {
  const {$, el, t, api, msg} = PC;
  PC.addText({
    d_search_label: ['Mã nhà, địa chỉ hoặc tọa độ', 'House code, address or coordinates'],
    d_search_ph: ['VD: HN-1000-0001-2 · số 8 ngõ 18 Khương Hạ · 21.0266, 105.8523', 'e.g. HN-1000-0001-2 · so 8 ngo 18 Khuong Ha · 21.0266, 105.8523'],
    d_search: ['Tìm', 'Search'],
    d_keys: ['Enter: tìm · 1–9: chọn · Ctrl+Enter: điều động · Esc: về ô tìm', 'Enter: search · 1–9: pick · Ctrl+Enter: dispatch · Esc: back to search'],
    d_map_label: ['Bản đồ: bấm để lập phương án tại điểm đó', 'Map: click to plan at that point'],
    d_live: ['Trực ban', 'Live board'], d_open_incidents: ['Sự cố đang xử lý', 'Open incidents'], d_units: ['Phương tiện', 'Units'],
    d_searching: ['Đang lập phương án…', 'Building the plan…'],
    d_candidates: ['Nhiều địa điểm khớp — chọn một (phím số):', 'Several places match — pick one (number keys):'],
    d_suggestions: ['Mã nhà sai ký tự kiểm tra — có phải:', 'House code fails its check — did you mean:'],
    d_not_found: ['Không tìm thấy địa điểm', 'No place found'],
    d_plan_in: ['Phương án lập trong {ms} ms', 'Plan built in {ms} ms'],
    d_warnings: ['Cảnh báo', 'Warnings'], d_units_ranked: ['Phương tiện theo thời gian đến', 'Units by arrival time'],
    d_col_unit: ['Phương tiện', 'Unit'], d_col_station: ['Đội', 'Station'], d_col_eta: ['Đến sau', 'ETA'], d_col_dist: ['Quãng đường', 'Distance'],
    d_first_alarm: ['Báo động đầu', 'First alarm'], d_short: ['THIẾU {n} {k}', 'SHORT {n} {k}'],
    d_access: ['Tiếp cận theo loại xe', 'Access per vehicle'], d_at_door: ['đến tận cửa', 'to the door'],
    d_staging_at: ['đỗ tại {s}, vòi {m}', 'stage at {s}, hose {m}'], d_beyond_hose: ['VƯỢT TẦM VÒI', 'BEYOND HOSE REACH'],
    d_unreachable: ['không tiếp cận được', 'cannot reach'],
    d_water: ['Nguồn nước', 'Water'], d_hydrants: ['Trụ nước hoạt động', 'Working hydrants'], d_broken_near: ['{n} trụ hỏng gần đó', '{n} broken hydrants near'],
    d_draft: ['Điểm lấy nước', 'Draft points'], d_neighbours: ['Hỗ trợ tại chỗ', 'Help on site'],
    d_fire_points: ['Điểm chữa cháy công cộng', 'Public fire points'], d_groups: ['Tổ liên gia an toàn PCCC', 'Fire-safety groups'],
    d_member: ['nhà thuộc tổ', 'house is a member'], d_assembly: ['Điểm tập kết sơ tán', 'Assembly areas'],
    d_dispatch: ['Tạo sự cố và điều động ({n})', 'Open incident and dispatch ({n})'],
    d_dispatch_more: ['Điều động thêm ({n})', 'Dispatch more ({n})'],
    d_dispatched: ['Đã điều động {n} phương tiện cho sự cố {c}', 'Dispatched {n} units to incident {c}'],
    d_pick_units: ['Chọn ít nhất một phương tiện', 'Pick at least one unit'],
    d_no_incident_api: ['Máy chủ chưa có API sự cố: chưa thể điều động từ trang này.', 'The server has no incident API yet: dispatching is not possible here.'],
    d_no_incidents: ['Không có sự cố đang mở', 'No open incidents'],
    d_close: ['Kết thúc', 'Close'], d_show: ['Xem', 'Show'],
    st_available: ['sẵn sàng', 'available'], st_dispatched: ['đã điều động', 'dispatched'], st_en_route: ['đang đến', 'en route'],
    st_on_scene: ['tại hiện trường', 'on scene'], st_returning: ['đang về', 'returning'], st_out_of_service: ['ngừng hoạt động', 'out of service'],
    st_open: ['đang xử lý', 'open'], st_closed: ['đã kết thúc', 'closed'],
    d_location: ['Tìm theo {h}, độ tin cậy {c}%', 'Found by {h}, confidence {c}%'],
    d_at_point: ['Điểm trên bản đồ', 'Point on the map'],
  });
  const me = await PC.start('dispatcher');
  const base = BaseMap.create('map');
  const map = base.map;
  const res = PlanView.resources(map);
  res.load(['hydrants', 'stations', 'assembly']);

  const S = {plan: null, layer: null, selected: new Set(), picks: [], incident: null, query: null, t0: 0};
  window.__pccc = S; /* for the browser tests and for the curious */
  S.map = map;
  const results = $('#results'), smsg = $('#search-msg');
  const canIncident = await PC.has('POST', '/api/v1/incidents');
  const canDispatch = await PC.has('POST', '/api/v1/incidents/{id}/dispatch');

  async function search(query, label) {
    S.query = query;
    S.t0 = performance.now();
    msg(smsg, t('d_searching'), 'info');
    try {
      const plan = await api('GET', '/api/v1/plan?' + query);
      S.incident = null;
      showPlan(plan, label);
    } catch (e) {
      clearPlan();
      const p = e.problem || {};
      if (e.status === 422 && (p.candidates || p.suggestions)) {
        showCandidates(p.candidates || p.suggestions, p.suggestions ? 'd_suggestions' : 'd_candidates');
        msg(smsg, '');
      } else {
        msg(smsg, e.status === 404 ? t('d_not_found') : `${t('error')}: ${e.message}`, 'error');
      }
    }
  }

  function clearPlan() {
    if (S.layer) S.layer.remove();
    S.layer = null;
    S.plan = null;
    S.picks = [];
    results.replaceChildren();
  }

  function showCandidates(list, titleKey) {
    S.picks = list.map(c => () => search('house=' + encodeURIComponent(c.house_code || c), c.address));
    results.replaceChildren(el('h2', {text: t(titleKey)}),
      el('ol.candidates', null, list.map((c, i) => el('li', null,
        el('button.pick', {type: 'button', onclick: S.picks[i], 'data-key': i < 9 ? String(i + 1) : null},
          el('kbd', {text: i < 9 ? String(i + 1) : ''}), ' ', c.address || c.house_code || String(c),
          c.house_code && c.address ? el('small', {text: ' · ' + c.house_code}) : null)))));
    results.focus();
  }

  function firstAlarmIds(plan) {
    const ids = new Set();
    (plan.first_alarm || []).forEach(a => (a.unit_ids || []).forEach(id => ids.add(id)));
    return ids;
  }

  function showPlan(plan, label) {
    clearPlan();
    S.plan = plan;
    S.selected = firstAlarmIds(plan);
    S.firstPlanMs = performance.now() - S.t0;
    msg(smsg, t('d_plan_in', {ms: Math.round(S.firstPlanMs)}), 'info');
    renderPlan(label);
    redraw();
    PlanView.fit(map, plan, 3);
    results.focus();
  }

  function redraw() {
    if (S.layer) S.layer.remove();
    S.layer = S.plan ? PlanView.draw(map, S.plan, S.selected) : null;
  }

  function section(titleKey, body, cls) {
    return el('section.block' + (cls ? '.' + cls : ''), null, el('h3', {text: t(titleKey)}), body);
  }

  function warningsBlock(plan) {
    const ws = plan.warnings || [];
    const short = (plan.first_alarm || []).filter(a => a.short)
      .map(a => ({text_vi: t('d_short', {n: a.wanted - a.unit_ids.length, k: PlanView.kindName(a.vehicle)}),
                  text: t('d_short', {n: a.wanted - a.unit_ids.length, k: PlanView.kindName(a.vehicle)})}));
    const all = ws.concat(short);
    if (!all.length) return null;
    return el('section.block.warnings', {role: 'alert'}, el('h3', {text: t('d_warnings')}),
      el('ul', null, all.map(w => el('li', {text: PC.lang() === 'en' ? w.text : (w.text_vi || w.text)}))));
  }

  function unitsBlock(plan) {
    const rows = (plan.units || []).map((u, i) => {
      const sel = S.selected.has(u.id);
      const cb = el('input', {type: 'checkbox', id: 'u' + u.id, checked: sel, onchange: () => toggle(u.id)});
      return el('tr' + (sel ? '.selected' : ''), {'data-unit': u.id},
        el('td', null, el('kbd', {text: i < 9 ? String(i + 1) : ''})),
        el('td', null, cb),
        el('td', null, el('label', {for: 'u' + u.id}, el('span.swatch', {'data-c': i % PlanView.COLOURS.length}),
          el('strong', {text: u.code}), el('br'), el('small', {text: PlanView.kindName(u.kind)}))),
        el('td.st', {text: u.station_code || u.station || ''}),
        el('td.num.eta', {text: PC.fmtEta(u.eta_s)}),
        el('td.num', {text: PC.fmtM(u.distance_m)}));
    });
    const fa = (plan.first_alarm || []).map(a => `${a.unit_ids.length}/${a.wanted} ${PlanView.kindName(a.vehicle)}`).join(' · ');
    return el('section.block.units', null, el('h3', {text: t('d_units_ranked')}),
      fa ? el('p.hint', null, el('strong', {text: t('d_first_alarm') + ': '}), fa) : null,
      el('table.units-table', null,
        el('thead', null, el('tr', null, el('th', {text: '#'}), el('th', null, el('span.sr-only', {text: '✓'})),
          el('th', {text: t('d_col_unit')}), el('th', {text: t('d_col_station')}), el('th', {text: t('d_col_eta')}),
          el('th', {text: t('d_col_dist')}))),
        el('tbody', null, rows)),
      actionBar());
  }

  function actionBar() {
    const n = S.selected.size;
    if (!canIncident || !canDispatch) return el('p.notice', {text: t('d_no_incident_api')});
    return el('div.actions', null,
      el('button#dispatch-btn.primary.danger', {type: 'button', disabled: n === 0, onclick: dispatch},
        t(S.incident ? 'd_dispatch_more' : 'd_dispatch', {n}), el('kbd', {text: 'Ctrl+Enter'})),
      el('p#dispatch-msg.msg', {role: 'status', hidden: true}));
  }

  function accessBlock(plan) {
    return section('d_access', el('ul.access', null, (plan.access || []).map(a => el('li' + (!a.reachable || !a.within_hose_reach ? '.bad' : ''), null,
      el('strong', {text: PlanView.kindName(a.vehicle) + ': '}),
      !a.reachable ? `${t('d_unreachable')} (${a.why_not || ''})`
        : a.at_door ? t('d_at_door')
          : t('d_staging_at', {s: a.staging_street || '?', m: PC.fmtM(a.hose_m)}),
      a.reachable && !a.within_hose_reach ? el('span.badge.danger', {text: t('d_beyond_hose')}) : null))));
  }

  function placeList(arr, fmt) {
    if (!arr || !arr.length) return el('p.none', {text: t('none')});
    return el('ol.places', null, arr.map(p => el('li', null, fmt(p))));
  }

  function waterBlock(plan) {
    const w = plan.water || {};
    return section('d_water', [
      el('h4', {text: t('d_hydrants')}),
      placeList(w.hydrants, p => [el('strong', {text: p.code}), ` · ${PC.fmtM(p.path_m)}`, p.value ? ` · ${p.value} l/ph` : '']),
      w.broken_hydrants_near ? el('p.bad', {text: t('d_broken_near', {n: w.broken_hydrants_near})}) : null,
      el('h4', {text: t('d_draft')}),
      placeList(w.draft_points, p => [p.name || p.detail || '', ` · ${PC.fmtM(p.path_m)}`]),
    ]);
  }

  function neighboursBlock(plan) {
    const n = plan.neighbours || {}, ev = plan.evacuation || {};
    return section('d_neighbours', [
      el('h4', {text: t('d_groups')}),
      placeList(n.safety_groups, p => [el('strong', {text: p.name}), p.member ? el('span.badge', {text: t('d_member')}) : null,
        p.contact ? ` · ${p.contact}` : '', ` · ${PC.fmtM(p.path_m)}`]),
      el('h4', {text: t('d_fire_points')}),
      placeList(n.fire_points, p => [p.name || p.code, ` · ${PC.fmtM(p.path_m)}`]),
      el('h4', {text: t('d_assembly')}),
      placeList(ev.assembly_areas, p => [p.name || '', ` · ${PC.fmtM(p.path_m)}`]),
    ]);
  }

  function renderPlan(label) {
    const plan = S.plan;
    const loc = plan.location;
    const head = plan.building ? Sheet.compact(plan.building)
      : el('header.sheet-head', null, el('h2', {text: label || plan.target_street || t('d_at_point')}),
        el('p.addr', {text: plan.target.coordinates.slice().reverse().map(v => v.toFixed(6)).join(', ')}));
    results.replaceChildren(
      warningsBlock(plan), head,
      loc && loc.how && loc.confidence > 0 ? el('p.hint', {text: t('d_location', {h: loc.how, c: Math.round((loc.confidence || 0) * 100)})}) : null,
      unitsBlock(plan), accessBlock(plan), waterBlock(plan), neighboursBlock(plan));
  }

  function toggle(id) {
    if (S.selected.has(id)) S.selected.delete(id); else S.selected.add(id);
    renderPlan();
    redraw();
  }

  async function dispatch() {
    if (!S.plan) return;
    const dm = () => $('#dispatch-msg');
    const ids = [...S.selected];
    if (!ids.length) { msg(dm(), t('d_pick_units'), 'error'); return; }
    $('#dispatch-btn').disabled = true;
    try {
      if (!S.incident) {
        const b = S.plan.building, c = S.plan.target.coordinates;
        const body = {kind: 'fire', lat: c[1], lon: c[0]};
        if (b) { body.building_id = b.id; if (b.address) body.address = b.address; }
        S.incident = await api('POST', '/api/v1/incidents', body);
      }
      await api('POST', `/api/v1/incidents/${S.incident.id}/dispatch`, {unit_ids: ids});
      const code = S.incident.code || ('#' + S.incident.id);
      S.plan.units = S.plan.units.filter(u => !S.selected.has(u.id));
      S.selected = new Set();
      renderPlan();
      redraw();
      msg(dm(), t('d_dispatched', {n: ids.length, c: code}), 'ok');
      S.lastDispatch = {incident: S.incident.id, units: ids};
      refreshLive();
    } catch (e) {
      renderPlan();
      msg(dm(), `${t('error')}: ${e.message}`, 'error');
    }
  }

  /* --- live board ---------------------------------------------------------- */
  const incBox = $('#incidents'), unitBox = $('#units');
  const canIncList = await PC.has('GET', '/api/v1/incidents'), canUnits = await PC.has('GET', '/api/v1/units');
  const canClose = await PC.has('POST', '/api/v1/incidents/{id}/close');
  const items = r => (Array.isArray(r) ? r : (r && r.items) || []);

  async function refreshLive() {
    if (canIncList) {
      try {
        const list = items(await api('GET', '/api/v1/incidents?status=open')).filter(i => !i.status || i.status === 'open');
        incBox.replaceChildren(list.length ? el('ul', null, list.map(i => el('li.incident', {'data-incident': i.id},
          el('strong', {text: i.code || '#' + i.id}), ' ', el('span', {text: i.address || ''}),
          el('small', {text: ' · ' + PC.fmtTime(i.opened_at || i.created_at)}),
          canClose ? el('button.small', {type: 'button', onclick: () => closeIncident(i.id)}, t('d_close')) : null)))
          : el('p.none', {text: t('d_no_incidents')}));
      } catch (e) { incBox.replaceChildren(el('p.msg.error', {text: e.message})); }
    } else incBox.replaceChildren(el('p.notice', {text: t('not_yet')}));
    if (canUnits) {
      try {
        const list = items(await api('GET', '/api/v1/units?limit=200'));
        unitBox.replaceChildren(el('table.unit-board', null, el('tbody', null, list.map(u => el('tr.unit-row', {'data-unit': u.id, 'data-status': u.status},
          el('td', null, el('strong', {text: u.code}), el('br'), el('small', {text: PlanView.kindName(u.kind)})),
          el('td', null, el('span.status.s-' + u.status, {text: t('st_' + u.status)})))))));
      } catch (e) { unitBox.replaceChildren(el('p.msg.error', {text: e.message})); }
    } else unitBox.replaceChildren(el('p.notice', {text: t('not_yet')}));
  }
  async function closeIncident(id) {
    try { await api('POST', `/api/v1/incidents/${id}/close`, {}); } catch (e) { /* shown on refresh */ }
    if (S.incident && S.incident.id === id) S.incident = null;
    refreshLive();
  }
  refreshLive();
  setInterval(refreshLive, 5000);

  /* --- input ------------------------------------------------------------- */
  $('#search-form').addEventListener('submit', ev => {
    ev.preventDefault();
    const q = $('#q').value;
    if (q.trim()) search(PlanView.queryFor(q), q.trim());
  });
  map.on('click', ev => {
    const {lat, lng} = ev.latlng;
    $('#q').value = `${lat.toFixed(6)}, ${lng.toFixed(6)}`;
    search(`lat=${lat.toFixed(7)}&lon=${lng.toFixed(7)}`, t('d_at_point'));
  });
  document.addEventListener('keydown', ev => {
    const inText = ev.target.matches('input[type=search], input[type=text], input:not([type]), textarea');
    if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); dispatch(); return; }
    if (ev.key === 'Escape') { $('#q').focus(); $('#q').select(); return; }
    if (ev.key === '/' && !inText) { ev.preventDefault(); $('#q').focus(); return; }
    if (inText || ev.altKey || ev.ctrlKey || ev.metaKey || !/^[1-9]$/.test(ev.key)) return;
    const k = Number(ev.key) - 1;
    if (S.picks.length) { if (S.picks[k]) { ev.preventDefault(); S.picks[k](); } return; }
    if (S.plan && S.plan.units[k]) { ev.preventDefault(); toggle(S.plan.units[k].id); }
  });
  PC.onLang(() => { if (S.plan) renderPlan(); refreshLive(); });
  $('#q').focus();
  const initial = new URLSearchParams(location.search).get('q');
  if (initial) { $('#q').value = initial; search(PlanView.queryFor(initial), initial); }
  void me;
})();
