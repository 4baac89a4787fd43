/* whatif.js — the planner's what-if scenarios (POST /api/v1/coverage/what-if).
 *
 * The planner builds a scenario on the map: a click drops a new station
 * (with the vehicle kinds it would house) or a new working hydrant, or
 * removes an existing station or hydrant, depending on the chosen mode;
 * units can be added to an existing station from the station list. New
 * points are draggable markers; "place at the map centre" buttons and the
 * station list make the same edits from the keyboard. Nothing is stored:
 * the server evaluates coverage before and after and answers the city
 * totals per drive-time class (within T1, T1–T2, beyond T2, unreachable)
 * plus hose reach and water, and the administrative units whose figures
 * changed. The page shows the totals and the changed wards in tables, and
 * on the map a badge per changed ward (green: buildings moved to a better
 * class, red: worse), placed at the centre of that ward's buildings in view
 * (their entrances come from GET /api/v1/coverage?bbox=). */
'use strict';

const WhatIf = (() => {
  const {$, el, t, api, msg} = PC;
  PC.addText({
    w_title: ['Giả định: thêm, bỏ trạm', 'What if: add or remove stations'],
    w_hint: ['Chọn việc cần làm rồi bấm lên bản đồ. Không có gì được lưu: máy chủ tính độ phủ trước và sau thay đổi.',
      'Choose what a click does, then click the map. Nothing is stored: the server compares coverage before and after.'],
    w_mode: ['Bấm lên bản đồ để', 'A click on the map will'], wm_probe: ['Đo thời gian đến', 'Probe the arrival time'],
    wm_station: ['Đặt trạm mới', 'Drop a new station'], wm_hydrant: ['Đặt trụ nước mới', 'Drop a new hydrant'],
    wm_remove: ['Bỏ trạm, trụ hiện có (bấm lại để giữ)', 'Remove an existing station or hydrant (click again to keep it)'],
    w_centre_station: ['Thêm trạm ở tâm bản đồ', 'Add a station at the map centre'],
    w_centre_hydrant: ['Thêm trụ ở tâm bản đồ', 'Add a hydrant at the map centre'],
    w_kinds: ['Xe của trạm mới', 'Vehicles at the new station'],
    w_vehicle: ['Tính cho loại xe', 'Coverage of'], w_t1: ['Nhóm 1: trong (phút)', 'Class 1: within (min)'],
    w_t2: ['Nhóm 2: trong (phút)', 'Class 2: within (min)'],
    w_changes: ['Các thay đổi', 'Changes'], w_no_change: ['Chưa có thay đổi nào', 'No change yet'],
    w_stations: ['Trạm hiện có', 'Existing stations'], w_remove_st: ['Bỏ trạm {c}', 'Remove station {c}'],
    w_add_unit: ['Thêm xe', 'Add a vehicle'], w_unit_kind: ['Loại xe thêm cho {c}', 'Vehicle kind to add at {c}'],
    w_run: ['Tính tác động', 'Compute the effect'], w_clear: ['Xoá giả định', 'Clear the scenario'],
    w_running: ['Đang tính…', 'Computing…'], w_stale: ['Giả định đã thay đổi: bấm "Tính tác động" để cập nhật.', 'The scenario changed: press "Compute the effect" again.'],
    w_need: ['Hãy thêm hoặc bỏ ít nhất một trạm, xe hay trụ nước', 'Add or remove at least one station, vehicle or hydrant'],
    w_bad_t: ['Nhóm 2 phải dài hơn nhóm 1', 'Class 2 must be longer than class 1'],
    wc_add_station: ['Trạm mới {n} ({k}) tại {p}', 'New station {n} ({k}) at {p}'], wc_add_hydrant: ['Trụ nước mới {n} tại {p}', 'New hydrant {n} at {p}'],
    wc_remove_station: ['Bỏ trạm {c}', 'Remove station {c}'], wc_remove_hydrant: ['Bỏ trụ nước {c}', 'Remove hydrant {c}'],
    wc_add_unit: ['Thêm {k} tại {c}', 'Add a {k} at {c}'], w_undo: ['Bỏ thay đổi: {x}', 'Undo: {x}'],
    w_headline: ['{b} nhà chuyển sang nhóm tốt hơn, {w} nhà xấu đi; {f} nhà được xe tới nhanh hơn.',
      '{b} buildings move to a better class, {w} to a worse one; {f} are reached sooner.'],
    w_water: ['Nguồn nước: {g} nhà có thêm, {l} nhà mất.', 'Water: {g} buildings gain it, {l} lose it.'],
    w_class: ['Nhóm', 'Class'], w_before: ['Trước', 'Before'], w_after: ['Sau', 'After'], w_delta: ['Thay đổi', 'Change'],
    w_bp: ['{b} nhà · {p} người', '{b} bldgs · {p} people'],
    wk_t1: ['Trong {a} phút', 'Within {a} min'], wk_t2: ['{a}–{b} phút', '{a}–{b} min'], wk_beyond: ['Quá {b} phút', 'Beyond {b} min'],
    wk_unreachable: ['Xe không tới được', 'Not reachable'], wk_beyond_hose_reach: ['Ngoài tầm vòi ({h} m)', 'Beyond hose reach ({h} m)'],
    wk_no_water: ['Xa nguồn nước', 'Far from water'],
    w_wards: ['Theo phường, xã (thay đổi số nhà · số người)', 'By ward (change in buildings · people)'],
    w_ward: ['Phường, xã', 'Ward'], w_no_ward: ['Không phường, xã nào thay đổi', 'No ward changes'],
    w_show: ['Xem', 'Show'], w_ward_tip: ['{n}: {d}', '{n}: {d}'], w_ward_d: ['{c} {b} nhà', '{c} {b} bldgs'],
    w_legend_better: ['Phường có nhà chuyển sang nhóm tốt hơn', 'Ward with buildings moving to a better class'],
    w_legend_worse: ['Phường có nhà xấu đi', 'Ward with buildings moving to a worse class'],
    w_new_station: ['Trạm giả định {n}', 'Hypothetical station {n}'], w_new_hydrant: ['Trụ giả định {n}', 'Hypothetical hydrant {n}'],
    w_removed: ['Bỏ trong giả định: {c}', 'Removed in the scenario: {c}'],
  });
  const KINDS = ['engine', 'small_engine', 'ladder', 'tanker', 'motorbike', 'rescue'];
  const CLASSES = ['t1', 't2', 'beyond', 'unreachable'];
  const WARD_FILL = {'wi-better': '#2e7d32', 'wi-worse': '#c62828', 'wi-mixed': '#ef6c00'};
  const at = ll => `${ll.lat.toFixed(5)}, ${ll.lng.toFixed(5)}`;

  /* ctx: {map, res: PlanView.resources with stations and hydrants loaded}; the
   * panel's elements (#wi-...) are in planner.html. Returns {S, click, run, clear}. */
  function create(ctx) {
    const {map, res} = ctx;
    const S = {mode: 'probe', add_stations: [], add_hydrants: [], remove_stations: new Map(), remove_hydrants: new Map(),
               add_units: [], result: null, runs: 0, seq: 0, stale: false};
    const marks = L.layerGroup().addTo(map), wards = L.layerGroup().addTo(map);
    const svg = L.svg({padding: 0.5});
    const kindName = k => PlanView.kindName(k);

    /* --- the scenario's markers -------------------------------------------- */
    function icon(cls, html) { return L.divIcon({className: 'wi-icon ' + cls, html, iconSize: [24, 24], iconAnchor: [12, 12]}); }
    function addPoint(list, ll, extra) {
      const item = Object.assign({n: ++S.seq, ll}, extra);
      const isSt = list === S.add_stations;
      item.marker = L.marker(ll, {icon: icon(isSt ? 'wi-icon-station' : 'wi-icon-hydrant', isSt ? '+' : '●'), draggable: true, keyboard: true,
        title: t(isSt ? 'w_new_station' : 'w_new_hydrant', {n: item.n}), riseOnHover: true}).addTo(marks);
      item.marker.on('dragend', () => { item.ll = item.marker.getLatLng(); changed(); });
      item.marker.on('click', ev => { L.DomEvent.stopPropagation(ev); if (S.mode === 'remove') drop(list, item); });
      list.push(item);
      changed();
      return item;
    }
    function drop(list, item) {
      marks.removeLayer(item.marker);
      list.splice(list.indexOf(item), 1);
      changed();
    }
    function toggleRemove(map_, layer, label) {
      const id = layer.feature.id;
      if (map_.has(id)) { marks.removeLayer(map_.get(id).marker); map_.delete(id); } else {
        const marker = L.marker(layer.getLatLng(), {icon: icon('wi-icon-removed', '✕'), keyboard: false, interactive: true,
          title: t('w_removed', {c: label})}).addTo(marks);
        marker.on('click', ev => { L.DomEvent.stopPropagation(ev); toggleRemove(map_, layer, label); });
        map_.set(id, {id, label, marker});
      }
      changed();
    }
    const stLabel = f => f.properties.code || '#' + f.id;
    res.layers.stations.on('click', ev => {
      if (S.mode !== 'remove') return;
      L.DomEvent.stopPropagation(ev);
      toggleRemove(S.remove_stations, ev.layer, stLabel(ev.layer.feature));
    });
    res.layers.hydrants.on('click', ev => {
      if (S.mode !== 'remove') return;
      L.DomEvent.stopPropagation(ev);
      toggleRemove(S.remove_hydrants, ev.layer, ev.layer.feature.properties.code || '#' + ev.layer.feature.id);
    });

    /* A map click in a scenario mode: true when consumed (else the page probes). */
    function click(ll) {
      if (S.mode === 'station') { addPoint(S.add_stations, ll, {kinds: kinds()}); return true; }
      if (S.mode === 'hydrant') { addPoint(S.add_hydrants, ll); return true; }
      return S.mode === 'remove';
    }
    const kinds = () => { const k = [...document.querySelectorAll('#wi-kinds input:checked')].map(c => c.value); return k.length ? k : ['engine']; };

    /* --- the panel ------------------------------------------------------------ */
    function changes() {
      const items = [
        ...S.add_stations.map(x => [t('wc_add_station', {n: x.n, k: x.kinds.map(kindName).join(', '), p: at(x.ll)}), () => drop(S.add_stations, x), 'add-station']),
        ...S.add_hydrants.map(x => [t('wc_add_hydrant', {n: x.n, p: at(x.ll)}), () => drop(S.add_hydrants, x), 'add-hydrant']),
        ...[...S.remove_stations.values()].map(x => [t('wc_remove_station', {c: x.label}), () => { marks.removeLayer(x.marker); S.remove_stations.delete(x.id); changed(); }, 'remove-station']),
        ...[...S.remove_hydrants.values()].map(x => [t('wc_remove_hydrant', {c: x.label}), () => { marks.removeLayer(x.marker); S.remove_hydrants.delete(x.id); changed(); }, 'remove-hydrant']),
        ...S.add_units.map(x => [t('wc_add_unit', {k: kindName(x.kind), c: x.label}), () => { S.add_units.splice(S.add_units.indexOf(x), 1); changed(); }, 'add-unit']),
      ];
      $('#wi-changes').replaceChildren(...(items.length ? items.map(([text, undo, kind]) => el('li.wi-change', {'data-kind': kind},
        el('span', {text}), el('button.small', {type: 'button', 'aria-label': t('w_undo', {x: text}), text: '✕', onclick: undo})))
        : [el('li.none', {text: t('w_no_change')})]));
      document.querySelectorAll('#wi-stations input[data-station]').forEach(c => { c.checked = S.remove_stations.has(Number(c.dataset.station)); });
    }
    function changed() {
      changes();
      if (S.result) { S.stale = true; $('#wi-result').classList.add('stale'); msg($('#wi-msg'), t('w_stale')); }
    }
    function stations() {
      const rows = [];
      res.layers.stations.eachLayer(l => rows.push(l));
      rows.sort((a, b) => stLabel(a.feature).localeCompare(stLabel(b.feature)));
      $('#wi-stations').replaceChildren(el('ul.wi-stations', null, rows.map(l => {
        const f = l.feature, c = stLabel(f), id = 'wi-st-' + f.id;
        const sel = el('select', {'aria-label': t('w_unit_kind', {c})}, KINDS.map(k => el('option', {value: k, text: kindName(k)})));
        return el('li', null,
          el('input#' + id, {type: 'checkbox', 'data-station': f.id, checked: S.remove_stations.has(f.id),
            onchange: () => toggleRemove(S.remove_stations, l, c)}),
          el('label', {for: id, text: t('w_remove_st', {c})}), el('small', {text: ' ' + (f.properties.name || '')}), el('br'),
          sel, el('button.small', {type: 'button', onclick: () => { S.add_units.push({station_id: f.id, kind: sel.value, label: c}); changed(); }}, t('w_add_unit')));
      })));
    }

    /* --- running it ------------------------------------------------------------- */
    function body() {
      const b = {vehicle: $('#wi-vehicle').value, t1: Math.round(Number($('#wi-t1').value) * 60), t2: Math.round(Number($('#wi-t2').value) * 60)};
      const pos = ll => ({lon: Number(ll.lng.toFixed(7)), lat: Number(ll.lat.toFixed(7))});
      if (S.add_stations.length) b.add_stations = S.add_stations.map(x => Object.assign(pos(x.ll), {kinds: x.kinds}));
      if (S.add_hydrants.length) b.add_hydrants = S.add_hydrants.map(x => pos(x.ll));
      if (S.remove_stations.size) b.remove_stations = [...S.remove_stations.keys()];
      if (S.remove_hydrants.size) b.remove_hydrants = [...S.remove_hydrants.keys()];
      if (S.add_units.length) b.add_units = S.add_units.map(x => ({station_id: x.station_id, kind: x.kind}));
      return b;
    }
    async function run() {
      const m = $('#wi-msg'), b = body();
      if (Object.keys(b).length === 3) { msg(m, t('w_need'), 'error'); return; }
      if (!(b.t1 >= 1 && b.t2 > b.t1 && b.t2 <= 7200)) { msg(m, t('w_bad_t'), 'error'); $('#wi-t2').focus(); return; }
      msg(m, t('w_running'));
      $('#wi-run').disabled = true;
      try {
        const r = await api('POST', '/api/v1/coverage/what-if', b);
        S.result = r;
        S.runs++;
        S.stale = false;
        msg(m, '');
        render(r);
        await badges(r, b);
      } catch (e) { msg(m, e.message, 'error'); }
      finally { $('#wi-run').disabled = false; }
    }
    const sign = n => (n > 0 ? '+' : n < 0 ? '−' : '±') + Math.abs(n);
    function classLabel(k, o) {
      const a = +(o.t1_s / 60).toFixed(1), b = +(o.t2_s / 60).toFixed(1);
      return t('wk_' + k, {a, b, h: o.hose_reach_m});
    }
    /* Net class steps gained (better) and lost (worse) between two sums: the
     * net flow across each class boundary, summed (a building moving two
     * classes counts twice); sizes and colours the ward badges. */
    function moved(before, after) {
      let better = 0, worse = 0, cum = 0;
      for (const k of CLASSES.slice(0, -1)) { cum += after[k].buildings - before[k].buildings; if (cum > 0) better += cum; else worse -= cum; }
      return {better, worse};
    }
    function render(r) {
      const o = r.options;
      const bp = s => t('w_bp', {b: s.buildings, p: s.occupants});
      const rows = CLASSES.concat(['beyond_hose_reach', 'no_water']);
      const wardsChanged = (r.units || []);
      const deepest = Math.max(0, ...wardsChanged.map(u => u.level));
      const wardRows = wardsChanged.filter(u => u.level === deepest);
      $('#wi-result').classList.remove('stale');
      $('#wi-result').replaceChildren(
        el('p.wi-headline.stat-line', {text: t('w_headline', {b: r.buildings_better_class, w: r.buildings_worse_class, f: r.buildings_faster})}),
        el('p.hint', {text: t('w_water', {g: r.buildings_gaining_water, l: r.buildings_losing_water})}),
        el('table.data.wi-classes', null, el('caption', {text: kindName(o.vehicle)}),
          el('thead', null, el('tr', null, ['w_class', 'w_before', 'w_after', 'w_delta'].map(k => el('th', {scope: 'col', text: t(k)})))),
          el('tbody', null, rows.map(k => {
            const d = r.delta[k];
            return el('tr', {'data-class': k}, el('th', {scope: 'row', text: classLabel(k, o)}), el('td', {text: bp(r.before[k])}),
              el('td', {text: bp(r.after[k])}),
              el('td' + (d.buildings ? (((k === 't1') === (d.buildings > 0)) ? '.up' : '.down') : ''), {text: `${sign(d.buildings)} · ${sign(d.occupants)}`}));
          }))),
        el('h3', {text: t('w_wards')}),
        wardRows.length ? el('table.data.wi-wards', null,
          el('thead', null, el('tr', null, el('th', {scope: 'col', text: t('w_ward')}), CLASSES.map(k => el('th', {scope: 'col', text: classLabel(k, o)})), el('td'))),
          el('tbody', null, wardRows.map(u => el('tr', {'data-unit': u.code}, el('th', {scope: 'row', text: u.name}),
            CLASSES.map(k => {
              const db = u.after[k].buildings - u.before[k].buildings, dp = u.after[k].occupants - u.before[k].occupants;
              return el('td', {text: db || dp ? `${sign(db)} · ${sign(dp)}` : '—'});
            }),
            el('td', null, el('button.small', {type: 'button', 'data-unit': u.code, disabled: true, onclick: () => showWard(u.code)}, t('w_show')))))))
          : el('p.none', {text: t('w_no_ward')}));
    }
    const wardMarks = new Map();
    function showWard(code) { const mk = wardMarks.get(code); if (mk) { map.panTo(mk.getLatLng()); mk.openTooltip(); } }
    /* Ward badges at the centre of each changed ward's buildings in view. */
    async function badges(r, b) {
      wards.clearLayers();
      wardMarks.clear();
      const deepest = Math.max(0, ...(r.units || []).map(u => u.level));
      const changedW = (r.units || []).filter(u => u.level === deepest);
      if (!changedW.length) return;
      const bb = map.getBounds().pad(0.5);
      const box = [bb.getWest(), bb.getSouth(), bb.getEast(), bb.getNorth()].map(v => v.toFixed(5)).join(',');
      let fc;
      try { fc = await api('GET', `/api/v1/coverage?bbox=${box}&limit=5000&vehicle=${encodeURIComponent(b.vehicle)}`); } catch (e) { return; }
      const sum = new Map();
      for (const f of fc.features || []) {
        const c = f.properties.admin_unit, s = sum.get(c) || {x: 0, y: 0, n: 0};
        s.x += f.geometry.coordinates[0]; s.y += f.geometry.coordinates[1]; s.n++;
        sum.set(c, s);
      }
      for (const u of changedW) {
        const s = sum.get(u.code);
        if (!s) continue;
        const mv = moved(u.before, u.after);
        const cls = mv.better && !mv.worse ? 'wi-better' : mv.worse && !mv.better ? 'wi-worse' : 'wi-mixed';
        const mk = L.circleMarker([s.y / s.n, s.x / s.n], {renderer: svg, radius: Math.min(40, 10 + 2 * Math.sqrt(mv.better + mv.worse)), weight: 3,
          color: '#fff', fillColor: WARD_FILL[cls], fillOpacity: 0.85, className: 'wi-ward ' + cls})
          .bindTooltip(t('w_ward_tip', {n: u.name, d: CLASSES.map(k => [k, u.after[k].buildings - u.before[k].buildings])
            .filter(([, d]) => d).map(([k, d]) => t('w_ward_d', {c: classLabel(k, r.options), b: sign(d)})).join(', ')}),
          {permanent: true, direction: 'right', offset: [12, 0], className: 'wi-label'})
          .addTo(wards);
        wardMarks.set(u.code, mk);
        const btn = document.querySelector(`#wi-result button[data-unit="${CSS.escape(u.code)}"]`);
        if (btn) btn.disabled = false;
      }
    }
    function clear() {
      marks.clearLayers();
      wards.clearLayers();
      S.add_stations = [];
      S.add_hydrants = [];
      S.remove_stations.clear();
      S.remove_hydrants.clear();
      S.add_units = [];
      S.result = null;
      $('#wi-result').replaceChildren();
      msg($('#wi-msg'), '');
      changes();
    }

    /* --- wiring ------------------------------------------------------------------ */
    $('#wi-kinds').append(...KINDS.map(k => el('label.check', null,
      el('input', {type: 'checkbox', value: k, checked: k === 'engine'}), ' ', el('span', {'data-k': k, text: kindName(k)}))));
    $('#wi-vehicle').replaceChildren(...KINDS.map(k => el('option', {value: k, text: kindName(k)})));
    document.querySelectorAll('#wi-mode input').forEach(r => r.addEventListener('change', () => {
      S.mode = r.value;
      map.getContainer().classList.toggle('wi-placing', S.mode === 'station' || S.mode === 'hydrant');
      map.getContainer().classList.toggle('wi-removing', S.mode === 'remove');
    }));
    $('#wi-add-station').addEventListener('click', () => addPoint(S.add_stations, map.getCenter(), {kinds: kinds()}));
    $('#wi-add-hydrant').addEventListener('click', () => addPoint(S.add_hydrants, map.getCenter()));
    $('#wi-run').addEventListener('click', run);
    $('#wi-clear').addEventListener('click', clear);
    ['#wi-vehicle', '#wi-t1', '#wi-t2'].forEach(s => $(s).addEventListener('change', () => { if (S.result) changed(); }));
    PC.onLang(() => {
      document.querySelectorAll('#wi-kinds span[data-k]').forEach(s => { s.textContent = kindName(s.dataset.k); });
      [...$('#wi-vehicle').options].forEach(o => { o.textContent = kindName(o.value); });
      changes();
      stations();
      if (S.result) { render(S.result); badges(S.result, body()); }
    });
    stations();
    changes();
    return {S, click, run, clear};
  }

  return {create};
})();
